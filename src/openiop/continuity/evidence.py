"""The evidence a step down, step up or transfer rests on (ASAM reassessment, clinical-standards.md §2.4):
the last four weeks' service hours, the latest score per measure, and recent drug-screen results. Stored as
JSON with the level-of-care change, so the history shows what the decision was based on at the time."""

from datetime import timedelta

from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.measures.models import MeasureResponse
from openiop.schedule.hours import week_bounds
from openiop.schedule.selectors import week_hours
from openiop.screens.models import Result, ScreenResult

WEEKS = 4
SCREEN_DAYS = 30


def step_evidence(*, episode) -> dict:
    now = timezone.now()
    this_monday = week_bounds(local_today(episode.program.time_zone))[0]
    weeks = []
    for n in range(WEEKS, 0, -1):
        monday = this_monday - timedelta(weeks=n)
        hours = week_hours(episode=episode, week_start=monday, now=now)
        weeks.append(
            {
                "week_of": monday.isoformat(),
                "attended_hours": round(hours.attended_minutes / 60, 1),
                "scheduled_hours": round(hours.scheduled_minutes / 60, 1),
            }
        )
    latest: dict[str, dict] = {}
    # The program's own records only (decision 0009: records follow the program that made them).
    for response in MeasureResponse.objects.filter(
        patient_id=episode.patient_id, episode__program_id=episode.program_id, rescored_from__isnull=True
    ).order_by("-administered_at")[:100]:
        latest.setdefault(
            response.instrument,
            {
                "instrument": response.instrument,
                "on": response.administered_at.date().isoformat(),
                "total": response.total,
                "band": response.band_label,
            },
        )
    since = now - timedelta(days=SCREEN_DAYS)
    screens = ScreenResult.objects.filter(
        collection__patient_id=episode.patient_id,
        collection__episode__program_id=episode.program_id,
        collection__collected_at__gte=since,
    ).values_list("result", "expected")
    screen_counts = {"collections_results": 0, "unexpected_positives": 0}
    for result, expected in screens:
        screen_counts["collections_results"] += 1
        if result == Result.POSITIVE and not expected:
            screen_counts["unexpected_positives"] += 1
    return {
        "attendance": weeks,
        "measures": sorted(latest.values(), key=lambda m: m["instrument"]),
        "screens": screen_counts,
    }


def evidence_text(evidence: dict) -> str:
    """One line for lists: '4 weeks: 9.0/9.0 h, 6.0/9.0 h, ...; PHQ-9 6 (mild); screens 30 d: 0 unexpected'."""
    hours = ", ".join(f"{w['attended_hours']:g}/{w['scheduled_hours']:g} h" for w in evidence.get("attendance", []))
    measures = ", ".join(
        f"{m['instrument']} {m['total'] if m['total'] is not None else ''} ({m['band']})".replace(" ()", "")
        for m in evidence.get("measures", [])
    )
    screens = evidence.get("screens", {})
    parts = [f"attended/scheduled by week: {hours}" if hours else ""]
    parts.append(f"latest scores: {measures}" if measures else "")
    if screens:
        parts.append(
            f"screens in {SCREEN_DAYS} days: {screens['collections_results']} results, "
            f"{screens['unexpected_positives']} unexpected positive"
        )
    return "; ".join(p for p in parts if p)


def step_evidence_with_summary(episode) -> dict:
    """The provider episodes' transfer page uses (settings.OPENIOP_STEP_EVIDENCE)."""
    data = step_evidence(episode=episode)
    return {"data": data, "summary": evidence_text(data)}
