"""Reads of the medication list, MAT orders and the administration log, shared by pages and other apps."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Max, OuterRef, Q, Subquery

from openiop.privacy.models import RecordCategory
from openiop.privacy.policy import records_q

from .mat import CATALOGUE
from .models import AdministrationOutcome, MatAdministration, MatOrder, MatOrderStatus, Medication, MedicationStatus

ADMINISTRATION_LOG_LENGTH = 20


def _readable(user):
    return records_q(user, RecordCategory.MEDICATIONS)


def patient_medications(*, patient, user) -> list[Medication]:
    """Active first, then stopped and entered-in-error ones: history stays visible. Only what ``user`` may read
    (privacy.policy.records_q: the program that recorded it, or moved or consented to the user's)."""
    return list(Medication.objects.filter(_readable(user), patient=patient).select_related("prescriber"))


def patient_mat_orders(*, patient, user) -> list[MatOrder]:
    return list(
        MatOrder.objects.filter(_readable(user), patient=patient).select_related("prescriber", "episode__program")
    )


def recent_administrations(*, patient, user, limit: int = ADMINISTRATION_LOG_LENGTH) -> list[MatAdministration]:
    readable = records_q(user, RecordCategory.MEDICATIONS, program="order__episode__program")
    return list(MatAdministration.objects.filter(readable, patient=patient).select_related("order", "given_by")[:limit])


def mat_status_for_patients(patient_ids, *, user) -> dict[int, str]:
    """Patient id -> "MAT: buprenorphine-naloxone 16 mg SL daily · last dose 2026-11-20", in one query.

    Patients without an active MAT order are left out. The last dose is the newest dose given under that
    order, as a date in the program's time zone.
    """
    last_given = (
        MatAdministration.objects.filter(order=OuterRef("pk"), outcome=AdministrationOutcome.GIVEN)
        .values("order")
        .annotate(last=Max("given_at"))
        .values("last")
    )
    orders = (
        MatOrder.objects.filter(_readable(user), patient_id__in=list(patient_ids), status=MatOrderStatus.ACTIVE)
        .select_related("episode__program")
        .annotate(last_given_at=Subquery(last_given))
        .order_by("patient_id", "started_on", "pk")
    )
    parts: dict[int, list[str]] = {}
    for order in orders:
        text = order.summary
        if order.last_given_at is not None:
            zone = ZoneInfo(order.episode.program.time_zone)
            text += f" · last dose {order.last_given_at.astimezone(zone):%Y-%m-%d}"
        parts.setdefault(order.patient_id, []).append(text)
    return {patient_id: "MAT: " + "; ".join(texts) for patient_id, texts in parts.items()}


@dataclass(frozen=True)
class ActivePrescription:
    """Something the patient takes that a drug screen may detect: a medication or a MAT order."""

    kind: str  # "medication" or "mat_order"
    label: str  # e.g. "MAT order: buprenorphine-naloxone 16 mg SL daily" (no patient identifiers)
    searchable: str  # lower-case names and substance a screen's analyte is matched against


def active_prescriptions_on(*, patient_id: int, day: date) -> list[ActivePrescription]:
    """Medications and MAT orders active on ``day`` (two queries), for drug-screen interpretation."""
    found = []
    medications = Medication.objects.filter(patient_id=patient_id, started_on__lte=day).filter(
        Q(status=MedicationStatus.ACTIVE) | Q(status=MedicationStatus.STOPPED, stopped_on__gte=day)
    )
    for medication in medications:
        found.append(
            ActivePrescription(
                "medication",
                f"Medication: {medication.name} {medication.dose_label} ({medication.get_source_display().lower()})",
                medication.name.lower(),
            )
        )
    orders = MatOrder.objects.filter(patient_id=patient_id, started_on__lte=day).filter(
        Q(status=MatOrderStatus.ACTIVE) | Q(status=MatOrderStatus.STOPPED, stopped_on__gte=day)
    )
    for order in orders:
        entry = CATALOGUE[order.medication]
        found.append(
            ActivePrescription("mat_order", f"MAT order: {order.summary}", f"{entry.name} {entry.substance}".lower())
        )
    return found
