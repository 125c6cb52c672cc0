from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from openiop.consent.labels import labels_for_patient, security_codings
from openiop.consent.serializers import MetaSerializer

from .models import Patient
from .selectors import current_episode


class EpisodeSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    program = serializers.CharField(source="program.name")
    track = serializers.CharField(source="track.name", allow_null=True, default=None)
    status = serializers.CharField()
    level_of_care = serializers.SerializerMethodField()
    admitted_on = serializers.DateField(allow_null=True)
    discharged_on = serializers.DateField(allow_null=True)

    def get_level_of_care(self, episode) -> dict:
        return {
            "edition": episode.level_of_care_edition,
            "code": episode.level_of_care_code,
            "name": episode.level_of_care.name,
        }


class PatientSerializer(serializers.ModelSerializer):
    current_episode = serializers.SerializerMethodField()
    meta = serializers.SerializerMethodField()

    class Meta:
        model = Patient
        fields = [
            "id",
            "mrn",
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "pronouns",
            "current_episode",
            "meta",
        ]

    def get_current_episode(self, patient) -> dict | None:
        episode = current_episode(patient)
        return EpisodeSummarySerializer(episode).data if episode else None

    @extend_schema_field(MetaSerializer)
    def get_meta(self, patient) -> dict:
        """FHIR-style ``meta.security``: the Part 2 labels when the patient has SUD information (consent.labels)."""
        return {"security": security_codings(labels_for_patient(patient))}
