"""Emergency access finds the patient by MRN and date of birth. A look-up that matches no one is an audited
denial (reason no_matching_patient); after a few in a short time the user's look-ups are refused for a while,
with a message saying so and an audited denial (reason rate_limited) — guessing MRNs and birthdays stops."""

from django.test import override_settings
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.privacy.models import BreakGlassAccess

from .test_break_glass_opens_one_chart_with_the_four_fields import _form


def _denials(user, reason):
    return AuditEvent.objects.filter(
        user_id=user.pk, outcome=Outcome.DENIED, object_type="break_glass", detail__reason=reason
    ).count()


def test_a_look_up_that_matches_no_one_is_audited(client_for, clinician_b, patient_a):
    response = client_for(clinician_b).post(
        reverse("privacy:break_glass"), _form(patient_a, date_of_birth="1900-01-01")
    )
    assert response.status_code == 200
    assert _denials(clinician_b, "no_matching_patient") == 1
    denial = AuditEvent.objects.get(user_id=clinician_b.pk, outcome=Outcome.DENIED)
    assert denial.patient_id is None and patient_a.mrn not in str(denial.detail)


@override_settings(OPENIOP_BREAK_GLASS_LOOKUP_LIMIT=3, OPENIOP_BREAK_GLASS_LOOKUP_WINDOW_MINUTES=15)
def test_too_many_failed_look_ups_lock_the_form_for_the_user_only(client_for, clinician_b, clinician_a, patient_a):
    client = client_for(clinician_b)
    for _ in range(3):
        client.post(reverse("privacy:break_glass"), _form(patient_a, mrn="M00000000"))
    assert _denials(clinician_b, "no_matching_patient") == 3

    # Even the right MRN and date of birth are refused now, with a message, and audited.
    response = client.post(reverse("privacy:break_glass"), _form(patient_a))
    assert response.status_code == 429
    assert "Too many emergency-access look-ups matched no patient" in response.content.decode()
    assert BreakGlassAccess.objects.count() == 0
    assert _denials(clinician_b, "rate_limited") == 1

    # Another clinician is not held up.
    other = client_for(clinician_a).post(reverse("privacy:break_glass"), _form(patient_a))
    assert other.status_code == 302 and BreakGlassAccess.objects.filter(user=clinician_a).count() == 1


@override_settings(OPENIOP_BREAK_GLASS_LOOKUP_LIMIT=3)
def test_successful_look_ups_do_not_count(client_for, clinician_b, patient_a):
    client = client_for(clinician_b)
    for _ in range(4):
        assert client.post(reverse("privacy:break_glass"), _form(patient_a)).status_code == 302
    assert BreakGlassAccess.objects.filter(user=clinician_b).count() == 4
