"""Pre-admission screening: six yes/no/unknown answers with notes, the clinician's outcome, which answers
point to a higher level (data with a source), and short screens ordered through the measures engine."""

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.intake import services
from openiop.intake.models import Screening, Stage
from openiop.intake.screening_rules import QUESTIONS, flagged
from openiop.intake.tests.factories import make_inquiry, new_patient_fields

pytestmark = pytest.mark.django_db

ALL_CLEAR = {q.key: {"answer": "no", "note": ""} for q in QUESTIONS} | {
    "stable_housing_and_support": {"answer": "yes", "note": ""},
    "can_attend_schedule": {"answer": "yes", "note": "Evenings"},
}


def test_every_screening_rule_names_its_source_and_a_confidence_tag():
    for question in QUESTIONS:
        assert "clinical-standards.md §2" in question.source
        assert question.confidence in {"C", "S", "U"}


def test_answers_that_point_higher_are_flagged_and_clear_answers_are_not():
    answers = dict(ALL_CLEAR) | {"needs_withdrawal_management": {"answer": "yes"}}
    assert [q.key for q in flagged(answers)] == ["needs_withdrawal_management"]
    assert flagged(ALL_CLEAR) == []


def test_recording_a_screening_moves_a_contacted_inquiry_to_screened(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.CONTACTED)
    screening = services.screening_record(acting_user=intake_a, inquiry=inquiry, answers=ALL_CLEAR, outcome="iop")
    inquiry.refresh_from_db()
    assert inquiry.stage == Stage.SCREENED
    assert screening.answers["can_attend_schedule"] == {"answer": "yes", "note": "Evenings"}


def test_a_referral_out_records_the_place_and_reason(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.CONTACTED)
    answers = dict(ALL_CLEAR) | {"needs_withdrawal_management": {"answer": "yes", "note": "Daily heavy use"}}
    screening = services.screening_record(
        acting_user=intake_a,
        inquiry=inquiry,
        answers=answers,
        outcome="higher",
        higher_level="withdrawal_management",
        referred_to="Valley Detox Center",
        referral_reason="Needs medically managed withdrawal first",
    )
    assert (screening.referred_to, screening.higher_level) == ("Valley Detox Center", "withdrawal_management")


@pytest.mark.parametrize(
    ("change", "field", "named"),
    [
        ({"answers": dict(ALL_CLEAR) | {"imminent_risk": {"answer": "maybe"}}}, "imminent_risk_answer", "unknown"),
        ({"outcome": "sideways"}, "outcome", "iop, higher, lower"),
        ({"outcome": "higher"}, "higher_level", "residential"),
        ({"referred_to": "Valley Detox"}, "referral_reason", "reason"),
    ],
)
def test_a_bad_screening_is_refused_naming_the_field_and_nothing_is_saved(program_a, intake_a, change, field, named):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.CONTACTED)
    before = (Screening.objects.count(), AuditEvent.objects.count())
    arguments = {"answers": ALL_CLEAR, "outcome": "iop"} | change
    with pytest.raises(ValidationError) as refused:
        services.screening_record(acting_user=intake_a, inquiry=inquiry, **arguments)
    assert named in refused.value.message_dict[field][0]
    assert (Screening.objects.count(), AuditEvent.objects.count()) == before
    inquiry.refresh_from_db()
    assert inquiry.stage == Stage.CONTACTED


def test_the_screening_page_shows_which_answers_point_higher_and_links_their_sources(client_for, intake_a, program_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.CONTACTED)
    page = client_for(intake_a).get(f"/intake/inquiries/{inquiry.pk}/screening/").content.decode()
    assert page.count('<span class="badge">points higher</span>') == sum(
        1 for q in QUESTIONS if q.direction == "higher"
    )
    assert "/intake/screening/sources/" in page
    assert "PPC-2R crosswalk" in client_for(intake_a).get("/intake/screening/sources/").content.decode()


def test_short_screens_need_a_patient_and_then_link_to_the_measures_engine(client_for, intake_a, program_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.CONTACTED)
    client = client_for(intake_a)
    page = client.get(f"/intake/inquiries/{inquiry.pk}/screening/").content.decode()
    assert "link the inquiry to a patient first" in page
    patient = services.inquiry_create_patient(acting_user=intake_a, inquiry=inquiry, **new_patient_fields())
    page = client.get(f"/intake/inquiries/{inquiry.pk}/screening/").content.decode()
    for name in ("PHQ-2", "PHQ-9", "GAD-7", "AUDIT-C", "DAST-10", "C-SSRS-Screener"):
        assert f"/patients/{patient.pk}/measures/record/{name}/" in page
    assert f"/patients/{patient.pk}/measures/link/?instrument=PHQ-9" in page
