"""Consent and disclosure writes. ``disclosure_make`` is the one door records leave the program by."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.audit.context import current_request
from openiop.audit.services import audit_record

from .labels import labels_for
from .models import (
    Consent,
    ConsentKind,
    Disclosure,
    DisclosureMethod,
    ExpiryKind,
    InformationCategory,
    SignatureMethod,
    SignerRelationship,
)
from .selectors import consent_status, patient_today, treatment_ended_on
from .statements import NOTICE_FULL, REDISCLOSURE_TPO, REFUSAL_CONSEQUENCES, REVOCATION

TPO_RECIPIENTS = "My treating providers, health plans, third-party payers, and people helping to operate this program"
TPO_PURPOSE = "Treatment, payment and health care operations"
DOCUMENT_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def _text(value) -> str:
    return (value or "").strip()


def _check_document(field: str, upload) -> tuple[bytes, str, str] | None:
    if upload is None:
        return None
    if upload.content_type not in DOCUMENT_TYPES:
        raise ValidationError({field: f"Upload the signed form as {', '.join(DOCUMENT_TYPES.values())}."})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({field: "The file is larger than 5 MB; scan it at a lower resolution."})
    return upload.read(), upload.name[:200], upload.content_type


@transaction.atomic
def consent_record(
    *,
    acting_user,
    patient,
    kind: str,
    disclosing_party: str,
    information: list[str],
    information_detail: str,
    recipient_name: str,
    recipient_is_covered_entity: bool,
    purpose: str,
    expiry_kind: str,
    expires_on: date | None,
    expiry_event: str,
    signed_by_name: str,
    signer_relationship: str,
    signed_on: date,
    signature_method: str,
    document=None,
) -> Consent:
    """Record a signed consent; refuse it unless every element of 42 CFR 2.31(a) is there."""
    errors: dict[str, str] = {}
    if kind not in ConsentKind.values:
        errors["kind"] = f"Choose one of: {', '.join(ConsentKind.values)}."
    unknown = [value for value in information if value not in InformationCategory.values]
    if not information or unknown:
        errors["information"] = f"Choose what may be disclosed from: {', '.join(InformationCategory.values)}."
    elif kind == ConsentKind.COUNSELLING_NOTES and information != [InformationCategory.COUNSELLING_NOTES]:
        errors["information"] = "A counselling-notes consent covers SUD counselling notes only."
    elif kind != ConsentKind.COUNSELLING_NOTES and InformationCategory.COUNSELLING_NOTES in information:
        errors["information"] = "SUD counselling notes need their own, separate consent."
    if len(_text(information_detail)) < 10:
        errors["information_detail"] = "Describe the information specifically (e.g. 'attendance and drug screens')."
    for field, value, message in (
        ("disclosing_party", disclosing_party, "Name who may make the disclosure (e.g. this program)."),
        ("recipient_name", recipient_name, "Name the recipient, or the class of recipients."),
        ("purpose", purpose, "Give the purpose (e.g. 'at my request', or TPO)."),
        ("signed_by_name", signed_by_name, "Type the signer's full name."),
    ):
        if not _text(value):
            errors[field] = message
    if expiry_kind not in ExpiryKind.values:
        errors["expiry_kind"] = f"Choose one of: {', '.join(ExpiryKind.values)}."
    elif expiry_kind == ExpiryKind.DATE and (expires_on is None or expires_on < (signed_on or date.min)):
        errors["expires_on"] = "Give an expiry date on or after the date signed."
    elif expiry_kind == ExpiryKind.EVENT and not _text(expiry_event):
        errors["expiry_event"] = "Describe the event or condition on which the consent expires."
    elif expiry_kind == ExpiryKind.NONE and kind != ConsentKind.TPO:
        errors["expiry_kind"] = "Only a TPO consent may have no expiry; give a date, an event or end of treatment."
    if signer_relationship not in SignerRelationship.values:
        errors["signer_relationship"] = f"Choose one of: {', '.join(SignerRelationship.values)}."
    if signed_on is None or signed_on > patient_today(patient):
        errors["signed_on"] = "Give the date signed (not in the future)."
    if signature_method not in SignatureMethod.values:
        errors["signature_method"] = f"Choose one of: {', '.join(SignatureMethod.values)}."
    elif signature_method == SignatureMethod.UPLOADED and document is None:
        errors["document"] = "Upload the signed form."
    if errors:
        raise ValidationError(errors)
    stored = _check_document("document", document)
    versions = {s.key: s.version for s in (REVOCATION, REFUSAL_CONSEQUENCES)}
    if recipient_is_covered_entity:
        versions[REDISCLOSURE_TPO.key] = REDISCLOSURE_TPO.version
    meta = current_request.get()
    consent = Consent.objects.create(
        patient=patient,
        kind=kind,
        disclosing_party=_text(disclosing_party),
        information=list(dict.fromkeys(information)),
        information_detail=_text(information_detail),
        recipient_name=_text(recipient_name),
        recipient_is_covered_entity=recipient_is_covered_entity,
        purpose=_text(purpose),
        expiry_kind=expiry_kind,
        expires_on=expires_on if expiry_kind == ExpiryKind.DATE else None,
        expiry_event=_text(expiry_event) if expiry_kind == ExpiryKind.EVENT else "",
        signed_by_name=_text(signed_by_name),
        signer_relationship=signer_relationship,
        signed_on=signed_on,
        signature_method=signature_method,
        signed_ip=meta.source_ip if meta else "",
        document=stored[0] if stored else None,
        document_name=stored[1] if stored else "",
        document_type=stored[2] if stored else "",
        statement_versions=versions,
        recorded_by=acting_user,
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="consent",
        object_id=consent.pk,
        patient_id=patient.pk,
        detail={"kind": kind, "information": consent.information},
    )
    return consent


@transaction.atomic
def consent_revoke(*, acting_user, consent: Consent, revoked_on: date, revocation_text: str, document=None) -> Consent:
    """Record a written revocation; disclosures from ``revoked_on`` are refused."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_on is not None:
        raise ValidationError({"__all__": f"This consent was already revoked on {consent.revoked_on.isoformat()}."})
    errors = {}
    if revoked_on is None or revoked_on > patient_today(consent.patient) or revoked_on < consent.signed_on:
        errors["revoked_on"] = "Give the date of the written revocation (not before signing, not in the future)."
    if not _text(revocation_text) and document is None:
        errors["revocation_text"] = "A revocation must be in writing: copy the patient's words or upload it."
    if errors:
        raise ValidationError(errors)
    stored = _check_document("document", document)
    consent.revoked_on = revoked_on
    consent.revocation_text = _text(revocation_text)
    consent.revocation_recorded_by = acting_user
    if stored:
        consent.revocation_document, consent.revocation_document_name = stored[0], stored[1]
    consent.save()
    audit_record(
        user=acting_user,
        action="update",
        object_type="consent",
        object_id=consent.pk,
        patient_id=consent.patient_id,
        detail={"event": "revoked", "revoked_on": revoked_on.isoformat()},
    )
    return consent


def _may_release_counselling_notes(acting_user, patient) -> bool:
    from openiop.notes.models import CounsellingNote, NoteStatus
    from openiop.privacy.policy import counselling_note_readers_q

    if acting_user is None:
        return False
    readable = CounsellingNote.objects.filter(counselling_note_readers_q(acting_user), patient=patient)
    return readable.filter(status=NoteStatus.SIGNED).exists()


@transaction.atomic
def disclosure_make(
    *, acting_user, patient, consent: Consent, information: list[str], method: str, purpose: str = ""
) -> Disclosure:
    """Release records outside the program under ``consent``; refused, with the reason, unless the consent is
    in force today and covers the information and purpose. Logged for the accounting of disclosures."""
    # Read it afresh and lock it: a revocation recorded a moment ago must stop this release.
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.patient_id != patient.pk:
        raise ValidationError({"consent": "That consent is another patient's."})
    status = consent_status(consent, ended_on=treatment_ended_on(patient), today=patient_today(patient))
    if status != "active":
        when = consent.revoked_on.isoformat() if status == "revoked" else ""
        raise ValidationError({"consent": f"No disclosure: the consent is {status}{' since ' + when if when else ''}."})
    if method not in DisclosureMethod.values:
        raise ValidationError({"method": f"Choose one of: {', '.join(DisclosureMethod.values)}."})
    if not information:
        raise ValidationError({"information": "Choose the information to release."})
    outside = [value for value in information if value not in consent.information]
    if outside:
        labels = ", ".join(InformationCategory(value).label for value in outside if value in InformationCategory.values)
        raise ValidationError({"information": f"The consent does not cover: {labels or ', '.join(outside)}."})
    if InformationCategory.COUNSELLING_NOTES in information and not _may_release_counselling_notes(
        acting_user, patient
    ):
        raise ValidationError(
            {
                "information": "SUD counselling notes are released only by their author or the author's supervisor, "
                "and there is no signed counselling note of yours (or of staff you supervise) for this patient."
            }
        )
    purpose = _text(purpose) or consent.purpose
    if consent.kind != ConsentKind.TPO and purpose.lower() != consent.purpose.lower():
        raise ValidationError({"purpose": f"The consent allows this purpose only: {consent.purpose}."})
    programs = [e.program for e in patient.episodes.select_related("program")]
    labels = [label.code for label in labels_for(programs)]
    disclosure = Disclosure.objects.create(
        patient=patient,
        consent=consent,
        disclosed_at=timezone.now(),
        disclosed_by=acting_user,
        recipient_name=consent.recipient_name,
        purpose=purpose,
        information=list(dict.fromkeys(information)),
        method=method,
        notice_key=NOTICE_FULL.key,
        notice_version=NOTICE_FULL.version,
        security_labels=labels,
    )
    audit_record(
        user=acting_user,
        action="export",
        object_type="disclosure",
        object_id=disclosure.pk,
        patient_id=patient.pk,
        detail={"consent_id": consent.pk, "method": method, "information": disclosure.information, "labels": labels},
    )
    return disclosure
