"""Demo measure schedules and histories: most patients improve, some do not, one has an open alert."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.episodes.models import Episode, EpisodeStatus
from openiop.measures import services as measure_services
from openiop.measures.models import MeasureScheduleRule, ScheduleTrigger

# program key -> (instrument, trigger, interval days)
SCHEDULES = {
    "adult": [
        ("PHQ-9", "admission", None),
        ("PHQ-9", "recurring", 14),
        ("GAD-7", "admission", None),
        ("GAD-7", "recurring", 14),
        ("BAM", "recurring", 7),
        ("AUDIT-C", "admission", None),
        ("DAST-10", "admission", None),
        ("PHQ-9", "discharge", None),
        ("PHQ-9", "after_discharge", 30),
    ],
    "teen": [
        ("PHQ-9", "admission", None),
        ("PHQ-9", "recurring", 14),
        ("GAD-7", "admission", None),
        ("GAD-7", "recurring", 14),
        ("C-SSRS-Screener", "admission", None),
    ],
    "mh": [
        ("PHQ-9", "admission", None),
        ("PHQ-9", "recurring", 14),
        ("GAD-7", "admission", None),
        ("GAD-7", "recurring", 14),
        ("PCL-5", "admission", None),
        ("PCL-5", "recurring", 28),
        ("C-SSRS-Screener", "admission", None),
    ],
}


def add_schedules(programs: dict) -> None:
    MeasureScheduleRule.objects.bulk_create(
        [
            MeasureScheduleRule(
                program=programs[key], instrument=instrument, trigger=ScheduleTrigger(trigger), interval_days=interval
            )
            for key, rules in SCHEDULES.items()
            for instrument, trigger, interval in rules
        ]
    )


def spread(total: int, items: int, top: int, rng, fixed: dict | None = None) -> list[int]:
    """Answers in 0..top summing to ``total`` (capped), with some items held at fixed values."""
    fixed = fixed or {}
    answers = [fixed.get(i, 0) for i in range(items)]
    free = [i for i in range(items) if i not in fixed]
    remaining = max(0, min(total - sum(answers), top * len(free)))
    while remaining:
        i = rng.choice(free)
        if answers[i] < top:
            answers[i] += 1
            remaining -= 1
    return answers


def _at(day, tz: str) -> datetime:
    """10:00 on the day in the program's zone, but never later than a few minutes ago."""
    return min(datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(tz)), timezone.now() - timedelta(minutes=10))


def add_histories(rng, director, programs: dict) -> dict:
    counts = {"responses": 0, "alerts": 0}
    episodes = list(
        Episode.objects.filter(program__in=programs.values(), admitted_on__isnull=False)
        .select_related("patient", "program", "primary_clinician")
        .order_by("pk")
    )
    alert_episode = next(e for e in episodes if e.program == programs["adult"] and e.status == EpisodeStatus.ACTIVE)
    for index, episode in enumerate(episodes):
        tz = episode.program.time_zone
        end = episode.discharged_on or local_today(tz)
        improving = index % 4 != 3  # one in four does not improve
        start_phq, start_gad = rng.randint(14, 22), rng.randint(11, 18)
        is_sud = episode.program == programs["adult"]
        clinician = episode.primary_clinician or director

        def record(
            instrument, answers, day, context=None, mode="clinician", episode=episode, clinician=clinician, tz=tz
        ):
            measure_services.measure_record(
                acting_user=clinician,
                patient=episode.patient,
                episode=episode,
                instrument=instrument,
                answers=answers,
                context=context,
                mode=mode,
                administered_at=_at(day, tz),
            )
            counts["responses"] += 1

        if is_sud:
            sex = episode.patient.sex_assigned_at_birth
            record(
                "AUDIT-C",
                spread(rng.randint(3, 9), 3, 4, rng),
                episode.admitted_on - timedelta(days=2),
                context={"sex": sex if sex in ("female", "male") else "female"},
            )
            record(
                "DAST-10",
                ["yes" if i != 2 and rng.random() < 0.5 else "no" for i in range(10)],
                episode.admitted_on - timedelta(days=2),
            )
        # Every two weeks; the last one is sometimes left undone so the due list has overdue work.
        days = range(0, (end - episode.admitted_on).days + 1, 14)
        visits = [episode.admitted_on + timedelta(days=d) for d in days]
        if index % 5 == 0 and len(visits) > 1:
            visits = visits[:-1]
        for n, day in enumerate(visits):
            fraction = n / max(1, len(visits) - 1)
            phq = (
                round(start_phq - (start_phq - rng.randint(3, 8)) * fraction)
                if improving
                else start_phq + rng.randint(-2, 2)
            )
            gad = (
                round(start_gad - (start_gad - rng.randint(2, 7)) * fraction)
                if improving
                else start_gad + rng.randint(-2, 2)
            )
            mode = "self_report" if n % 2 else "clinician"
            record("PHQ-9", spread(phq, 9, 3, rng, fixed={8: 0}), day, mode=mode)
            record("GAD-7", spread(gad, 7, 3, rng), day, mode=mode)
            if episode.program == programs["mh"] and n % 2 == 0:
                pcl = max(0, rng.randint(38, 55) - (n * rng.randint(4, 9) if improving else 0))
                record("PCL-5", spread(pcl, 20, 4, rng), day)
        if is_sud:
            for week in range(0, (end - episode.admitted_on).days + 1, 7):
                use = 0 if improving and week > 14 else rng.randint(0, 2)
                answers = {str(k): rng.randint(0, 4) for k in range(1, 18)}
                answers.update({"4": use, "5": 0, "6": use, "7": None})
                record("BAM", answers, episode.admitted_on + timedelta(days=week))
    # A recent self-report with PHQ-9 item 9 above zero: an open safety alert for the primary clinician.
    measure_services.measure_record(
        acting_user=alert_episode.primary_clinician,
        patient=alert_episode.patient,
        episode=alert_episode,
        instrument="PHQ-9",
        answers=[2, 2, 2, 1, 1, 2, 1, 1, 1],
        mode="self_report",
        administered_at=timezone.now() - timedelta(hours=1),
    )
    counts["responses"] += 1
    counts["alerts"] += 1
    return counts
