"""Consent and disclosure writes. ``disclosure_make`` is the one door records leave the program by."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openiop.audit.context import current_request
from openiop.audit.models import Outcome
from openiop.audit.services import audit_record
from openiop.core.uploads import sniff_type

from .labels import labels_for_patient
from .models import (
    Consent,
    ConsentKind,
    Disclosure,
    DisclosureMethod,
    ExpiryKind,
    InformationCategory,
    OutsideParty,
    SignatureMethod,
    SignerRelationship,
    TpoPurpose,
)
from .packet import RENDERERS
from .selectors import consent_status, patient_today, treatment_ended_on
from .statements import NOTICE_FULL, REDISCLOSURE_TPO, REFUSAL_CONSEQUENCES, REVOCATION
from .tokens import token_new

TPO_RECIPIENTS = "My treating providers, health plans, third-party payers, and people helping to operate this program"
TPO_PURPOSE = "Treatment, payment and health care operations"
DOCUMENT_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def _text(value) -> str:
    return (value or "").strip()


def _check_document(field: str, upload) -> tuple[bytes, str, str] | None:
    if upload is None:
        return None
    *first, last = DOCUMENT_TYPES.values()
    allowed = f"{', '.join(first)} or {last}"
    if upload.content_type not in DOCUMENT_TYPES:
        raise ValidationError({field: f"Upload the signed form as {allowed}."})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({field: "The file is larger than 5 MB; scan it at a lower resolution."})
    content = upload.read()
    # The declared type is the browser's guess (or the sender's lie): the bytes decide, and are kept as that.
    real_type = sniff_type(content[:16])
    if real_type not in DOCUMENT_TYPES:
        raise ValidationError({field: f"This file is not a {allowed}; upload the signed form as {allowed}."})
    return content, upload.name[:200], real_type


@transaction.atomic
def _recording_program_id(acting_user, patient) -> int | None:
    """The program a consent is recorded under: the patient's open episode in the user's programs, else the
    newest one there (decision 0009: records follow the program that made them)."""
    from openiop.episodes.models import OPEN_STATUSES, Episode

    rows = list(
        Episode.objects.filter(patient=patient, program_id__in=acting_user.program_ids)
        .order_by("-pk")
        .values_list("program_id", "status")
    )
    return next((p for p, status in rows if status in OPEN_STATUSES), rows[0][0] if rows else None)


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
        program_id=_recording_program_id(acting_user, patient),
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


def consent_names_party(consent: Consent, party: OutsideParty) -> bool:
    """The consent's recipient is this outside party: named (case aside), or the class a TPO consent names
    when the party is registered as a TPO recipient (treating provider, health plan, payer)."""
    named = consent.recipient_name.strip().casefold() == party.name.strip().casefold()
    return named or (consent.kind == ConsentKind.TPO and party.receives_under_tpo)


@transaction.atomic
def disclosure_make(
    *,
    acting_user,
    patient,
    consent: Consent,
    information: list[str],
    method: str,
    purpose: str = "",
    outside_party: OutsideParty | None = None,
) -> Disclosure:
    """Release records outside the program under ``consent``; refused, with the reason, unless the consent is
    in force today and covers the recipient, the information and the purpose. Logged for the accounting of
    disclosures.

    Staff release records as ``acting_user`` (printed, PDF, export). An outside party's system takes them
    itself through the API: ``acting_user`` is None and ``outside_party`` the registered party.
    """
    if (acting_user is None) == (outside_party is None):
        raise ValueError("A disclosure is made by a staff member or by an outside party's system, exactly one.")
    # Read it afresh and lock it: a revocation recorded a moment ago must stop this release.
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.patient_id != patient.pk:
        raise ValidationError({"consent": "That consent is another patient's."})
    if outside_party is not None:
        # Afresh too: a deactivation a moment ago must stop it.
        outside_party = OutsideParty.objects.get(pk=outside_party.pk)
        if not outside_party.is_active:
            raise ValidationError({"outside_party": "This outside party was deactivated by the privacy officer."})
        if not consent_names_party(consent, outside_party):
            raise ValidationError({"consent": "The consent does not name this recipient."})
    status = consent_status(consent, ended_on=treatment_ended_on(patient), today=patient_today(patient))
    if status != "active":
        when = consent.revoked_on.isoformat() if status == "revoked" else ""
        raise ValidationError({"consent": f"No disclosure: the consent is {status}{' since ' + when if when else ''}."})
    if method not in DisclosureMethod.values:
        raise ValidationError({"method": f"Choose one of: {', '.join(DisclosureMethod.values)}."})
    if (method == DisclosureMethod.API) != (outside_party is not None):
        raise ValidationError(
            {"method": "Only an outside party's own registered system takes records through the API."}
            if outside_party is None
            else {"method": "An outside party's system takes records through the API only."}
        )
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
    if consent.kind == ConsentKind.TPO and outside_party is not None:
        # A system asking under a TPO consent says which of the three TPO purposes it asks for.
        if purpose not in TpoPurpose.values:
            raise ValidationError(
                {"purpose": f"A TPO consent covers these purposes only: {', '.join(TpoPurpose.values)}."}
            )
        purpose = TpoPurpose(purpose).label
    elif consent.kind != ConsentKind.TPO and purpose.lower() != consent.purpose.lower():
        raise ValidationError({"purpose": f"The consent allows this purpose only: {consent.purpose}."})
    labels = [label.code for label in labels_for_patient(patient)]
    disclosure = Disclosure.objects.create(
        patient=patient,
        consent=consent,
        disclosed_at=timezone.now(),
        disclosed_by=acting_user,
        outside_party=outside_party,
        recipient_name=outside_party.name if outside_party else consent.recipient_name,
        purpose=purpose,
        information=list(dict.fromkeys(information)),
        method=method,
        notice_key=NOTICE_FULL.key,
        notice_version=NOTICE_FULL.version,
        security_labels=labels,
    )
    detail = {"consent_id": consent.pk, "method": method, "information": disclosure.information, "labels": labels}
    if outside_party is not None:
        detail["outside_party_id"] = outside_party.pk
    audit_record(
        user=acting_user,
        action="export",
        object_type="disclosure",
        object_id=disclosure.pk,
        patient_id=patient.pk,
        detail=detail,
    )
    return disclosure


# ---- outside parties' systems (API) -------------------------------------------------------------------

# What an outside system may ask for: the categories the packet renders (SUD counselling notes are never
# released through the API; they need their own consent and a person to release them).
API_INFORMATION = tuple(value for value in InformationCategory.values if value in RENDERERS)
NOT_FOUND = "No patient with this MRN and date of birth has a consent naming you as recipient."


class DisclosureRefused(Exception):
    """An outside system's request refused: ``not_found`` reveals nothing about the patient; ``refused``
    says which element of the consent stops it (``field``) and what it allows (``allowed``)."""

    def __init__(self, *, kind: str, field: str, detail: str, allowed: list[str] | None = None):
        super().__init__(detail)
        self.kind, self.field, self.detail, self.allowed = kind, field, detail, allowed


def outside_refusal_record(*, outside_party: OutsideParty | None, reason: str, patient_id: int | None = None, **detail):
    """Audit one refused request of an outside system (outcome denied). Ids and codes only."""
    audit_record(
        user=None,
        action="export",
        object_type="outside_disclosure",
        object_id=outside_party.pk if outside_party else "",
        patient_id=patient_id,
        outcome=Outcome.DENIED,
        detail={"outside_party_id": outside_party.pk if outside_party else None, "reason": reason, **detail},
    )


def _consents_naming(patient, party: OutsideParty) -> list[Consent]:
    """Consents whose recipient may be this party: those naming it first, then TPO consents; newest first."""
    names_it = Q(recipient_name__iexact=party.name.strip())
    matches = Consent.objects.filter(patient=patient).filter(
        names_it | Q(kind=ConsentKind.TPO) if party.receives_under_tpo else names_it
    )
    consents = [c for c in matches.defer("document", "revocation_document") if consent_names_party(c, party)]
    return sorted(consents, key=lambda c: (c.kind == ConsentKind.TPO, -c.signed_on.toordinal(), -c.pk))


def outside_disclosure_make(
    *, outside_party: OutsideParty, mrn: str, date_of_birth: date, information: list[str], purpose: str
) -> Disclosure:
    """An outside party's system asks for a patient's records: found by MRN and date of birth among the
    programs it is registered for, released through ``disclosure_make`` under the first consent naming it
    that covers the request, else refused (and audited) with the reason.

    A patient who does not exist, is outside its programs or has no consent naming it gets the same answer,
    so the API tells a system nothing about people who never consented to it.
    """
    from openiop.episodes.models import Episode
    from openiop.patients.models import Patient

    patient = Patient.objects.filter(mrn=_text(mrn).upper(), date_of_birth=date_of_birth).first()
    in_programs = (
        patient is not None
        and Episode.objects.filter(patient=patient, program__in=outside_party.programs.all()).exists()
    )
    consents = _consents_naming(patient, outside_party) if in_programs else []
    if not consents:
        reason = "unknown_patient" if patient is None else "outside_programs" if not in_programs else "no_consent"
        outside_refusal_record(
            outside_party=outside_party, reason=reason, patient_id=patient.pk if patient else None, field="patient"
        )
        raise DisclosureRefused(kind="not_found", field="patient", detail=NOT_FOUND)
    refusals: list[tuple[Consent, str, str]] = []
    for consent in consents:
        try:
            with transaction.atomic():
                return disclosure_make(
                    acting_user=None,
                    outside_party=outside_party,
                    patient=patient,
                    consent=consent,
                    information=information,
                    method=DisclosureMethod.API,
                    purpose=purpose,
                )
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            refusals.append((consent, field, messages[0]))
    # The most useful reason: from a consent in force (information or purpose) before "revoked"/"expired".
    consent, field, detail = min(refusals, key=lambda refusal: refusal[1] == "consent")
    outside_refusal_record(
        outside_party=outside_party, reason=field, patient_id=patient.pk, field=field, consent_id=consent.pk
    )
    raise DisclosureRefused(kind="refused", field=field, detail=detail, allowed=_allowed(consent, field))


def _allowed(consent: Consent, field: str) -> list[str] | None:
    if field == "information":
        return [value for value in consent.information if value in API_INFORMATION]
    if field == "purpose":
        return list(TpoPurpose.values) if consent.kind == ConsentKind.TPO else [consent.purpose]
    return None


@transaction.atomic
def outside_party_register(*, acting_user, name: str, receives_under_tpo: bool, programs) -> tuple[OutsideParty, str]:
    """Register an outside organisation's system; returns the party and its token, which is shown once."""
    name, programs = _text(name), list(programs)
    errors = {}
    if not name:
        errors["name"] = "Give the organisation's name exactly as consents name the recipient."
    elif len(name) > 300:
        errors["name"] = "Keep the name to 300 characters."
    elif OutsideParty.objects.filter(is_active=True, name__iexact=name).exists():
        errors["name"] = "An active outside party already has this name; deactivate it first."
    if not programs:
        errors["programs"] = "Choose the programs whose patients it may ask about."
    if errors:
        raise ValidationError(errors)
    token, prefix, digest = token_new()
    party = OutsideParty.objects.create(
        name=name,
        receives_under_tpo=receives_under_tpo,
        token_prefix=prefix,
        token_hash=digest,
        registered_by=acting_user,
    )
    party.programs.set(programs)
    audit_record(
        user=acting_user,
        action="privilege_change",
        object_type="outside_party",
        object_id=party.pk,
        detail={
            "event": "registered",
            "receives_under_tpo": receives_under_tpo,
            "program_ids": sorted(p.pk for p in programs),
            "token_prefix": prefix,
        },
    )
    return party, token


@transaction.atomic
def outside_party_deactivate(*, acting_user, party: OutsideParty) -> OutsideParty:
    """Stop an outside system: its token is refused from the next request on."""
    party = OutsideParty.objects.select_for_update().get(pk=party.pk)
    if not party.is_active:
        raise ValidationError({"__all__": f"Already deactivated on {party.deactivated_at:%Y-%m-%d}."})
    party.is_active = False
    party.deactivated_at = timezone.now()
    party.deactivated_by = acting_user
    party.save()
    audit_record(
        user=acting_user,
        action="privilege_change",
        object_type="outside_party",
        object_id=party.pk,
        detail={"event": "deactivated", "token_prefix": party.token_prefix},
    )
    return party
