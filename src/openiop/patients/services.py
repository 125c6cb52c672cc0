import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from openiop.audit.services import audit_record
from openiop.core.validation import check_names

from .duplicates import likely_duplicates
from .models import DuplicateDecision, Patient, PatientMerge
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


class PossibleDuplicate(ValidationError):
    """Likely duplicates of the person being registered were found; ``candidates`` lists (patient, reasons)."""

    def __init__(self, candidates):
        self.candidates = candidates
        super().__init__(
            {
                "different_person_reason": (
                    f"{len(candidates)} existing patient record(s) may be this person. Open the record if it is "
                    "them; if this is a different person, say why (e.g. 'different middle name and address; "
                    "confirmed by phone')."
                )
            }
        )


def _check_duplicates(acting_user, fields: dict, different_person_reason: str):
    """All patients are searched, not just the user's programs: a duplicate elsewhere is still a duplicate
    (the page shows the user only those they may see). Returns the candidates and the reason given."""
    candidates = likely_duplicates(
        first_name=fields.get("legal_first_name", ""),
        last_name=fields.get("legal_last_name", ""),
        date_of_birth=fields.get("date_of_birth"),
        phone=fields.get("phone", ""),
        email=fields.get("email", ""),
    )
    reason = " ".join((different_person_reason or "").split())
    if candidates and not reason:
        raise PossibleDuplicate(candidates)
    return candidates, reason


@transaction.atomic
def patient_register(
    *,
    acting_user,
    program,
    referral_source: int,
    status: str,
    track=None,
    different_person_reason: str = "",
    **demographics,
):
    """Create a patient with a first (planned or waitlisted) episode in one of the user's programs.

    Likely duplicates (patients.duplicates) refuse the registration (PossibleDuplicate) unless the user says
    why this is a different person; that decision is kept (DuplicateDecision) and audited."""
    from openiop.episodes.services import episode_create

    if program.pk not in acting_user.program_ids:
        raise ValidationError({"program": f"You do not work in {program.name}."})
    fields = _demographics(demographics)
    candidates, reason = _check_duplicates(acting_user, fields, different_person_reason)
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
    if candidates:
        decision = DuplicateDecision.objects.create(
            patient=patient, candidate_ids=[p.pk for p, _ in candidates], reason=reason[:300], decided_by=acting_user
        )
        audit_record(
            user=acting_user,
            action="create",
            object_type="duplicate_decision",
            object_id=decision.pk,
            patient_id=patient.pk,
            detail={"candidate_ids": decision.candidate_ids},
        )
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


# ---- merging a duplicate that slipped through ----

MERGE_ROLES = ("privacy_officer", "sysadmin")


def _patient_references():
    """Every foreign key to Patient in every installed app, found from the models (so a new app's are included),
    except the merge bookkeeping itself."""
    for relation in Patient._meta.related_objects:
        if relation.related_model in (Patient, PatientMerge):
            continue
        if relation.many_to_many:
            raise RuntimeError(f"{relation.related_model._meta.label} has a many-to-many to Patient; merge it first")
        yield relation.related_model, relation.field


def merge_preview(*, keep: Patient, duplicate: Patient) -> dict[str, list[int]]:
    """What a merge would move: {"app_label.Model.field": [ids]} of the rows pointing at the duplicate."""
    moved = {}
    for model, field in _patient_references():
        ids = list(model._base_manager.filter(**{field.name: duplicate}).order_by("pk").values_list("pk", flat=True))
        if ids:
            moved[f"{model._meta.label}.{field.name}"] = ids
    return moved


def _check_merge(acting_user, keep: Patient, duplicate: Patient, reason: str) -> str:
    from openiop.episodes.models import OPEN_STATUSES, Episode

    if getattr(acting_user, "role", "") not in MERGE_ROLES:
        raise ValidationError({"__all__": "Only the privacy officer or an administrator merges patient records."})
    errors = {}
    if keep.pk == duplicate.pk:
        errors["duplicate_mrn"] = "Choose two different records."
    for field, patient in (("keep_mrn", keep), ("duplicate_mrn", duplicate)):
        if patient.merged_into_id is not None:
            errors[field] = f"{patient.mrn} was already merged into another record."
    reason = " ".join((reason or "").split())
    if not reason:
        errors["reason"] = "Say why these are the same person (e.g. 'same person, DOB typo corrected at intake')."
    if not errors:
        clash = (
            Episode.objects.filter(patient=keep, status__in=OPEN_STATUSES)
            .filter(program__in=Episode.objects.filter(patient=duplicate, status__in=OPEN_STATUSES).values("program"))
            .select_related("program")
            .first()
        )
        if clash is not None:
            errors["__all__"] = (
                f"Both records have an open episode in {clash.program.name}; cancel or discharge one of them first."
            )
    if errors:
        raise ValidationError(errors)
    return reason


@transaction.atomic
def patient_merge(*, acting_user, keep: Patient, duplicate: Patient, reason: str) -> PatientMerge:
    """Merge ``duplicate`` into ``keep``: every row of every app that points at the duplicate moves to the kept
    record, the manifest of moved rows is stored (PatientMerge.moved) so it can be undone, the duplicate is
    marked merged (its pages redirect to the kept chart for those who may see it, "not found" otherwise), and
    both records' audit trails get the event. A restricted duplicate makes the kept record restricted."""
    keep = Patient.objects.select_for_update().get(pk=keep.pk)
    duplicate = Patient.objects.select_for_update().get(pk=duplicate.pk)
    reason = _check_merge(acting_user, keep, duplicate, reason)
    moved = merge_preview(keep=keep, duplicate=duplicate)
    for model, field in _patient_references():
        label = f"{model._meta.label}.{field.name}"
        if label not in moved:
            continue
        try:
            with transaction.atomic():
                model._base_manager.filter(pk__in=moved[label]).update(**{field.name: keep})
        except IntegrityError as error:
            raise ValidationError(
                {"__all__": f"Both records have {model._meta.verbose_name_plural} that cannot be combined: {error}."}
            ) from error
    merge = PatientMerge.objects.create(
        kept=keep,
        merged=duplicate,
        reason=reason[:300],
        moved=moved,
        kept_was_restricted=keep.is_restricted,
        merged_by=acting_user,
    )
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    if duplicate.is_restricted and not keep.is_restricted:
        keep.is_restricted = True
        keep.save(update_fields=["is_restricted", "updated_at"])
    counts = {label: len(ids) for label, ids in moved.items()}
    for patient_id in (keep.pk, duplicate.pk):
        audit_record(
            user=acting_user,
            action="update",
            object_type="patient_merge",
            object_id=merge.pk,
            patient_id=patient_id,
            detail={"kept_id": keep.pk, "merged_id": duplicate.pk, "moved": counts},
        )
    return merge


@transaction.atomic
def patient_unmerge(*, acting_user, merge: PatientMerge) -> Patient:
    """Undo a merge from its manifest: the rows that moved go back to the duplicate record, which is no longer
    marked merged. Rows added to the kept record since stay with it."""
    if getattr(acting_user, "role", "") not in MERGE_ROLES:
        raise ValidationError({"__all__": "Only the privacy officer or an administrator undoes a merge."})
    from django.apps import apps

    if merge.undone_at is not None:
        raise ValidationError({"__all__": "This merge was already undone."})
    duplicate = Patient.objects.select_for_update().get(pk=merge.merged_id)
    for label, ids in merge.moved.items():
        app_model, field_name = label.rsplit(".", 1)
        model = apps.get_model(app_model)
        model._base_manager.filter(pk__in=ids, **{field_name: merge.kept_id}).update(**{field_name: duplicate})
    duplicate.merged_into = None
    duplicate.save(update_fields=["merged_into", "updated_at"])
    if not merge.kept_was_restricted and duplicate.is_restricted:
        Patient.objects.filter(pk=merge.kept_id).update(is_restricted=False)
    for patient_id in (merge.kept_id, duplicate.pk):
        audit_record(
            user=acting_user,
            action="update",
            object_type="patient_unmerge",
            object_id=merge.pk,
            patient_id=patient_id,
            detail={"kept_id": merge.kept_id, "merged_id": duplicate.pk},
        )
    from django.utils import timezone

    merge.undone_at, merge.undone_by = timezone.now(), acting_user
    merge.save(update_fields=["undone_at", "undone_by"])
    return duplicate
