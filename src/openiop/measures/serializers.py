from rest_framework import serializers


class ScoreRequestSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    answers = serializers.JSONField()
    context = serializers.DictField(required=False, allow_null=True)
    scheme = serializers.CharField(required=False, allow_null=True, allow_blank=False)


class ScoreResultSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    total = serializers.IntegerField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    flags = serializers.ListField(child=serializers.CharField())
    subscores = serializers.DictField(child=serializers.IntegerField())
