"""A drafted discharge summary holds the facts of the record: dates and length of stay, level-of-care
history, attended sessions and hours by type, first and last score per measure with bands, the signed
plan's goals and whether their targets are met, and the TEDS discharge reason."""

from datetime import timedelta

from openiop.continuity.models import AftercarePlan, DischargeSummary
from openiop.core.timezones import local_today

from .builders import drafted_summary, treated_and_discharged


def test_the_draft_assembles_services_measures_goals_and_dates(patient_a, clinician_a, director_a):
    episode, plan = treated_and_discharged(patient_a.episodes.get(), clinician=clinician_a, director=director_a)
    summary = drafted_summary(episode, clinician=clinician_a)
    record = summary.record
    today = local_today(episode.program.time_zone)

    assert record["admitted_on"] == (today - timedelta(days=14)).isoformat()
    assert record["discharged_on"] == today.isoformat()
    assert record["length_of_stay_days"] == 14
    assert (record["discharge_reason_code"], record["discharge_reason"]) == (1, "Treatment completed")
    assert [c["kind"] for c in record["level_history"]] == ["Admission", "Discharge"]

    services = record["services"]
    by_type = {row["session_type"]: row for row in services["by_type"]}
    assert (by_type["group_therapy"]["sessions"], by_type["group_therapy"]["hours"]) == (3, 8.5)  # 180+150+180 min
    assert (by_type["individual_therapy"]["sessions"], by_type["individual_therapy"]["hours"]) == (1, 1.0)
    assert (services["total_sessions"], services["total_hours"], services["absences"]) == (4, 9.5, 1)

    [phq9] = record["measures"]
    assert (phq9["instrument"], phq9["count"]) == ("PHQ-9", 3)
    assert (phq9["first"]["total"], phq9["first"]["band"]) == (14, "moderate")
    assert (phq9["last"]["total"], phq9["last"]["band"]) == (6, "mild")

    assert record["plan_version"] == plan.version
    [goal] = record["goals"]
    assert goal["met"] is True
    assert goal["objectives"][0]["target"] == "PHQ-9 < 10" and goal["objectives"][0]["current"] == 6
    assert summary.medications == ""  # free text until a medications module exists
    assert AftercarePlan.objects.filter(summary=summary).count() == 1


def test_a_goal_is_not_met_when_the_last_score_misses_the_target(patient_a, clinician_a, director_a):
    from .builders import record_phq9

    episode, _plan = treated_and_discharged(patient_a.episodes.get(), clinician=clinician_a, director=director_a)
    record_phq9(episode, clinician_a, 12, days_ago=0)
    summary = drafted_summary(episode, clinician=clinician_a)
    assert summary.record["goals"][0]["met"] is False


def test_a_summary_of_an_episode_without_plan_or_services_says_so(patient_a, clinician_a):
    from .builders import discharge

    episode = discharge(patient_a.episodes.get(), clinician_a)
    summary = drafted_summary(episode, clinician=clinician_a)
    assert summary.record["plan_version"] is None and summary.record["goals"] == []
    assert summary.record["services"]["total_sessions"] == 0 and summary.record["measures"] == []
    assert DischargeSummary.objects.count() == 1
