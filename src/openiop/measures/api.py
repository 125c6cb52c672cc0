from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .instruments import ScoringError, score
from .serializers import ScoreRequestSerializer, ScoreResultSerializer


@extend_schema(request=ScoreRequestSerializer, responses={200: ScoreResultSerializer})
@api_view(["POST"])
def score_view(request):
    """Score one response without storing it (the same contract as `openiop score`)."""
    body = ScoreRequestSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    try:
        result = score(data["instrument"], data["answers"], data.get("context"), data.get("scheme"))
    except ScoringError as error:
        return Response({"detail": str(error), "item": error.item}, status=status.HTTP_400_BAD_REQUEST)
    return Response(result.as_dict())
