"""Staff see plain words on the screening form: no developer citations (clinical-standards.md §…), no confidence
tags ([C], [S], [U]) and not the old "Level II" term. Where each rule comes from is one help link away."""

import re

import pytest
from django.urls import reverse

from openiop.intake.models import Stage
from openiop.intake.screening_rules import QUESTIONS
from openiop.intake.tests.factories import make_inquiry

pytestmark = pytest.mark.django_db

DEVELOPER_MARKS = re.compile(r"clinical-standards|\[[CSU]\]|Level II\b|docest")


def test_the_screening_form_shows_no_citations_tags_or_level_ii(program_a, intake_a, client_for):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.CONTACTED)

    page = client_for(intake_a).get(reverse("intake:screening", args=[inquiry.pk])).content.decode()

    assert DEVELOPER_MARKS.findall(page) == []
    assert all(question.text in page for question in QUESTIONS)
    assert reverse("intake:screening_sources") in page


def test_the_help_page_names_each_rules_source_and_how_sure_it_is(intake_a, client_for):
    page = client_for(intake_a).get(reverse("intake:screening_sources")).content.decode()

    assert "PPC-2R" in page
    assert all(question.text in page for question in QUESTIONS)
    assert "Confirmed in the published source" in page
    assert re.findall(r"\[[CSU]\]", page) == []


def test_the_help_page_is_for_intake_staff_only(front_desk_a, client_for):
    assert client_for(front_desk_a).get(reverse("intake:screening_sources")).status_code == 403
