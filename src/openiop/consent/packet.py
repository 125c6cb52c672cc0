"""What a disclosure sends: the §2.32 notice, the consent's scope, the security labels, and the records of
each category the consent covers and the user chose, read from the clinical apps. One query per category."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from openiop.core.timezones import local_time
from openiop.privacy.policy import program_records_q


@dataclass
class Section:
    title: str
    rows: list[tuple[str, ...]] = field(default_factory=list)
    header: tuple[str, ...] = ()
    category: str = ""


def _attendance(patient, held) -> Section:
    from openiop.schedule.models import Attendance

    months = Counter()
    for starts_at, status in Attendance.objects.filter(
        episode__patient=patient, episode__program_id__in=held
    ).values_list("session__starts_at", "status"):
        months[(local_time(starts_at, "%Y-%m"), status)] += 1
    rows = [(month, status.replace("_", " "), str(n)) for (month, status), n in sorted(months.items())]
    return Section("Attendance", rows, ("Month", "Status", "Sessions"))


def _diagnoses(patient, held) -> Section:
    from openiop.diagnoses.models import Diagnosis

    rows = [
        (d.code, d.description, d.rank, d.status, f"{d.diagnosed_on:%Y-%m-%d}")
        for d in Diagnosis.objects.filter(program_records_q(held, "diagnoses"), patient=patient).order_by(
            "-diagnosed_on"
        )
    ]
    return Section("Diagnoses (ICD-10-CM)", rows, ("Code", "Description", "Rank", "Status", "Diagnosed"))


def _medications(patient, held) -> Section:
    from openiop.medications.models import MatOrder, Medication

    rows = [
        (m.name, m.dose_label, m.get_route_display(), m.get_frequency_display(),
         m.status)
        for m in Medication.objects.filter(program_records_q(held, "medications"), patient=patient)
        .order_by("-started_on")
    ] + [
        (o.get_medication_display(), o.dose_label, o.get_route_display(),
         o.get_frequency_display(), f"MAT order, {o.status}")
        for o in MatOrder.objects.filter(program_records_q(held, "medications"), patient=patient)
        .order_by("-started_on")
    ]  # fmt: skip
    return Section("Medications", rows, ("Medication", "Dose", "Route", "Frequency", "Status"))


def _measures(patient, held) -> Section:
    from openiop.measures.models import MeasureResponse

    rows = [
        (r.instrument, local_time(r.administered_at, "%Y-%m-%d"), "" if r.total is None else str(r.total), r.band_label)
        for r in MeasureResponse.objects.filter(program_records_q(held, "measures"), patient=patient).order_by(
            "-administered_at"
        )[:50]
    ]
    return Section("Questionnaire scores", rows, ("Measure", "Date", "Score", "Band"))


def _screens(patient, held) -> Section:
    from openiop.screens.models import ScreenResult

    rows = [
        (
            local_time(r.collection.collected_at, "%Y-%m-%d"),
            r.get_analyte_display(),
            r.result,
            "expected" if r.expected else "",
        )
        for r in ScreenResult.objects.filter(
            program_records_q(
                held, "drug_screens", program="collection__episode__program", patient="collection__patient"
            ),
            collection__patient=patient,
        )
        .select_related("collection")
        .order_by("-collection__collected_at")[:200]
    ]
    return Section("Drug and alcohol screens", rows, ("Collected", "Substance", "Result", ""))


def _treatment_plan(patient, held) -> Section:
    from openiop.plans.models import Goal

    in_scope = program_records_q(
        held, "treatment_plan", program="problem__plan__episode__program", patient="problem__plan__patient"
    )
    goals = Goal.objects.filter(in_scope, problem__plan__patient=patient).filter(~Q(problem__plan__status="draft"))
    rows = [(g.problem.statement, g.statement) for g in goals.select_related("problem").order_by("pk")]
    return Section("Treatment plan goals", rows, ("Problem", "Goal (in the patient's words)"))


def _discharge(patient, held) -> Section:
    from openiop.episodes.models import Episode

    rows = [
        (e.program.name, f"{e.admitted_on or ''}", f"{e.discharged_on or ''}", e.get_discharge_reason_display() or "")
        for e in Episode.objects.filter(program_records_q(held, "discharge", program="program"), patient=patient)
        .select_related("program")
        .order_by("admitted_on")
    ]
    return Section("Admission and discharge", rows, ("Program", "Admitted", "Discharged", "Reason (TEDS)"))


def _counselling_notes(patient, viewer) -> Section:
    """Signed SUD counselling notes the releasing user wrote or supervises (disclosure_make refuses otherwise)."""
    from openiop.notes.models import CounsellingNote, NoteStatus
    from openiop.privacy.policy import counselling_note_readers_q

    notes = CounsellingNote.objects.none()
    if viewer is not None:
        notes = CounsellingNote.objects.filter(counselling_note_readers_q(viewer), patient=patient)
    rows = [
        (f"{n.service_date:%Y-%m-%d}", n.author.display_name, n.text)
        for n in notes.filter(status=NoteStatus.SIGNED).select_related("author").order_by("service_date", "pk")
    ]
    return Section("SUD counselling notes", rows, ("Session", "Author", "Note"))


RENDERERS = {
    "attendance": _attendance,
    "diagnoses": _diagnoses,
    "medications": _medications,
    "measures": _measures,
    "drug_screens": _screens,
    "treatment_plan": _treatment_plan,
    "discharge": _discharge,
}


# Categories whose renderer needs to know who releases them.
VIEWER_RENDERERS = {"counselling_notes": _counselling_notes}


def sections_for(patient, information: list[str], *, program_id: int | None, viewer=None) -> list[Section]:
    """The records of each category that the program ``program_id`` holds (the consent's program: made there,
    moved there with the patient's care, or consented to it; decision 0009). No program: nothing."""
    held = frozenset() if program_id is None else frozenset({program_id})
    sections = []
    for category in information:
        if category in RENDERERS:
            section = RENDERERS[category](patient, held)
        elif category in VIEWER_RENDERERS:
            section = VIEWER_RENDERERS[category](patient, viewer)
        else:
            continue
        section.category = category
        sections.append(section)
    return sections
