"""Rules keep their sources as data (clinical-standards.md sections, confidence tags [C]/[S]/[U]) for developers
and the docs; pages for staff show the published reference in plain words (the ``plain_source`` filter)."""

import re

from django.template import Context, Template
from django.urls import reverse

from openiop.measures.models import SafetyAlert
from openiop.measures.tests.form_data import form_data

DEVELOPER_MARKS = re.compile(r"clinical-standards|\[[CSU](?:\]|[:;\s][^\]]*\])")


def _plain(text: str) -> str:
    return Template("{% load openiop %}{{ text|plain_source }}").render(Context({"text": text}))


def test_the_filter_drops_the_reference_section_and_the_confidence_tag():
    assert (
        _plain("clinical-standards.md §1.2.1: item 9 > 0 warrants immediate follow-up whatever the total [S]")
        == "item 9 &gt; 0 warrants immediate follow-up whatever the total"
    )
    assert _plain("clinical-standards.md §1.1, §1.2.10: Q4/Q5 yes or behaviour within 3 months [C]") == (
        "Q4/Q5 yes or behaviour within 3 months"
    )
    assert _plain("Risk ratings 0-4: ASAM Criteria 2013 pp. 54-58; clinical-standards.md §2.3 [C]") == (
        "Risk ratings 0-4: ASAM Criteria 2013 pp. 54-58"
    )
    assert _plain("Kroenke K et al. 2001 (clinical-standards.md §1.2.1)") == "Kroenke K et al. 2001"
    assert _plain("the 4th edition removed Readiness [S]; the other five names are probable [U]") == (
        "the 4th edition removed Readiness; the other five names are probable"
    )
    assert _plain("Q3 yes [C principle; mapping S]") == "Q3 yes"


def test_the_safety_alert_page_shows_no_developer_citation(patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)
    browser.post(reverse("measures:record", args=[patient_a.pk, "PHQ-9"]), form_data("PHQ-9", [0] * 8 + [2]))
    alert = SafetyAlert.objects.get()

    page = browser.get(reverse("measures:alert", args=[alert.pk])).content.decode()

    assert "item 9" in page
    assert DEVELOPER_MARKS.findall(page) == []


def test_the_placement_page_shows_no_developer_citation(patient_a, clinician_a, client_for):
    page = client_for(clinician_a).get(reverse("intake:placement", args=[patient_a.pk])).content.decode()

    assert "ASAM Criteria 2013" in page
    assert DEVELOPER_MARKS.findall(page) == []
