"""The clinic's MAT administration log: only under an active order, by a nurse or prescriber, at the
ordered dose unless a reason is given; injectables need a lot number and a site."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openiop.audit.models import AuditEvent
from openiop.medications.models import MatAdministration
from openiop.medications.services import mat_administration_record, mat_order_create, mat_order_stop


def _give(user, order, **overrides):
    fields = dict(
        given_at=timezone.now() - timedelta(minutes=5),
        outcome="given",
        given_by=user,
        observed=True,
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
    )
    fields.update(overrides)
    return mat_administration_record(acting_user=user, order=order, **fields)


def test_a_nurse_records_the_ordered_dose_observed_and_it_is_audited(nurse_a, bup_order):
    given = _give(nurse_a, bup_order)
    assert (given.dose_label, given.observed, given.patient_id) == ("16 mg", True, bup_order.patient_id)
    assert AuditEvent.objects.filter(object_type="mat_administration", object_id=str(given.pk)).exists()


def test_a_dose_that_differs_from_the_order_is_refused_without_a_reason_and_kept_with_one(nurse_a, bup_order):
    with pytest.raises(ValidationError) as refused:
        _give(nurse_a, bup_order, dose_amount="12")
    assert "16 mg" in refused.value.message_dict["dose_difference_reason"][0]
    assert MatAdministration.objects.count() == 0
    given = _give(nurse_a, bup_order, dose_amount="12", dose_difference_reason="Prescriber reduced by phone")
    assert given.dose_difference_reason == "Prescriber reduced by phone"


def test_there_is_no_dose_without_an_active_order(nurse_a, prescriber_a, bup_order, today):
    with pytest.raises(ValidationError) as refused:
        _give(nurse_a, None)
    assert "order" in refused.value.message_dict
    mat_order_stop(acting_user=prescriber_a, order=bup_order, stopped_on=today, reason="Completed taper")
    with pytest.raises(ValidationError) as refused:
        _give(nurse_a, bup_order)
    assert "stopped" in refused.value.message_dict["order"][0]
    assert MatAdministration.objects.count() == 0


def test_only_a_nurse_or_prescriber_of_the_program_gives_a_dose(nurse_a, clinician_a, make_user, program_b, bup_order):
    for giver in (clinician_a, make_user("nurse", [program_b])):
        with pytest.raises(ValidationError) as refused:
            _give(nurse_a, bup_order, given_by=giver)
        assert "given_by" in refused.value.message_dict
    assert MatAdministration.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"route": "oral"}, "route"),
        ({"dose_amount": "-1"}, "dose_amount"),
        ({"outcome": "spilled"}, "outcome"),
        ({"given_at": timezone.now() + timedelta(days=1)}, "given_at"),
        ({"outcome": "missed", "dose_amount": None}, "not_given_reason"),
        ({"outcome": "refused", "not_given_reason": "Declined"}, "dose_amount"),
    ],
)
def test_it_refuses_bad_entries_naming_the_field(nurse_a, bup_order, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _give(nurse_a, bup_order, **overrides)
    assert field in refused.value.message_dict
    assert MatAdministration.objects.count() == 0


def test_a_missed_dose_is_logged_with_its_reason_and_no_dose(nurse_a, bup_order):
    missed = _give(nurse_a, bup_order, outcome="missed", dose_amount=None, not_given_reason="Did not attend")
    assert (missed.dose_amount, missed.not_given_reason) == (None, "Did not attend")


def test_an_injection_needs_its_lot_number_and_site(nurse_a, prescriber_a, patient_a, episode_a, today, allergies_a):
    order = mat_order_create(
        acting_user=prescriber_a,
        patient=patient_a,
        episode=episode_a,
        medication="naltrexone_xr_injection",
        dose_amount="380",
        dose_unit="mg",
        route="im_injection",
        frequency="monthly",
        indication="aud",
        prescriber=prescriber_a,
        started_on=today - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as refused:
        _give(nurse_a, order, dose_amount="380", route="im_injection")
    assert {"lot_number", "injection_site"} <= set(refused.value.message_dict)
    given = _give(
        nurse_a, order, dose_amount="380", route="im_injection", lot_number="L123", injection_site="Right gluteal"
    )
    assert (given.lot_number, given.injection_site) == ("L123", "Right gluteal")
