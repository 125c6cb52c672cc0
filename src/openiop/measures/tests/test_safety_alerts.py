"""A safety flag on a scored measure opens an alert for the primary clinician until the action taken is recorded."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent, Outcome
from openiop.measures.alert_rules import ALERT_KINDS, ALERT_RULES
from openiop.measures.models import AlertStatus, MeasureResponse, SafetyAlert, SelfReportLink
from openiop.measures.tests.form_data import form_data

NO_Q3_TO_Q5 = {"q3": None, "q4": None, "q5": None}
# One real response per rule that should raise it, and nothing else.
TRIGGERS = {
    "phq9_item9": ("PHQ-9", [0, 0, 0, 0, 0, 0, 0, 0, 1]),
    "cssrs_high": ("C-SSRS-Screener", {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "yes", "q5": "no", "q6": "no"}),
    "cssrs_moderate": ("C-SSRS-Screener", {"q1": "no", "q2": "no", **NO_Q3_TO_Q5, "q6": "yes", "q6_past3mo": "no"}),
    "audit_q9_q10": ("AUDIT", [1, 0, 0, 0, 0, 0, 0, 0, 4, 0]),
    "ciwa_severe": ("CIWA-Ar", [2, 2, 2, 2, 2, 2, 2, 2, 2, 1]),
    "cows_severe": ("COWS", [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 0]),
}
BENIGN = [
    ("PHQ-9", [0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ("PHQ-9", [3, 3, 3, 3, 3, 3, 3, 3, 0]),  # severe, but item 9 is 0
    ("C-SSRS-Screener", {"q1": "yes", "q2": "yes", "q3": "no", "q4": "no", "q5": "no", "q6": "no"}),
    ("AUDIT", [4, 4, 4, 4, 4, 4, 4, 4, 2, 2]),  # zone IV, but neither Q9 nor Q10 is 4
    ("CIWA-Ar", [2, 2, 2, 2, 2, 2, 2, 2, 2, 0]),  # 18: moderate
    ("COWS", [4, 4, 5, 5, 4, 4, 5, 4, 0, 0, 0]),  # 35: moderately severe
]


def test_every_alert_rule_has_a_triggering_response_here():
    assert set(TRIGGERS) == set(ALERT_KINDS)
    assert len(ALERT_RULES) == len(ALERT_KINDS)


@pytest.fixture
def nurse_a(make_user, program_a):
    return make_user(Role.NURSE, [program_a], username="nurse-a")


def _record(user, patient, instrument: str, answers, client_for):
    response = client_for(user).post(
        reverse("measures:record", args=[patient.pk, instrument]), form_data(instrument, answers)
    )
    assert response.status_code == 302, response.content.decode()
    return MeasureResponse.objects.filter(patient=patient).latest("pk")


def _chart_pages(patient) -> dict[str, str]:
    chart = reverse("patients:chart", args=[patient.pk])
    return {
        "overview": chart,
        "history": f"{chart}?tab=history",
        "team": f"{chart}?tab=team",
        "measures": reverse("measures:chart", args=[patient.pk]),
    }


def _banner(page: str) -> str:
    match = re.search(r'<section class="alert-banner".*?</section>', page, re.S)
    return html.unescape(match.group(0)) if match else ""


@pytest.mark.parametrize("kind", sorted(TRIGGERS))
def test_each_rule_opens_an_alert_for_the_primary_clinician_shown_on_every_chart_tab_and_the_dashboard(
    kind, patient_a, clinician_a, nurse_a, client_for
):
    instrument, answers = TRIGGERS[kind]

    # A nurse records it; the alert still goes to the episode's primary clinician.
    response = _record(nurse_a, patient_a, instrument, answers, client_for)

    alert = SafetyAlert.objects.get()
    rule = ALERT_KINDS[kind]
    assert (alert.kind, alert.severity, alert.status) == (kind, rule.severity, AlertStatus.OPEN)
    assert (alert.response, alert.patient, alert.episode) == (response, patient_a, response.episode)
    assert alert.assigned_to == clinician_a == response.episode.primary_clinician
    event = AuditEvent.objects.get(object_type="safety_alert", object_id=str(alert.pk), action="create")
    assert (event.user_id, event.patient_id, event.detail["kind"]) == (nurse_a.pk, patient_a.pk, kind)
    browser = client_for(clinician_a)
    for tab, url in _chart_pages(patient_a).items():
        banner = _banner(browser.get(url).content.decode())
        assert rule.title in banner, tab
        assert reverse("measures:alert", args=[alert.pk]) in banner, tab
    dashboard = _banner(browser.get(reverse("episodes:dashboard")).content.decode())
    assert rule.title in dashboard
    assert "assigned to you" in dashboard


@pytest.mark.parametrize(("instrument", "answers"), BENIGN, ids=[f"{i}-{n}" for n, (i, _) in enumerate(BENIGN)])
def test_a_response_without_a_safety_flag_raises_no_alert(instrument, answers, patient_a, clinician_a, client_for):
    _record(clinician_a, patient_a, instrument, answers, client_for)

    assert not SafetyAlert.objects.exists()
    browser = client_for(clinician_a)
    assert not _banner(browser.get(reverse("measures:chart", args=[patient_a.pk])).content.decode())
    assert not _banner(browser.get(reverse("episodes:dashboard")).content.decode())


def test_a_self_reported_item_9_raises_the_alert_too(patient_a, clinician_a, client_for):
    page = client_for(clinician_a).post(
        reverse("measures:link", args=[patient_a.pk]), {"instrument": "PHQ-9", "mode": "self_report"}
    )
    token = re.search(r"/r/([^/\"]+)/", page.content.decode()).group(1)

    Client().post(reverse("self_report", args=[token]), form_data("PHQ-9", [0, 0, 0, 0, 0, 0, 0, 0, 2]))

    alert = SafetyAlert.objects.get()
    assert (alert.kind, alert.assigned_to, alert.response) == (
        "phq9_item9",
        clinician_a,
        SelfReportLink.objects.get().response,
    )
    event = AuditEvent.objects.get(object_type="safety_alert", action="create")
    assert (event.user_id, event.patient_id) == (None, patient_a.pk)
    browser = client_for(clinician_a)
    assert ALERT_KINDS["phq9_item9"].title in _banner(
        browser.get(reverse("patients:chart", args=[patient_a.pk])).content.decode()
    )
    assert ALERT_KINDS["phq9_item9"].title in _banner(browser.get(reverse("episodes:dashboard")).content.decode())


@pytest.fixture
def alert(patient_a, clinician_a, client_for) -> SafetyAlert:
    _record(clinician_a, patient_a, "C-SSRS-Screener", TRIGGERS["cssrs_high"][1], client_for)
    return SafetyAlert.objects.get()


def _alert_url(alert) -> str:
    return reverse("measures:alert", args=[alert.pk])


def _state(alert) -> tuple:
    alert.refresh_from_db()
    return (alert.status, alert.acknowledged_by_id, alert.acknowledged_at, alert.action, alert.action_note)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "Called the patient; safety plan reviewed."}, "Choose the action taken: Safety plan reviewed"),
        ({"action": "took_a_nap", "note": "Called the patient."}, "took_a_nap is not one of the actions"),
        ({"action": "safety_plan_reviewed"}, "This field is required."),
        ({"action": "safety_plan_reviewed", "note": "   "}, "This field is required."),
    ],
    ids=["no action", "action not on the list", "no note", "blank note"],
)
def test_acknowledging_needs_an_action_from_the_list_and_a_note(data, message, alert, clinician_a, client_for):
    before = _state(alert)

    response = client_for(clinician_a).post(_alert_url(alert), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _state(alert) == before
    assert not AuditEvent.objects.filter(object_type="safety_alert", action="update").exists()


def test_the_alert_page_offers_every_action_on_the_list(alert, clinician_a, client_for):
    from openiop.measures.models import AlertAction

    page = client_for(clinician_a).get(_alert_url(alert)).content.decode()

    assert all(f'value="{value}"' in page for value in AlertAction.values)


def test_acknowledging_closes_the_alert_removes_the_banner_and_is_audited(alert, patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)

    response = browser.post(
        _alert_url(alert), {"action": "risk_assessment", "note": "  Full assessment done; seen by Dr Ode today.  "}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("measures:chart", args=[patient_a.pk])
    status, by, at, action, note = _state(alert)
    assert (status, by, action, note) == (
        AlertStatus.ACKNOWLEDGED,
        clinician_a.pk,
        "risk_assessment",
        "Full assessment done; seen by Dr Ode today.",
    )
    assert at is not None
    event = AuditEvent.objects.get(object_type="safety_alert", object_id=str(alert.pk), action="update")
    assert (event.user_id, event.patient_id, event.outcome) == (clinician_a.pk, patient_a.pk, Outcome.ALLOWED)
    assert event.detail == {"event": "acknowledged", "action_taken": "risk_assessment"}
    for tab, url in _chart_pages(patient_a).items():
        assert not _banner(browser.get(url).content.decode()), tab
    assert not _banner(browser.get(reverse("episodes:dashboard")).content.decode())
    assert "Acknowledged by" in browser.get(_alert_url(alert)).content.decode()


def test_a_second_acknowledgement_is_refused(alert, clinician_a, director_a, client_for):
    client_for(clinician_a).post(_alert_url(alert), {"action": "risk_assessment", "note": "Assessed."})
    before = _state(alert)

    response = client_for(director_a).post(_alert_url(alert), {"action": "other", "note": "Again."})

    assert response.status_code == 200
    assert _state(alert) == before
    assert AuditEvent.objects.filter(object_type="safety_alert", action="update").count() == 1
    assert "Acknowledged by" in response.content.decode()


def test_a_clinician_of_another_program_can_neither_see_nor_acknowledge_it(alert, patient_a, clinician_b, client_for):
    browser = client_for(clinician_b)
    before = _state(alert)

    seen = browser.get(_alert_url(alert))
    acted = browser.post(_alert_url(alert), {"action": "other", "note": "Not mine."})
    dashboard = browser.get(reverse("episodes:dashboard")).content.decode()

    assert (seen.status_code, acted.status_code) == (404, 404)
    for response in (seen, acted):
        body = response.content.decode()
        assert patient_a.legal_last_name not in body and patient_a.mrn not in body
    assert _state(alert) == before
    assert not _banner(dashboard)
    denials = AuditEvent.objects.filter(user_id=clinician_b.pk, outcome=Outcome.DENIED).order_by("sequence")
    assert [(e.object_type, e.object_id, e.action, e.detail["reason"]) for e in denials] == [
        ("safety_alert", str(alert.pk), "read", "scope"),
        ("safety_alert", str(alert.pk), "update", "scope"),
    ]


@pytest.mark.parametrize("persona", ["front_desk_a", "billing_a"])
def test_front_desk_and_billing_are_forbidden(persona, alert, request, client_for):
    user = request.getfixturevalue(persona)
    browser = client_for(user)
    before = _state(alert)

    assert browser.get(_alert_url(alert)).status_code == 403
    assert browser.post(_alert_url(alert), {"action": "other", "note": "x"}).status_code == 403

    assert _state(alert) == before
    denials = AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED)
    assert [(e.object_type, e.object_id, e.detail["reason"]) for e in denials] == [
        ("safety_alert", str(alert.pk), "role"),
        ("safety_alert", str(alert.pk), "role"),
    ]
