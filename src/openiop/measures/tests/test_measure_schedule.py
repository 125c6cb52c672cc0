"""Which measures are due: the pure rule (schedule.due_for_episode) and the pages built on it."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent, Outcome
from openiop.measures.models import MeasureScheduleRule, ScheduleTrigger
from openiop.measures.schedule import ADMISSION_LOOKBACK_DAYS, due_for_episode
from openiop.measures.tests.form_data import form_data

ADMITTED = date(2025, 3, 3)
DISCHARGED = date(2025, 5, 2)


def _episode(admitted_on=ADMITTED, discharged_on=None):
    return SimpleNamespace(admitted_on=admitted_on, discharged_on=discharged_on)


def _rule(trigger, instrument="PHQ-9", interval_days=None, window_days=3) -> MeasureScheduleRule:
    return MeasureScheduleRule(
        instrument=instrument, trigger=trigger, interval_days=interval_days, window_days=window_days
    )


def _due(rule, today, *, given=(), episode=None):
    return [
        (item.instrument, item.trigger, item.due_on, item.status(today))
        for item in due_for_episode(
            episode=episode or _episode(), rules=[rule], last_given={rule.instrument: list(given)}, today=today
        )
    ]


ADMISSION = _rule(ScheduleTrigger.ADMISSION)
EVERY_14 = _rule(ScheduleTrigger.RECURRING, interval_days=14)
DISCHARGE = _rule(ScheduleTrigger.DISCHARGE)
AFTER_30 = _rule(ScheduleTrigger.AFTER_DISCHARGE, interval_days=30)


# ---- admission ----


def test_the_admission_measure_is_due_on_the_day_of_admission():
    assert _due(ADMISSION, ADMITTED) == [("PHQ-9", "admission", ADMITTED, "due")]


def test_the_admission_measure_is_not_due_before_admission():
    assert _due(ADMISSION, ADMITTED - timedelta(days=1)) == []


def test_an_intake_screen_up_to_7_days_before_admission_satisfies_the_admission_measure():
    assert ADMISSION_LOOKBACK_DAYS == 7
    assert _due(ADMISSION, ADMITTED + timedelta(days=1), given=[ADMITTED - timedelta(days=7)]) == []
    assert _due(ADMISSION, ADMITTED + timedelta(days=1), given=[ADMITTED - timedelta(days=8)]) == [
        ("PHQ-9", "admission", ADMITTED, "due")
    ]


def test_another_instrument_does_not_satisfy_the_admission_measure():
    items = due_for_episode(episode=_episode(), rules=[ADMISSION], last_given={"GAD-7": [ADMITTED]}, today=ADMITTED)
    assert [(item.instrument, item.due_on) for item in items] == [("PHQ-9", ADMITTED)]


def test_the_admission_measure_is_overdue_once_its_window_has_passed():
    assert _due(ADMISSION, ADMITTED + timedelta(days=3)) == [("PHQ-9", "admission", ADMITTED, "due")]
    assert _due(ADMISSION, ADMITTED + timedelta(days=4)) == [("PHQ-9", "admission", ADMITTED, "overdue")]
    wide = _rule(ScheduleTrigger.ADMISSION, window_days=10)
    assert _due(wide, ADMITTED + timedelta(days=10)) == [("PHQ-9", "admission", ADMITTED, "due")]


# ---- recurring ----


def test_a_recurring_measure_is_first_due_its_interval_after_admission():
    assert _due(EVERY_14, ADMITTED + timedelta(days=13)) == []
    assert _due(EVERY_14, ADMITTED + timedelta(days=14)) == [
        ("PHQ-9", "recurring", ADMITTED + timedelta(days=14), "due")
    ]


def test_a_recurring_measure_counts_from_the_last_result():
    given = [ADMITTED, ADMITTED + timedelta(days=10)]
    assert _due(EVERY_14, ADMITTED + timedelta(days=23), given=given) == []
    assert _due(EVERY_14, ADMITTED + timedelta(days=24), given=given) == [
        ("PHQ-9", "recurring", ADMITTED + timedelta(days=24), "due")
    ]


def test_a_recurring_measure_counts_from_an_intake_screen_just_before_admission():
    screen = ADMITTED - timedelta(days=3)
    assert _due(EVERY_14, ADMITTED + timedelta(days=11), given=[screen]) == [
        ("PHQ-9", "recurring", screen + timedelta(days=14), "due")
    ]


def test_a_result_from_long_before_admission_does_not_move_the_recurring_clock():
    old = ADMITTED - timedelta(days=60)
    assert _due(EVERY_14, ADMITTED + timedelta(days=14), given=[old]) == [
        ("PHQ-9", "recurring", ADMITTED + timedelta(days=14), "due")
    ]


def test_a_recurring_measure_is_overdue_after_its_window():
    due_on = ADMITTED + timedelta(days=14)
    assert _due(EVERY_14, due_on + timedelta(days=3)) == [("PHQ-9", "recurring", due_on, "due")]
    assert _due(EVERY_14, due_on + timedelta(days=4)) == [("PHQ-9", "recurring", due_on, "overdue")]


def test_a_recurring_measure_stops_at_discharge():
    discharged = _episode(discharged_on=DISCHARGED)
    assert _due(EVERY_14, DISCHARGED + timedelta(days=20), episode=discharged) == []


# ---- discharge and after discharge ----


def test_discharge_and_follow_up_measures_are_not_due_while_in_treatment():
    later = ADMITTED + timedelta(days=200)
    assert _due(DISCHARGE, later) == []
    assert _due(AFTER_30, later) == []


def test_the_discharge_measure_is_due_on_the_day_of_discharge():
    discharged = _episode(discharged_on=DISCHARGED)
    assert _due(DISCHARGE, DISCHARGED, episode=discharged) == [("PHQ-9", "discharge", DISCHARGED, "due")]
    assert _due(DISCHARGE, DISCHARGED + timedelta(days=4), episode=discharged) == [
        ("PHQ-9", "discharge", DISCHARGED, "overdue")
    ]


def test_the_discharge_measure_is_satisfied_by_a_result_within_its_window_before_discharge():
    discharged = _episode(discharged_on=DISCHARGED)
    assert _due(DISCHARGE, DISCHARGED, episode=discharged, given=[DISCHARGED - timedelta(days=3)]) == []
    assert _due(DISCHARGE, DISCHARGED, episode=discharged, given=[DISCHARGED - timedelta(days=4)]) == [
        ("PHQ-9", "discharge", DISCHARGED, "due")
    ]


def test_the_follow_up_measure_is_due_its_days_after_discharge():
    discharged = _episode(discharged_on=DISCHARGED)
    due_on = DISCHARGED + timedelta(days=30)
    assert _due(AFTER_30, due_on - timedelta(days=1), episode=discharged) == []
    assert _due(AFTER_30, due_on, episode=discharged) == [("PHQ-9", "after_discharge", due_on, "due")]
    assert _due(AFTER_30, due_on + timedelta(days=4), episode=discharged) == [
        ("PHQ-9", "after_discharge", due_on, "overdue")
    ]
    assert _due(AFTER_30, due_on, episode=discharged, given=[due_on - timedelta(days=2)]) == []


def test_a_planned_episode_has_nothing_due():
    planned = _episode(admitted_on=None)
    for rule in (ADMISSION, EVERY_14, DISCHARGE, AFTER_30):
        assert _due(rule, ADMITTED + timedelta(days=100), episode=planned) == []


def test_several_rules_come_back_oldest_due_first():
    items = due_for_episode(
        episode=_episode(),
        rules=[EVERY_14, _rule(ScheduleTrigger.ADMISSION, instrument="GAD-7")],
        last_given={},
        today=ADMITTED + timedelta(days=20),
    )
    assert [(item.instrument, item.trigger) for item in items] == [("GAD-7", "admission"), ("PHQ-9", "recurring")]


# ---- pages ----


def _due_rows(page: str) -> list[tuple[str, str, str, str]]:
    """(patient, measure, when, status) for each row of the due table."""
    rows = []
    for row in re.findall(r"<tr>\s*<td><a href=\"/patients/\d+/measures/\">(.*?)</tr>", page, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", "<td>" + row, re.S)
        ]
        rows.append((cells[0], cells[2], cells[3], cells[5]))
    return sorted(rows)


@pytest.fixture
def programme(program_a, program_b, make_patient, make_user, clinician_a, clinician_b, patient_a, patient_b):
    """Program A: PHQ-9 at admission (3-day window) and GAD-7 every 14 days; patient_a (clinician_a) and
    another patient of another clinician. Program B has the same rules for patient_b."""
    colleague = make_user(Role.CLINICIAN, [program_a], username="colleague-a")
    other, _ = make_patient(
        program_a, acting_user=colleague, clinician=colleague, legal_first_name="Odile", legal_last_name="Marsh"
    )
    for program in (program_a, program_b):
        MeasureScheduleRule.objects.create(program=program, instrument="PHQ-9", trigger="admission", window_days=3)
        MeasureScheduleRule.objects.create(
            program=program, instrument="GAD-7", trigger="recurring", interval_days=14, window_days=3
        )
    return SimpleNamespace(other=other, colleague=colleague)


def test_the_due_list_shows_my_caseload_with_overdue_first(programme, patient_a, clinician_a, client_for):
    # Admitted 14 days ago: the admission PHQ-9 is long overdue and the fortnightly GAD-7 falls due today.
    page = client_for(clinician_a).get(reverse("measures:due")).content.decode()

    rows = _due_rows(page)
    assert [(patient, measure, status) for patient, measure, _, status in rows] == [
        ("Alma Quinlan", "GAD-7", "Due"),
        ("Alma Quinlan", "PHQ-9", "Overdue"),
    ]
    assert "14" in rows[0][2] and "admission" in rows[1][2].lower()
    assert page.index("PHQ-9") < page.index("GAD-7")
    assert "Odile" not in page and "Bruno" not in page


def test_the_due_list_for_all_my_programs_adds_colleagues_patients_but_not_other_programs(
    programme, clinician_a, client_for
):
    page = client_for(clinician_a).get(reverse("measures:due") + "?scope=all").content.decode()

    assert [row[:2] for row in _due_rows(page)] == [
        ("Alma Quinlan", "GAD-7"),
        ("Alma Quinlan", "PHQ-9"),
        ("Odile Marsh", "GAD-7"),
        ("Odile Marsh", "PHQ-9"),
    ]
    assert "Bruno" not in page and "Vesely" not in page


def test_recording_the_measure_takes_it_off_the_due_list(programme, patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)

    browser.post(reverse("measures:record", args=[patient_a.pk, "PHQ-9"]), form_data("PHQ-9", [0] * 9))
    browser.post(reverse("measures:record", args=[patient_a.pk, "GAD-7"]), form_data("GAD-7", [0] * 7))

    assert _due_rows(browser.get(reverse("measures:due")).content.decode()) == []
    assert "Nothing due." in browser.get(reverse("measures:due")).content.decode()


def test_the_due_list_is_audited_with_the_patients_it_showed(programme, patient_a, clinician_a, client_for):
    client_for(clinician_a).get(reverse("measures:due") + "?scope=all")

    event = AuditEvent.objects.filter(object_type="measures_due").get()
    assert event.detail == {"patient_ids": sorted([patient_a.pk, programme.other.pk])}


def test_the_chart_tab_shows_what_is_due_for_the_patient(programme, patient_a, clinician_a, client_for):
    page = client_for(clinician_a).get(reverse("measures:chart", args=[patient_a.pk])).content.decode()

    assert "Due now" in page
    assert re.search(r"PHQ-9 · [^<]*admission[^<]* · due [\d-]+\s*<span class=\"overdue\">overdue</span>", page, re.I)


def _schedule_url(program) -> str:
    return reverse("measures:schedule", args=[program.pk])


def test_a_director_adds_a_schedule_rule(program_a, director_a, client_for):
    browser = client_for(director_a)

    response = browser.post(
        _schedule_url(program_a),
        {"instrument": "PHQ-9", "trigger": "recurring", "interval_days": "14", "window_days": "3"},
    )

    assert response.status_code == 302
    assert response["Location"] == _schedule_url(program_a)
    rule = MeasureScheduleRule.objects.get()
    assert (rule.program, rule.instrument, rule.trigger, rule.interval_days, rule.window_days) == (
        program_a,
        "PHQ-9",
        "recurring",
        14,
        3,
    )
    event = AuditEvent.objects.get(object_type="measure_schedule_rule", action="create")
    assert (event.user_id, event.object_id) == (director_a.pk, str(rule.pk))
    page = browser.get(_schedule_url(program_a)).content.decode()
    assert "Rule added." in page and "Every N days while in treatment" in page


def test_an_admission_rule_keeps_no_days(program_a, director_a, client_for):
    client_for(director_a).post(
        _schedule_url(program_a),
        {"instrument": "PHQ-9", "trigger": "admission", "interval_days": "9", "window_days": "3"},
    )

    assert MeasureScheduleRule.objects.get().interval_days is None


@pytest.mark.parametrize("trigger", ["recurring", "after_discharge"])
def test_a_rule_that_needs_days_is_refused_without_them(trigger, program_a, director_a, client_for):
    response = client_for(director_a).post(
        _schedule_url(program_a), {"instrument": "PHQ-9", "trigger": trigger, "interval_days": "", "window_days": "3"}
    )

    assert response.status_code == 200
    assert "Give the number of days" in response.content.decode()
    assert not MeasureScheduleRule.objects.exists()
    assert not AuditEvent.objects.filter(object_type="measure_schedule_rule").exists()


def test_the_same_rule_twice_is_refused(program_a, director_a, client_for):
    browser = client_for(director_a)
    data = {"instrument": "GAD-7", "trigger": "admission", "interval_days": "", "window_days": "3"}
    browser.post(_schedule_url(program_a), data)

    response = browser.post(_schedule_url(program_a), data)

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert MeasureScheduleRule.objects.count() == 1


def test_a_director_removes_a_schedule_rule(program_a, director_a, client_for):
    rule = MeasureScheduleRule.objects.create(program=program_a, instrument="PHQ-9", trigger="admission")

    response = client_for(director_a).post(reverse("measures:schedule_delete", args=[program_a.pk, rule.pk]))

    assert response.status_code == 302
    assert response["Location"] == _schedule_url(program_a)
    assert not MeasureScheduleRule.objects.exists()
    event = AuditEvent.objects.get(object_type="measure_schedule_rule", action="delete")
    assert (event.user_id, event.object_id) == (director_a.pk, str(rule.pk))


def test_a_director_cannot_remove_another_programs_rule(program_b, director_a, client_for):
    rule = MeasureScheduleRule.objects.create(program=program_b, instrument="PHQ-9", trigger="admission")

    response = client_for(director_a).post(reverse("measures:schedule_delete", args=[program_b.pk, rule.pk]))

    assert response.status_code == 404
    assert MeasureScheduleRule.objects.filter(pk=rule.pk).exists()


def test_a_clinician_is_forbidden_the_schedule_page(program_a, clinician_a, client_for):
    rule = MeasureScheduleRule.objects.create(program=program_a, instrument="PHQ-9", trigger="admission")
    browser = client_for(clinician_a)

    assert browser.get(_schedule_url(program_a)).status_code == 403
    assert (
        browser.post(
            _schedule_url(program_a), {"instrument": "GAD-7", "trigger": "admission", "window_days": "3"}
        ).status_code
        == 403
    )
    assert browser.post(reverse("measures:schedule_delete", args=[program_a.pk, rule.pk])).status_code == 403

    assert list(MeasureScheduleRule.objects.values_list("pk", flat=True)) == [rule.pk]
    denials = AuditEvent.objects.filter(user_id=clinician_a.pk, outcome=Outcome.DENIED)
    assert [(e.object_type, e.detail["reason"]) for e in denials] == [("measure_schedule", "role")] * 3
