"""The outside-disclosure API's request and response shapes (they also feed the OpenAPI schema)."""

from rest_framework import serializers

from .services import API_INFORMATION

_ALLOWED_INFORMATION = ", ".join(API_INFORMATION)


class DisclosureRequestSerializer(serializers.Serializer):
    mrn = serializers.CharField(max_length=12, help_text="The patient's medical record number")
    date_of_birth = serializers.DateField(help_text="The patient's date of birth (YYYY-MM-DD); both must match")
    purpose = serializers.CharField(
        max_length=300,
        help_text=(
            "Under a TPO consent: treatment, payment or operations. Under a consent naming you: its purpose, "
            "as written on it."
        ),
    )
    information = serializers.ListField(
        child=serializers.ChoiceField(
            choices=API_INFORMATION,
            error_messages={"invalid_choice": f'"{{input}}" is not one of: {_ALLOWED_INFORMATION}.'},
        ),
        min_length=1,
        max_length=len(API_INFORMATION),
        help_text=f"What you ask for, from: {_ALLOWED_INFORMATION}",
        error_messages={"min_length": f"Ask for at least one of: {_ALLOWED_INFORMATION}."},
    )


class CodingSerializer(serializers.Serializer):
    system = serializers.CharField()
    code = serializers.CharField()
    display = serializers.CharField()


class MetaSerializer(serializers.Serializer):
    security = CodingSerializer(many=True, help_text="HL7 security labels (FHIR meta.security); empty for non-SUD")


class NoticeSerializer(serializers.Serializer):
    key = serializers.CharField()
    version = serializers.CharField()
    text = serializers.CharField(help_text="The 42 CFR 2.32 notice that accompanies this disclosure")


class ConsentScopeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    signed_on = serializers.DateField()
    signed_by = serializers.CharField()
    disclosing_party = serializers.CharField()
    recipient = serializers.CharField()
    purpose = serializers.CharField()
    information = serializers.ListField(child=serializers.CharField())
    information_detail = serializers.CharField()
    expires = serializers.CharField()
    revocation = serializers.CharField()
    redisclosure = serializers.CharField(allow_null=True)
    explanation = serializers.CharField()


class SectionSerializer(serializers.Serializer):
    category = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class DisclosedPatientSerializer(serializers.Serializer):
    mrn = serializers.CharField()
    name = serializers.CharField()
    date_of_birth = serializers.DateField()


class DisclosureSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    disclosed_at = serializers.DateTimeField()
    recipient = serializers.CharField()
    purpose = serializers.CharField()
    purpose_code = serializers.CharField(allow_null=True, help_text="HL7 v3-ActReason code for a TPO purpose")
    information = serializers.ListField(child=serializers.CharField())
    method = serializers.CharField()


class DisclosureResponseSerializer(serializers.Serializer):
    meta = MetaSerializer()
    notice = NoticeSerializer()
    disclosure = DisclosureSummarySerializer()
    consent = ConsentScopeSerializer()
    patient = DisclosedPatientSerializer()
    sections = SectionSerializer(many=True)


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the request was refused")
    field = serializers.CharField(
        allow_null=True, required=False, help_text="The request field or consent element at fault"
    )
    allowed = serializers.ListField(
        child=serializers.CharField(), allow_null=True, required=False, help_text="The values it allows"
    )
