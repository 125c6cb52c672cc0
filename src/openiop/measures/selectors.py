from collections import defaultdict
from datetime import timedelta

from django.db.models import F, Max, Q, Window
from django.db.models.functions import RowNumber

from openiop.core.timezones import local_date, local_today
from openiop.episodes.models import Episode, EpisodeStatus
from openiop.privacy.models import RecordCategory
from openiop.privacy.policy import records_q, visible_through

from .charts import trend_svg
from .instruments import INSTRUMENTS
from .models import AlertStatus, MeasureResponse, MeasureScheduleRule, SafetyAlert
from .progress import has_progress, progress_for
from .schedule import ADMISSION_LOOKBACK_DAYS, FOLLOW_UP_HORIZON_DAYS, due_for_episode


def _rules_by_program(program_ids) -> dict[int, list]:
    rules = defaultdict(list)
    for rule in MeasureScheduleRule.objects.filter(program_id__in=program_ids):
        rules[rule.program_id].append(rule)
    return rules


def _dates_given(patient_ids, user) -> dict[int, dict[str, list]]:
    """The newest result per patient and instrument among those ``user`` may read (another program's results
    neither show nor count, decision 0009), aggregated in the database.

    Every schedule rule compares only the newest result with a date (see schedule._due_date), so one
    date per instrument is all the due computation needs, however long the history.
    """
    given: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    rows = (
        MeasureResponse.objects.filter(readable_measures(user), patient_id__in=patient_ids, rescored_from__isnull=True)
        .values("patient_id", "instrument")
        .annotate(newest=Max("administered_at"))
        .values_list("patient_id", "instrument", "newest")
    )
    for patient_id, instrument, at in rows:
        given[patient_id][instrument].append(at)
    return given


def measures_due(*, user, primary_clinician=None, patient_id=None) -> list:
    """Due and overdue measures of the patients the access policy shows the user in their programs, in four
    queries whatever the caseload."""
    episodes = Episode.objects.filter(visible_through(user), program_id__in=user.program_ids).select_related(
        "patient", "program"
    )
    if primary_clinician is not None:
        episodes = episodes.filter(primary_clinician=primary_clinician)
    if patient_id is not None:
        episodes = episodes.filter(patient_id=patient_id)
    # The horizon is only a filter; dates are compared per program zone below.
    horizon = local_today("UTC") - timedelta(days=FOLLOW_UP_HORIZON_DAYS)
    episodes = list(
        episodes.filter(
            Q(status__in=[EpisodeStatus.ACTIVE, EpisodeStatus.ON_HOLD])
            | Q(status=EpisodeStatus.FINISHED, discharged_on__gte=horizon)
        )
    )
    rules = _rules_by_program({e.program_id for e in episodes})
    given = _dates_given([e.patient_id for e in episodes if rules.get(e.program_id)], user)
    due = []
    for episode in episodes:
        zone = episode.program.time_zone
        today = local_today(zone)
        last_given = {
            name: [local_date(at, zone) for at in moments]
            for name, moments in given.get(episode.patient_id, {}).items()
        }
        due.extend(
            (item, item.status(today))
            for item in due_for_episode(
                episode=episode,
                rules=rules.get(episode.program_id, []),
                last_given=last_given,
                today=today,
            )
        )
    return sorted(due, key=lambda pair: (pair[1] != "overdue", pair[0].due_on))


def readable_measures(user):
    """The responses (and, on SafetyAlert, the alerts) ``user`` may read: privacy.policy.records_q."""
    return records_q(user, RecordCategory.MEASURES)


def chart_measures(*, patient, user):
    """Every response of the patient the user may read (originals first, with their re-scorings), oldest
    first: one query."""
    return list(
        MeasureResponse.objects.filter(readable_measures(user), patient=patient)
        .select_related("administered_by")
        .order_by("administered_at", "id")
    )


def measure_panels(*, responses, episode) -> list[dict]:
    """One panel per instrument: the latest result, progress within the episode and the trend chart."""
    by_instrument = defaultdict(list)
    for response in responses:
        if response.rescored_from_id is None:
            by_instrument[response.instrument].append(response)
    since = episode.admitted_on - timedelta(days=ADMISSION_LOOKBACK_DAYS) if episode and episode.admitted_on else None
    panels = []
    for name, series in sorted(by_instrument.items()):
        has_total = has_progress(name)
        # Progress is measured within the current episode; an intake screen shortly before admission is its baseline.
        in_episode = [r for r in series if since is None or local_date(r.administered_at) >= since]
        panels.append(
            {
                "instrument": INSTRUMENTS[name],
                "latest": series[-1],
                "count": len(series),
                "progress": progress_for(name, [r.total for r in in_episode]) if has_total and in_episode else None,
                "svg": trend_svg(
                    instrument_name=name,
                    points=[(local_date(r.administered_at), r.total) for r in series],
                    scheme_name=series[-1].scheme or None,
                    context=series[-1].context,
                )
                if has_total
                else "",
            }
        )
    return panels


def open_alerts_for_patient(*, patient, user):
    return list(
        SafetyAlert.objects.filter(readable_measures(user), patient=patient, status=AlertStatus.OPEN)
        .select_related("assigned_to", "response")
        .order_by("-created_at")
    )


def open_alerts_for_user(*, user):
    """Open alerts in the user's programs about patients the access policy shows them; the user's own first."""
    alerts = (
        SafetyAlert.objects.filter(
            visible_through(user), status=AlertStatus.OPEN, episode__program_id__in=user.program_ids
        )
        .select_related("patient", "assigned_to", "response", "episode__program")
        .order_by("-created_at")
    )
    return sorted(alerts, key=lambda a: a.assigned_to_id != user.pk)


def program_census(*, program, user):
    """The program's active episodes whose patients the access policy shows the user."""
    return (
        Episode.objects.filter(visible_through(user), program=program, status=EpisodeStatus.ACTIVE)
        .select_related("patient", "track")
        .order_by("patient__legal_last_name", "patient__legal_first_name", "pk")
    )


def latest_scores(*, episodes, instruments: list[str], user):
    """Each episode's latest total and band per instrument among the results ``user`` may read, in one query
    (a window over the results)."""
    episodes = list(episodes)
    newest_first = Window(
        RowNumber(), partition_by=[F("patient_id"), F("instrument")], order_by=F("administered_at").desc()
    )
    latest = (
        MeasureResponse.objects.filter(
            readable_measures(user),
            patient_id__in=[e.patient_id for e in episodes],
            instrument__in=instruments,
            rescored_from__isnull=True,
        )
        .annotate(rank=newest_first)
        .filter(rank=1)
        .values_list("patient_id", "instrument", "total", "band", "administered_at")
    )
    by_patient = {(patient_id, name): (total, band, at) for patient_id, name, total, band, at in latest}
    rows = []
    for episode in episodes:
        cells = []
        for name in instruments:
            total, band, at = by_patient.get((episode.patient_id, name), (None, "", None))
            cells.append({"total": total, "band": (band or "").replace("_", " "), "at": at})
        rows.append((episode, cells))
    return rows
