from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render

from openiop.accounts.access import require_capability
from openiop.core.csv_export import csv_writer
from openiop.patients.selectors import patient_id_for_mrn

from .chain import HASHED_FIELDS
from .forms import AuditFilterForm
from .selectors import audit_events_filtered
from .services import audit_record

# Every hashed field except the free-form detail, the patient's MRN beside the (hashed) patient id, and the
# row's hash so an export can be checked.
_HASHED = tuple(field for field in HASHED_FIELDS if field != "detail")
CSV_COLUMNS = (
    *_HASHED[: _HASHED.index("patient_id") + 1],
    "patient_mrn",
    *_HASHED[_HASHED.index("patient_id") + 1 :],
    "hash",
)


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    patient_id = None
    if data.get("mrn"):
        # Looked up across all programs on purpose: the privacy officer audits the whole organization.
        patient_id = patient_id_for_mrn(data["mrn"])
        if patient_id is None:
            form.add_error("mrn", "No patient has this MRN.")
            return form, None
    events = audit_events_filtered(
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        username=data.get("username", ""),
        patient_id=patient_id,
        action=data.get("action", ""),
        outcome=data.get("outcome", ""),
        sort=data.get("sort") or "-sequence",
    )
    return form, events


@login_required
def report(request):
    require_capability(request, "audit.view_report", object_type="audit_report")
    form, events = _filtered(request)
    page = Paginator(events, 100).get_page(request.GET.get("page")) if events is not None else None
    audit_record(user=request.user, action="read", object_type="audit_report", detail={"filters": request.GET.dict()})
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audit/report.html", {"form": form, "page": page, "query": params.urlencode()})


class _Echo:
    def write(self, value):
        return value


@login_required
def report_csv(request):
    require_capability(request, "audit.view_report", object_type="audit_report")
    form, events = _filtered(request)
    if events is None:
        return render(request, "audit/report.html", {"form": form, "page": None}, status=400)
    audit_record(user=request.user, action="export", object_type="audit_report", detail={"filters": request.GET.dict()})
    writer = csv_writer(_Echo())
    rows = (writer.writerow([row[c] for c in CSV_COLUMNS]) for row in events.values(*CSV_COLUMNS).iterator())
    response = StreamingHttpResponse(
        (line for chunk in ([writer.writerow(CSV_COLUMNS)], rows) for line in chunk), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="audit-report.csv"'
    return response
