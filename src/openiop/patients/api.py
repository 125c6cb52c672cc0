from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.consent.labels import in_sud_program

from .access import patient_or_404
from .selectors import patient_chart_queryset, patient_search
from .serializers import PatientSerializer


def _gate(call):
    """The same gate as the web pages; DRF's own 403/404 bodies say nothing about the patient."""
    try:
        return call()
    except PermissionDenied:
        raise exceptions.PermissionDenied() from None
    except Http404:
        raise exceptions.NotFound() from None


@extend_schema(responses={200: PatientSerializer(many=True)})
@api_view(["GET"])
def patient_list(request):
    _gate(lambda: require_capability(request, "patients.view_list", object_type="patient_list"))
    patients = patient_search(user=request.user, query=request.query_params.get("q", "")).annotate(
        in_sud_program=in_sud_program()
    )
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(patients, request)
    audit_record(
        user=request.user,
        action="read",
        object_type="patient_list",
        detail={"patient_ids": [p.pk for p in page], "api": True},
    )
    return paginator.get_paginated_response(PatientSerializer(page, many=True).data)


@extend_schema(responses={200: PatientSerializer})
@api_view(["GET"])
def patient_detail(request, patient_id: int):
    patient = _gate(
        lambda: patient_or_404(
            request,
            patient_id,
            "patients.view_chart",
            queryset=patient_chart_queryset(user=request.user).annotate(in_sud_program=in_sud_program()),
        )
    )
    audit_record(
        user=request.user,
        action="read",
        object_type="patient",
        object_id=patient.pk,
        patient_id=patient.pk,
        detail={"api": True},
    )
    return Response(PatientSerializer(patient).data)
