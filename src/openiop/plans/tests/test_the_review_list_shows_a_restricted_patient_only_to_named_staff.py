"""The plan-review list goes through the access policy: a restricted record (e.g. a staff member who is also a
patient) is not on it for staff the privacy officer did not name; the named staff see it."""

from django.urls import reverse

from openiop.plans.models import TreatmentPlan
from openiop.privacy.services import patient_restrict

from .builders import complete_plan, sign_all


def test_a_restricted_patients_plan_review_shows_only_to_named_staff(
    client_for, clinician_a, director_a, privacy_officer, patient_a
):
    plan = sign_all(
        complete_plan(patient_a.episodes.get(), acting_user=clinician_a), clinician=clinician_a, supervisor=director_a
    )
    # Signed a year ago: overdue, so on the list whatever the horizon.
    TreatmentPlan.objects.filter(pk=plan.pk).update(signed_on=plan.signed_on.replace(year=plan.signed_on.year - 1))
    url = reverse("plans:reviews") + "?scope=all"
    assert "Quinlan" in client_for(clinician_a).get(url).content.decode()

    patient_restrict(acting_user=privacy_officer, patient=patient_a, allowed_users=[director_a], reason="Staff")

    assert "Quinlan" not in client_for(clinician_a).get(url).content.decode()
    assert "Quinlan" in client_for(director_a).get(url).content.decode()
