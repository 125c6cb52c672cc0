"""Reads of the medication list, MAT orders and the administration log, shared by pages and other apps."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Max, OuterRef, Q, Subquery

from openiop.privacy.models import RecordCategory
from openiop.privacy.policy import records_q

from .mat import CATALOGUE
from .models import (
    AdministrationOutcome,
    Allergy,
    AllergyStatus,
    MatAdministration,
    MatOrder,
    MatOrderStatus,
    Medication,
    MedicationStatus,
)

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


def patient_allergies(*, patient) -> list[Allergy]:
    """Every entry, active first; entries in error and a superseded "no known allergies" stay in the history."""
    return list(Allergy.objects.filter(patient=patient).select_related("recorded_by"))


@dataclass(frozen=True)
class AllergyStatusLine:
    state: str  # "allergies", "none" (no known allergies) or "not_recorded"
    text: str


NOT_RECORDED = AllergyStatusLine("not_recorded", "Allergies not recorded")


def allergy_status_for_patients(patient_ids) -> dict[int, AllergyStatusLine]:
    """Patient id -> "Allergies: penicillin (hives, moderate)" / "No known allergies" / "Allergies not
    recorded", in one query, for the chart header (and anything else listing patients)."""
    ids = list(patient_ids)
    found: dict[int, list[Allergy]] = {}
    for allergy in Allergy.objects.filter(patient_id__in=ids, status=AllergyStatus.ACTIVE).order_by(
        "patient_id", "allergen", "pk"
    ):
        found.setdefault(allergy.patient_id, []).append(allergy)
    status = {}
    for patient_id in ids:
        entries = found.get(patient_id, [])
        allergies = [a for a in entries if not a.no_known_allergies]
        if allergies:
            status[patient_id] = AllergyStatusLine("allergies", "Allergies: " + "; ".join(a.label for a in allergies))
        elif entries:
            status[patient_id] = AllergyStatusLine("none", "No known allergies")
        else:
            status[patient_id] = NOT_RECORDED
    return status


def allergies_recorded(patient_id: int) -> bool:
    """An active allergy or an active "no known allergies" entry is on record (one query)."""
    return Allergy.objects.filter(patient_id=patient_id, status=AllergyStatus.ACTIVE).exists()


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


def medications_in_force_on(*, patient_id: int, day: date, program_id: int | None = None) -> dict[str, list[str]]:
    """The medication list and the MAT orders in force on ``day`` (started by then, not stopped by then; entries
    in error left out), as chart lines, in two queries: {"medications": [...], "mat": [...]}. The discharge
    summary lists them as they stood on the discharge date."""

    def in_force(queryset):
        if program_id is not None:  # what one program recorded (its episodes), e.g. for its discharge summary
            queryset = queryset.filter(episode__program_id=program_id)
        return queryset.filter(started_on__lte=day).filter(Q(stopped_on__isnull=True) | Q(stopped_on__gt=day))

    medications = in_force(
        Medication.objects.filter(patient_id=patient_id).exclude(status=MedicationStatus.ENTERED_IN_ERROR)
    ).order_by("name", "pk")
    orders = in_force(MatOrder.objects.filter(patient_id=patient_id)).order_by("started_on", "pk")
    return {
        "medications": [
            f"{m.name} {m.dose_label} {m.get_route_display().lower()} {m.get_frequency_display().lower()}"
            + (f" ({m.frequency_detail})" if m.frequency_detail else "")
            for m in medications
        ],
        "mat": [f"{o.summary} · {o.get_indication_display()}" for o in orders],
    }


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
