"""The facts of a discharge summary, assembled from the record of one discharged episode.

The result is plain JSON (dates as ISO strings) so the summary keeps the facts as they stood when it was
drafted or last refreshed; a signed summary never changes even if the chart is corrected later.
"""

from collections import defaultdict

from django.db.models import Count, Q, Sum

from openiop.measures.models import MeasureResponse
from openiop.plans.models import PlanStatus, TreatmentPlan
from openiop.plans.selectors import objective_progress, plan_tree
from openiop.schedule.models import ATTENDED, NOT_TREATMENT_HOURS, Attendance, SessionType

NOT_MEASURED = "not measured"


def _levels(episode) -> list[dict]:
    return [
        {
            "kind": change.get_kind_display(),
            "effective_on": change.effective_on.isoformat(),
            "level": change.level_of_care.short_label if change.level_of_care else change.level_of_care_code,
            "track": change.track.name if change.track_id else "",
            "phase": change.phase.name if change.phase_id else "",
            "reason": change.reason,
        }
        for change in episode.level_history.select_related("track", "phase").order_by("effective_on", "recorded_at")
    ]


def _services(episode) -> dict:
    """Attended sessions and minutes by session type; alumni groups are not treatment hours."""
    rows = (
        Attendance.objects.filter(episode=episode, status__in=ATTENDED)
        .values("session__session_type")
        .annotate(sessions=Count("pk"), minutes=Sum("attended_minutes"))
        .order_by("session__session_type")
    )
    labels = dict(SessionType.choices)
    by_type = [
        {
            "session_type": row["session__session_type"],
            "label": labels.get(row["session__session_type"], row["session__session_type"]),
            "sessions": row["sessions"],
            "hours": round((row["minutes"] or 0) / 60, 1),
            "treatment": row["session__session_type"] not in NOT_TREATMENT_HOURS,
        }
        for row in rows
    ]
    treatment = [row for row in by_type if row["treatment"]]
    missed = Attendance.objects.filter(episode=episode).filter(~Q(status__in=ATTENDED)).count()
    total_minutes = sum(row["minutes"] or 0 for row in rows if row["session__session_type"] not in NOT_TREATMENT_HOURS)
    return {
        "by_type": by_type,
        "total_sessions": sum(row["sessions"] for row in treatment),
        "total_hours": round(total_minutes / 60, 1),
        "absences": missed,
    }


def _measures(episode) -> list[dict]:
    """First and last original (not re-scored) result per instrument during the episode."""
    responses = MeasureResponse.objects.filter(patient_id=episode.patient_id, rescored_from__isnull=True).filter(
        Q(episode=episode)
        | Q(
            episode__isnull=True,
            administered_at__date__gte=episode.admitted_on,
            administered_at__date__lte=episode.discharged_on,
        )
    )
    by_instrument: dict[str, list] = defaultdict(list)
    for response in responses.order_by("administered_at", "id"):
        by_instrument[response.instrument].append(response)

    def score(response) -> dict:
        return {
            "on": response.administered_at.date().isoformat(),
            "total": response.total,
            "band": response.band_label,
        }

    return [
        {
            "instrument": instrument,
            "count": len(given),
            "first": score(given[0]),
            "last": score(given[-1]) if len(given) > 1 else None,
        }
        for instrument, given in sorted(by_instrument.items())
    ]


def _goals(episode) -> dict:
    """Goals of the plan in force, each with its objectives and whether their measure targets are met."""
    plan = TreatmentPlan.objects.filter(episode=episode, status=PlanStatus.SIGNED).first()
    if plan is None:
        return {"plan_version": None, "goals": []}
    plan = plan_tree(plan_id=plan.pk)
    progress = objective_progress(plan=plan)
    goals = []
    for problem in plan.problems.all():
        for goal in problem.goals.all():
            objectives = []
            for objective in goal.objectives.all():
                state = progress.get(objective.pk)
                met = state["met"] if state else None
                objectives.append(
                    {
                        "description": objective.description,
                        "target": objective.measure_target,
                        "current": state["current"] if state else None,
                        "met": met,
                    }
                )
            measured = [o["met"] for o in objectives if o["met"] is not None]
            goals.append(
                {
                    "problem": problem.statement,
                    "statement": goal.statement,
                    "objectives": objectives,
                    "met": (all(measured) if measured else None),
                }
            )
    return {"plan_version": plan.version, "goals": goals}


def medications_in_force(episode) -> dict[str, list[str]]:
    """The medication list and MAT orders in force on the discharge date, from the medications app."""
    from openiop.medications.selectors import medications_in_force_on

    # Only what this program recorded (decision 0009: records follow the program that made them).
    return medications_in_force_on(
        patient_id=episode.patient_id, day=episode.discharged_on, program_id=episode.program_id
    )


def medications_at_discharge(episode, in_force: dict | None = None) -> str:
    """The same, one per line, for the clinician to edit (the aftercare plan's medications to continue)."""
    in_force = in_force or medications_in_force(episode)
    return "\n".join(in_force["medications"] + [f"MAT: {line}" for line in in_force["mat"]])


def summary_record(episode) -> dict:
    # Calendar days from admission to discharge (a same-day discharge is 0).
    length_of_stay = (episode.discharged_on - episode.admitted_on).days
    return {
        "admitted_on": episode.admitted_on.isoformat(),
        "discharged_on": episode.discharged_on.isoformat(),
        "length_of_stay_days": length_of_stay,
        "program": episode.program.name,
        "discharge_reason_code": episode.discharge_reason,
        "discharge_reason": episode.get_discharge_reason_display(),
        "discharge_note": episode.status_reason,
        "level_history": _levels(episode),
        "services": _services(episode),
        "measures": _measures(episode),
        "medications_in_force": medications_in_force(episode),
        **_goals(episode),
    }
