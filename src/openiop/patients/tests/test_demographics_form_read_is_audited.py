"""Opening the demographics form shows the whole identity and contact record, so it is an audited read.

The chart's overview tab shows the same data and is audited; the edit form must not be a quiet way round it.
"""

from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome


def test_opening_a_patients_demographics_form_is_audited_as_a_read_of_that_patient(patient_a, clinician_a, client_for):
    response = client_for(clinician_a).get(reverse("patients:edit", args=[patient_a.pk]))

    assert response.status_code == 200
    assert patient_a.legal_last_name in response.content.decode()
    reads = AuditEvent.objects.filter(
        user_id=clinician_a.pk, action="read", patient_id=patient_a.pk, outcome=Outcome.ALLOWED
    )
    assert reads.count() == 1
