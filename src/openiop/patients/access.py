"""The one gate to a patient's record: role capability first, then program scoping. Both are audited."""

from openiop.accounts.access import require_capability
from openiop.privacy.lookups import refuse_missing

from .models import Patient


def patient_or_404(request, patient_id: int, capability: str, queryset=None) -> Patient:
    """The patient, if the user's role has ``capability`` and the patient is in one of the user's programs.

    Someone outside the patient's programs gets 404, the same as for a patient that does not exist, so the
    response does not reveal that the record exists.
    """
    require_capability(request, capability, object_type="patient", object_id=patient_id, patient_id=patient_id)
    base = queryset if queryset is not None else Patient.objects.all()
    patient = base.visible_to(request.user).filter(pk=patient_id).first()
    if patient is None:
        # Audited through the one refusal helper: reason "scope" (the record exists, out of the user's reach)
        # or "not_found"; the response is the same 404 either way.
        refuse_missing(
            request, Patient, patient_id, object_type="patient", patient_id=patient_id, capability=capability
        )
    return patient
