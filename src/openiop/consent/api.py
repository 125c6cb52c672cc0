"""The outside-disclosure endpoint: an outside party's registered system takes a patient's records under a
consent naming it. Every answer goes through ``services.outside_disclosure_make`` (and so through
``disclosure_make``); every refusal is audited and says why without revealing patients who never consented."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response

from .authentication import IsOutsideParty, OutsidePartyTokenAuthentication
from .labels import LABELS_BY_CODE, security_codings
from .models import TPO_PURPOSE_REASON_CODES, ConsentKind, Disclosure, ExpiryKind, TpoPurpose
from .packet import sections_for
from .serializers import DisclosureRequestSerializer, DisclosureResponseSerializer, RefusalSerializer
from .services import API_INFORMATION, DisclosureRefused, outside_disclosure_make, outside_refusal_record
from .statements import NOTICE_FULL, REDISCLOSURE_TPO, REVOCATION

_REASON_CODE_BY_LABEL = {TpoPurpose(value).label: code for value, code in TPO_PURPOSE_REASON_CODES.items()}
_ALLOWED_ON_BAD_REQUEST = {
    "information": list(API_INFORMATION),
    "purpose": list(TpoPurpose.values),
    "date_of_birth": ["YYYY-MM-DD"],
}


def _first_error(errors) -> tuple[str, str]:
    """The first (field, message) of a serializer's errors, however deeply a list field nests them."""
    field, messages = next(iter(errors.items()))
    while isinstance(messages, dict | list) and not isinstance(messages, str):
        messages = next(iter(messages.values())) if isinstance(messages, dict) else messages[0]
    return field, str(messages)


def _refusal(detail: str, field: str | None, allowed: list[str] | None, status_code: int) -> Response:
    response = Response({"detail": detail, "field": field, "allowed": allowed}, status=status_code)
    response["Cache-Control"] = "no-store"
    return response


@extend_schema(
    operation_id="disclosures_create",
    summary="An outside party's system takes a patient's records under a consent naming it",
    description=(
        "Authenticate with the token the privacy officer gave you (`Authorization: Bearer oiop_…`). The patient "
        "is found by MRN and date of birth among the programs you are registered for. The records are released "
        "only under a consent in force that names you (or, for a treating provider, health plan or payer "
        "registered as such, the patient's TPO consent) and covers the information and purpose; the response "
        "carries the 42 CFR 2.32 notice, the consent's scope and the security labels, and the disclosure "
        "appears in the patient's accounting of disclosures. An unknown patient and a patient without a "
        "consent naming you get the same 404."
    ),
    request=DisclosureRequestSerializer,
    responses={
        201: DisclosureResponseSerializer,
        400: RefusalSerializer,
        401: RefusalSerializer,
        403: RefusalSerializer,
        404: RefusalSerializer,
    },
    examples=[
        OpenApiExample(
            "A payer asks for attendance under the TPO consent",
            value={
                "mrn": "M12345674",
                "date_of_birth": "1985-04-12",
                "purpose": "payment",
                "information": ["attendance", "diagnoses"],
            },
            request_only=True,
        )
    ],  # fmt: skip
    tags=["disclosures"],
)
@api_view(["POST"])
@authentication_classes([OutsidePartyTokenAuthentication])
@permission_classes([IsOutsideParty])
def disclosure_create(request):
    party = request.auth
    body = DisclosureRequestSerializer(data=request.data)
    if not body.is_valid():
        field, message = _first_error(body.errors)
        outside_refusal_record(outside_party=party, reason="invalid_request", field=field)
        return _refusal(message, field, _ALLOWED_ON_BAD_REQUEST.get(field), status.HTTP_400_BAD_REQUEST)
    try:
        disclosure = outside_disclosure_make(outside_party=party, **body.validated_data)
    except DisclosureRefused as refused:
        code = status.HTTP_404_NOT_FOUND if refused.kind == "not_found" else status.HTTP_403_FORBIDDEN
        return _refusal(refused.detail, refused.field, refused.allowed, code)
    response = Response(_packet(disclosure), status=status.HTTP_201_CREATED)
    response["Cache-Control"] = "no-store"
    return response


def _packet(disclosure: Disclosure) -> dict:
    """What the recipient gets: the §2.32 notice, the consent's scope, the labels and the records."""
    patient, consent = disclosure.patient, disclosure.consent
    return {
        "meta": {"security": security_codings(LABELS_BY_CODE[code] for code in disclosure.security_labels)},
        "notice": {"key": NOTICE_FULL.key, "version": disclosure.notice_version, "text": NOTICE_FULL.text},
        "disclosure": {
            "id": disclosure.pk,
            "disclosed_at": disclosure.disclosed_at,
            "recipient": disclosure.recipient_name,
            "purpose": disclosure.purpose,
            "purpose_code": _REASON_CODE_BY_LABEL.get(disclosure.purpose) if consent.kind == ConsentKind.TPO else None,
            "information": disclosure.information,
            "method": disclosure.method,
        },
        "consent": _scope(consent),
        "patient": {"mrn": patient.mrn, "name": patient.legal_name, "date_of_birth": patient.date_of_birth},
        "sections": [
            {"category": s.category, "title": s.title, "columns": list(s.header), "rows": [list(r) for r in s.rows]}
            for s in sections_for(patient, disclosure.information, program_id=consent.program_id)
        ],
    }


def _scope(consent) -> dict:
    """The consent's scope, element by element (§2.31) and as one sentence (§2.32 'clear explanation')."""
    if consent.expiry_kind == ExpiryKind.DATE:
        expires = consent.expires_on.isoformat()
    elif consent.expiry_kind == ExpiryKind.EVENT:
        expires = consent.expiry_event
    else:
        expires = consent.get_expiry_kind_display()
    redisclosure = REDISCLOSURE_TPO.text if consent.recipient_is_covered_entity else None
    explanation = (
        f"{consent.get_kind_display()} signed on {consent.signed_on.isoformat()} by {consent.signed_by_name} "
        f"({consent.get_signer_relationship_display().lower()}): {consent.disclosing_party} may disclose "
        f"{consent.information_detail} to {consent.recipient_name} for {consent.purpose}. Expires: {expires}."
    )
    return {
        "id": consent.pk,
        "kind": consent.kind,
        "signed_on": consent.signed_on,
        "signed_by": consent.signed_by_name,
        "disclosing_party": consent.disclosing_party,
        "recipient": consent.recipient_name,
        "purpose": consent.purpose,
        "information": consent.information,
        "information_detail": consent.information_detail,
        "expires": expires,
        "revocation": REVOCATION.text,
        "redisclosure": redisclosure,
        "explanation": explanation,
    }
