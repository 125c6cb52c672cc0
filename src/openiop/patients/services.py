import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from openiop.audit.services import audit_record
from openiop.core.validation import check_names

from .models import Patient
from .mrn import generate_mrn

# Demographic fields a form may set; the MRN is always generated.
DEMOGRAPHIC_FIELDS = (
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex_assigned_at_birth",
    "gender_identity",
    "pronouns",
    "phone",
    "email",
    "address_line",
    "city",
    "state",
    "postal_code",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "emergency_contact_phone",
)


# People's names among them: checked by core.validation (a letter, no text-direction controls).
NAME_FIELDS = ("legal_first_name", "legal_last_name", "preferred_name", "emergency_contact_name")


def _demographics(data: dict) -> dict:
    unknown = set(data) - set(DEMOGRAPHIC_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown patient fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    check_names(errors, **{field: data[field] for field in NAME_FIELDS if field in data})
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def patient_register(*, acting_user, program, referral_source: int, status: str, track=None, **demographics):
    """Create a patient with a first (planned or waitlisted) episode in one of the user's programs."""
    from openiop.episodes.services import episode_create

    if program.pk not in acting_user.program_ids:
        raise ValidationError({"program": f"You do not work in {program.name}."})
    fields = _demographics(demographics)
    patient = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                patient = Patient.objects.create(mrn=generate_mrn(random.SystemRandom()), **fields)
            break
        except IntegrityError:
            continue  # MRN collision; draw another
    if patient is None:
        raise RuntimeError("could not draw a free MRN after 5 attempts")
    audit_record(user=acting_user, action="create", object_type="patient", object_id=patient.pk, patient_id=patient.pk)
    episode = episode_create(
        acting_user=acting_user,
        patient=patient,
        program=program,
        referral_source=referral_source,
        status=status,
        track=track,
    )
    return patient, episode


@transaction.atomic
def patient_update(*, acting_user, patient: Patient, **demographics) -> Patient:
    fields = _demographics(demographics)
    changed = sorted(name for name, value in fields.items() if getattr(patient, name) != value)
    for name in changed:
        setattr(patient, name, fields[name])
    patient.full_clean()
    patient.save()
    # Field names only: the values are PHI and stay out of the audit detail.
    audit_record(
        user=acting_user,
        action="update",
        object_type="patient",
        object_id=patient.pk,
        patient_id=patient.pk,
        detail={"fields": changed},
    )
    return patient
