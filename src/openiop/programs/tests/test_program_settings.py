"""A director sets which payer hours rules the program checks, the plan-review cadence and the phases; the hours
engine then reads those choices. Changes are audited with before and after; bad input is refused naming the
field with nothing saved; only directors of the program reach the page."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.programs.hours_rules import PAYER_RULES
from openiop.programs.models import Phase, Program
from openiop.programs.services import phase_save, program_settings_update
from openiop.schedule.selectors import week_hours


def _url(program):
    return reverse("programs:settings", args=[program.pk])


def _settings(payer_codes, days):
    return {"action": "settings", "payer_codes": payer_codes, "plan_review_days": days}


def _phase(name, order, weekdays, **extra):
    return {"action": "phase", "name": name, "order": order, "weekdays": weekdays, **extra}


def test_a_new_program_checks_the_payer_rules_usual_for_its_clinical_focus(program_a):
    assert program_a.payer_codes == ["h0015", "medicare_iop"]
    assert program_a.plan_review_days == 30


def test_the_director_changes_the_payer_rules_and_review_days_audited_before_and_after(
    client_for, director_a, program_a
):
    response = client_for(director_a).post(_url(program_a), _settings(["s9480", "medicare_iop"], 45))
    assert response.status_code == 302 and response.url == _url(program_a)
    program = Program.objects.get(pk=program_a.pk)
    assert (program.payer_codes, program.plan_review_days) == (["s9480", "medicare_iop"], 45)
    event = AuditEvent.objects.filter(object_type="program", object_id=str(program_a.pk), action="update").get()
    assert event.user_id == director_a.pk
    assert event.detail == {
        "before": {"payer_codes": ["h0015", "medicare_iop"], "plan_review_days": 30},
        "after": {"payer_codes": ["s9480", "medicare_iop"], "plan_review_days": 45},
    }


def test_choosing_no_payer_rule_leaves_only_the_level_of_care_check(client_for, director_a, program_a):
    client_for(director_a).post(_url(program_a), _settings([], 30))
    assert Program.objects.get(pk=program_a.pk).payer_codes == []


def test_an_unknown_payer_code_is_refused_naming_the_field_and_nothing_changes(client_for, director_a, program_a):
    response = client_for(director_a).post(_url(program_a), _settings(["h0015", "x9999"], 60))
    assert response.status_code == 200
    assert "payer_codes" in response.context["settings_form"].errors
    assert "x9999" in response.content.decode()
    program = Program.objects.get(pk=program_a.pk)
    assert (program.payer_codes, program.plan_review_days) == (["h0015", "medicare_iop"], 30)
    assert not AuditEvent.objects.filter(object_type="program", action="update").exists()


def test_the_service_refuses_an_unknown_payer_code_naming_the_allowed_ones(director_a, program_a):
    with pytest.raises(ValidationError) as excinfo:
        program_settings_update(acting_user=director_a, program=program_a, payer_codes=["x9999"], plan_review_days=30)
    message = excinfo.value.message_dict["payer_codes"][0]
    assert "x9999" in message and all(code in message for code in PAYER_RULES)


@pytest.mark.parametrize("days", [0, 6, 181, 1000])
def test_review_days_out_of_range_are_refused_with_the_allowed_range(client_for, director_a, program_a, days):
    response = client_for(director_a).post(_url(program_a), _settings(["h0015"], days))
    assert response.status_code == 200
    errors = response.context["settings_form"].errors
    assert errors["plan_review_days"] == ["Give a number of days from 7 to 180."]
    assert str(days) in response.content.decode()  # the user's input is kept
    assert Program.objects.get(pk=program_a.pk).plan_review_days == 30


def test_review_days_that_are_not_a_number_are_refused(client_for, director_a, program_a):
    response = client_for(director_a).post(_url(program_a), _settings(["h0015"], "monthly"))
    assert response.status_code == 200
    assert "plan_review_days" in response.context["settings_form"].errors
    assert Program.objects.get(pk=program_a.pk).plan_review_days == 30


def test_the_director_adds_a_phase_and_its_days_are_kept_in_week_order(client_for, director_a, program_a):
    response = client_for(director_a).post(_url(program_a), _phase("Phase 2", 2, ["FR", "MO", "WE"]))
    assert response.status_code == 302
    phase = Phase.objects.get(program=program_a)
    assert (phase.name, phase.order, phase.weekdays) == ("Phase 2", 2, "MO,WE,FR")
    event = AuditEvent.objects.filter(object_type="phase", action="create").get()
    assert event.detail == {"program_id": program_a.pk, "weekdays": "MO,WE,FR"}


def test_the_director_edits_a_phase(client_for, director_a, program_a):
    phase = Phase.objects.create(program=program_a, name="Phase 2", order=2, weekdays="MO,WE,FR")
    client = client_for(director_a)
    page = client.get(_url(program_a), {"phase": phase.pk})
    assert page.context["editing"] == phase
    response = client.post(_url(program_a), _phase("Phase 2 (two days)", 2, ["TU", "TH"], phase=phase.pk))
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.name, phase.weekdays) == ("Phase 2 (two days)", "TU,TH")
    assert Phase.objects.filter(program=program_a).count() == 1
    assert AuditEvent.objects.filter(object_type="phase", object_id=str(phase.pk), action="update").exists()


@pytest.mark.parametrize(
    ("name", "order", "field"),
    [("Phase 1", 3, "name"), ("Phase 3", 1, "order")],
)
def test_a_duplicate_phase_name_or_place_is_refused_naming_the_field(
    client_for, director_a, program_a, name, order, field
):
    Phase.objects.create(program=program_a, name="Phase 1", order=1, weekdays="MO,TU,WE,TH,FR")
    response = client_for(director_a).post(_url(program_a), _phase(name, order, ["MO"]))
    assert response.status_code == 200
    assert field in response.context["phase_form"].errors
    assert response.context["phase_form"].data["name"] == name
    assert Phase.objects.filter(program=program_a).count() == 1


def test_the_same_phase_name_is_fine_in_another_program(director_a, program_a, program_b):
    Phase.objects.create(program=program_b, name="Phase 1", order=1, weekdays="MO")
    phase = phase_save(acting_user=director_a, program=program_a, name="Phase 1", order=1, weekdays=["MO"])
    assert phase.program == program_a


def test_a_phase_without_days_or_with_an_unknown_day_is_refused(director_a, program_a):
    for weekdays in ([], ["MO", "XX"]):
        with pytest.raises(ValidationError) as excinfo:
            phase_save(acting_user=director_a, program=program_a, name="Phase 2", order=2, weekdays=weekdays)
        assert "MO, TU, WE, TH, FR, SA, SU" in excinfo.value.message_dict["weekdays"][0]
    assert not Phase.objects.exists()


@pytest.mark.parametrize("persona", ["clinician_a", "nurse_a", "front_desk_a", "billing_a"])
def test_anyone_but_a_director_gets_an_audited_403(client_for, request, persona, program_a):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(_url(program_a)).status_code == 403
    assert client.post(_url(program_a), _settings(["s9480"], 60)).status_code == 403
    assert client.get(reverse("programs:list")).status_code == 403
    assert Program.objects.get(pk=program_a.pk).payer_codes == ["h0015", "medicare_iop"]
    assert AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED, detail__reason="role").exists()


def test_a_director_of_another_program_gets_an_audited_404(client_for, director_b, program_a):
    client = client_for(director_b)
    assert client.get(_url(program_a)).status_code == 404
    assert client.post(_url(program_a), _settings(["s9480"], 60)).status_code == 404
    assert Program.objects.get(pk=program_a.pk).payer_codes == ["h0015", "medicare_iop"]
    denial = AuditEvent.objects.filter(user_id=director_b.pk, outcome=Outcome.DENIED, detail__reason="scope").first()
    assert (denial.object_type, denial.object_id) == ("program", str(program_a.pk))


def test_a_director_of_one_program_goes_straight_to_its_settings(client_for, director_a, program_a):
    response = client_for(director_a).get(reverse("programs:list"))
    assert response.status_code == 302 and response.url == _url(program_a)


def test_the_hours_engine_checks_the_payer_rules_the_program_chose(
    client_for, director_a, program_a, make_patient, clinician_a
):
    episode = make_patient(program_a, acting_user=clinician_a)[1]
    monday, now = date(2026, 10, 19), datetime(2026, 10, 21, 16, tzinfo=UTC)

    def codes():
        fresh = type(episode).objects.select_related("program").get(pk=episode.pk)
        return {check.code for check in week_hours(episode=fresh, week_start=monday, now=now).checks}

    assert {"h0015", "medicare_iop"} <= codes()
    client_for(director_a).post(_url(program_a), _settings(["medicare_iop", "s9480"], 30))
    after = codes()
    assert "h0015" not in after
    assert {"medicare_iop", "s9480"} <= after
    assert "asam3_2.1_adult" in after  # the level-of-care minimum is always checked
