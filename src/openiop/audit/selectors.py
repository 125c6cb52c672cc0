from datetime import datetime, time

from django.db.models import OuterRef, QuerySet, Subquery

from .models import AuditEvent

SORTABLE_COLUMNS = (
    "sequence",
    "occurred_at",
    "username",
    "role",
    "patient_mrn",
    "object_type",
    "action",
    "outcome",
    "source_ip",
)


def audit_events_filtered(
    *,
    date_from=None,
    date_to=None,
    username: str = "",
    patient_id: int | None = None,
    action: str = "",
    outcome: str = "",
    sort: str = "-sequence",
) -> QuerySet[AuditEvent]:
    events = with_patient_mrn(AuditEvent.objects.all())
    if date_from:
        events = events.filter(occurred_at__gte=datetime.combine(date_from, time.min).astimezone())
    if date_to:
        events = events.filter(occurred_at__lte=datetime.combine(date_to, time.max).astimezone())
    if username:
        events = events.filter(username__iexact=username)
    if patient_id is not None:
        events = events.filter(patient_id=patient_id)
    if action:
        events = events.filter(action=action)
    if outcome:
        events = events.filter(outcome=outcome)
    if sort.lstrip("-") not in SORTABLE_COLUMNS:
        sort = "-sequence"
    return events.order_by(sort, "-sequence" if sort.lstrip("-") != "sequence" else sort)


def with_patient_mrn(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Each event with ``patient_mrn``: the MRN the privacy officer is asked about, in the same query (audit
    rows keep the patient's id, with no foreign key, so that they outlive any change to the patient)."""
    from openiop.patients.models import Patient

    return events.annotate(patient_mrn=Subquery(Patient.objects.filter(pk=OuterRef("patient_id")).values("mrn")[:1]))
