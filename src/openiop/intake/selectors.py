"""Reads shared by the intake pages, each in a fixed number of queries."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils import timezone

from openiop.core.timezones import local_date, local_today
from openiop.patients.duplicates import match_reasons
from openiop.patients.models import Patient
from openiop.programs.levels import LevelOfCare

from .models import (
    CLOSED_STAGES,
    OPEN_STAGES,
    Addendum,
    Assessment,
    ContactAttempt,
    ContactOutcome,
    Inquiry,
    Placement,
    Screening,
    Stage,
)

# Closed inquiries stay on the board this long, so the team sees recent outcomes.
CLOSED_SHOWN_DAYS = 30
BOARD_COLUMNS = (
    Stage.NEW,
    Stage.CONTACTED,
    Stage.SCREENED,
    Stage.ASSESSMENT_BOOKED,
    Stage.ADMITTED,
    Stage.REFERRED_ELSEWHERE,
    Stage.NOT_ADMITTED,
)


def inquiry_for_user(*, user, inquiry_id: int):
    return (
        Inquiry.objects.visible_to(user).select_related("program", "patient", "episode").filter(pk=inquiry_id).first()
    )


def days_waiting(inquiry: Inquiry, *, today=None) -> int:
    """Days since the first contact; a closed inquiry stopped waiting when it closed."""
    zone = inquiry.program.time_zone
    received = local_date(inquiry.received_at, zone)
    end = local_date(inquiry.stage_changed_at, zone) if inquiry.stage in CLOSED_STAGES else today or local_today(zone)
    return max((end - received).days, 0)


@dataclass
class BoardColumn:
    stage: str
    label: str
    cards: list


def days_since_first_contact(inquiry: Inquiry, *, today=None) -> int | None:
    """Days since the first contact attempt (``first_attempt_at`` annotated by pipeline_board); None if none."""
    first = getattr(inquiry, "first_attempt_at", None)
    if first is None:
        return None
    zone = inquiry.program.time_zone
    return max(((today or local_today(zone)) - local_date(first, zone)).days, 0)


def pipeline_board(*, user) -> list[BoardColumn]:
    """Open inquiries and those closed in the last CLOSED_SHOWN_DAYS, by stage, each with its contact attempts
    (how many, the first, the latest outcome and the next attempt date). One query."""
    since = timezone.now() - timedelta(days=CLOSED_SHOWN_DAYS)
    latest = ContactAttempt.objects.filter(inquiry=OuterRef("pk")).order_by("-attempted_at", "-id")
    inquiries = (
        Inquiry.objects.visible_to(user)
        .filter(Q(stage__in=OPEN_STAGES) | Q(stage_changed_at__gte=since))
        .select_related("program")
        .annotate(
            attempt_count=Count("contact_attempts"),
            first_attempt_at=Min("contact_attempts__attempted_at"),
            last_outcome=Subquery(latest.values("outcome")[:1]),
            next_attempt_on=Subquery(latest.values("next_attempt_on")[:1]),
        )
        .order_by("received_at", "id")
    )
    columns = {stage: BoardColumn(stage, Stage(stage).label, []) for stage in BOARD_COLUMNS}
    for inquiry in inquiries:
        zone_today = local_today(inquiry.program.time_zone)
        inquiry.days_since_first_contact = days_since_first_contact(inquiry, today=zone_today)
        inquiry.last_outcome_label = ContactOutcome(inquiry.last_outcome).label if inquiry.last_outcome else ""
        inquiry.next_attempt_due = bool(
            inquiry.is_open and inquiry.next_attempt_on and inquiry.next_attempt_on <= zone_today
        )
        columns[inquiry.stage].cards.append((inquiry, days_waiting(inquiry)))
    return list(columns.values())


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def possible_duplicates(
    *,
    user,
    inquiry: Inquiry,
    first_name: str = "",
    last_name: str = "",
    date_of_birth=None,
    phone: str = "",
    email: str = "",
) -> list[tuple[Patient, list[str]]]:
    """Patients in the user's programs who may be the person of the inquiry, each with why it matched:
    same date of birth and a similar name, or the same phone or email. Two queries.

    Only patients the user may see are searched, so a match cannot reveal a record of another program.
    """
    first_name = first_name or inquiry.first_name
    last_name = last_name or inquiry.last_name
    date_of_birth = date_of_birth or inquiry.date_of_birth
    phone_digits = _digits(phone or inquiry.phone)
    email = (email or inquiry.email).strip().lower()
    match = Q(pk__in=[])
    if date_of_birth:
        match |= Q(date_of_birth=date_of_birth)
    if email:
        match |= Q(email__iexact=email)
    if len(phone_digits) >= 7:
        match |= Q(phone__contains=phone_digits[-4:])
    from openiop.privacy.policy import visible_q

    # Every patient of the user's programs, admitted ones too: intake must find a returning patient before
    # registering them twice (the chart stays closed to intake once admitted; privacy.policy.visible_q).
    candidates = (
        Patient.objects.filter(visible_q(user, intake_documents=True))
        .filter(match, merged_into__isnull=True)
        .order_by("legal_last_name", "legal_first_name", "id")
    )
    found = []
    for patient in candidates[:50]:
        # Names compared as patients.duplicates does: case, accents, spelling and swapped first/last tolerated.
        reasons = match_reasons(
            patient,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            phone=phone or inquiry.phone,
            email=email,
        )
        if reasons:
            found.append((patient, reasons))
    return found


def intake_chart(*, patient, user) -> dict:
    """What the chart's Intake tab shows: screenings, assessments with addenda, placements, each made in a
    program whose records ``user`` may read (privacy.policy.records_q, decision 0009). Four queries."""
    from openiop.privacy.models import RecordCategory
    from openiop.privacy.policy import records_q

    def readable(prefix=""):
        return records_q(user, RecordCategory.INTAKE, program=f"{prefix}program", patient=f"{prefix}patient")

    assessments = list(
        Assessment.objects.filter(readable(), patient=patient).select_related("created_by", "signed_by", "program")
    )
    addenda: dict[int, list] = {}
    for addendum in Addendum.objects.filter(readable("assessment__"), assessment__patient=patient).select_related(
        "author"
    ):
        addenda.setdefault(addendum.assessment_id, []).append(addendum)
    for assessment in assessments:
        assessment.addenda_list = addenda.get(assessment.pk, [])
    return {
        "screenings": list(
            Screening.objects.filter(readable("inquiry__"), inquiry__patient=patient).select_related(
                "screened_by", "inquiry"
            )
        ),
        "assessments": assessments,
        "placements": list(
            Placement.objects.filter(readable(), patient=patient).select_related("signed_by", "program")
        ),
        "inquiries": list(Inquiry.objects.filter(readable(), patient=patient).select_related("program")),
    }


def default_level_for(*, patient, program) -> LevelOfCare:
    """The newest placement's actual level for this patient and program, else the program's own level."""
    placement = Placement.objects.filter(patient=patient, program=program).first()
    return placement.actual_level if placement is not None else program.level_of_care
