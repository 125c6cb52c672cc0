"""The summary is drafted only for a discharged episode; signing needs the narrative, the recommendations
and the signer's own typed name; once signed, the summary and its aftercare plan never change."""

import pytest
from django.core.exceptions import ValidationError

from openiop.accounts.testing import signature_of
from openiop.audit.models import AuditEvent
from openiop.continuity import services
from openiop.continuity.models import AftercarePlan, DischargeSummary

from .builders import AFTERCARE, complete_draft, discharge, drafted_summary


def test_it_refuses_a_summary_for_an_active_episode_and_saves_nothing(patient_a, clinician_a):
    with pytest.raises(ValidationError) as error:
        services.discharge_summary_start(acting_user=clinician_a, episode=patient_a.episodes.get())
    assert "Discharge the episode first" in error.value.message_dict["__all__"][0]
    assert DischargeSummary.objects.count() == 0 and AftercarePlan.objects.count() == 0


def test_it_refuses_a_second_summary_for_one_episode(patient_a, clinician_a):
    episode = discharge(patient_a.episodes.get(), clinician_a)
    drafted_summary(episode, clinician=clinician_a)
    with pytest.raises(ValidationError):
        drafted_summary(episode, clinician=clinician_a)
    assert DischargeSummary.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "message"),
    [("clinician_narrative", "Write the clinician narrative"), ("recommendations", "Write the recommendations")],
)
def test_signing_refuses_a_missing_section_naming_it(patient_a, clinician_a, field, message):
    summary = complete_draft(
        drafted_summary(discharge(patient_a.episodes.get(), clinician_a), clinician=clinician_a), clinician=clinician_a
    )
    DischargeSummary.objects.filter(pk=summary.pk).update(**{field: ""})
    with pytest.raises(ValidationError) as error:
        services.discharge_summary_sign(
            acting_user=clinician_a,
            summary=summary,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        )
    assert message in error.value.message_dict[field][0]
    assert DischargeSummary.objects.get(pk=summary.pk).is_draft


def test_signing_refuses_someone_elses_name(patient_a, clinician_a):
    summary = complete_draft(
        drafted_summary(discharge(patient_a.episodes.get(), clinician_a), clinician=clinician_a), clinician=clinician_a
    )
    with pytest.raises(ValidationError) as error:
        services.discharge_summary_sign(
            acting_user=clinician_a, summary=summary, typed_name="Somebody Else", signature=signature_of(clinician_a)
        )
    assert clinician_a.get_full_name() in error.value.message_dict["typed_name"][0]
    assert DischargeSummary.objects.get(pk=summary.pk).signed_at is None


def test_aftercare_refuses_an_unknown_support_group_and_keeps_the_old_values(patient_a, clinician_a):
    summary = drafted_summary(discharge(patient_a.episodes.get(), clinician_a), clinician=clinician_a)
    services.aftercare_plan_update(acting_user=clinician_a, plan=summary.aftercare, **AFTERCARE)
    with pytest.raises(ValidationError) as error:
        services.aftercare_plan_update(
            acting_user=clinician_a,
            plan=summary.aftercare,
            **{**AFTERCARE, "next_provider_name": "Other", "support_groups": ["cult"]},
        )
    assert "support_groups" in error.value.message_dict
    assert AftercarePlan.objects.get(pk=summary.aftercare.pk).next_provider_name == "Riverbend Counseling"


def test_a_signed_summary_and_its_aftercare_plan_are_locked(patient_a, clinician_a):
    summary = complete_draft(
        drafted_summary(discharge(patient_a.episodes.get(), clinician_a), clinician=clinician_a), clinician=clinician_a
    )
    services.aftercare_plan_update(acting_user=clinician_a, plan=summary.aftercare, **AFTERCARE)
    signed = services.discharge_summary_sign(
        acting_user=clinician_a,
        summary=summary,
        typed_name=f"  {clinician_a.get_full_name().upper()} ",
        signature=signature_of(clinician_a),
    )
    assert (signed.status, signed.signed_by, signed.signed_at is not None) == ("signed", clinician_a, True)
    attempts = [
        lambda: services.discharge_summary_update(
            acting_user=clinician_a, summary=signed, medications="x", clinician_narrative="changed", recommendations="x"
        ),
        lambda: services.aftercare_plan_update(
            acting_user=clinician_a, plan=signed.aftercare, **{**AFTERCARE, "warning_signs": "changed"}
        ),
        lambda: services.discharge_summary_refresh(acting_user=clinician_a, summary=signed),
        lambda: services.discharge_summary_sign(
            acting_user=clinician_a,
            summary=signed,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "signed and locked" in error.value.messages[0]
    fresh = DischargeSummary.objects.get(pk=summary.pk)
    assert fresh.clinician_narrative == "Attended all phases; mood improved."
    assert fresh.aftercare.warning_signs == "Skipping meetings"
    assert AuditEvent.objects.filter(object_type="discharge_summary", detail__event="sign").count() == 1
