"""Every persona against every measures page, following the role table (accounts/roles.py CAPABILITIES).

The expectations restate the role table on purpose, so a change to who may do what is made twice:

- not signed in: redirected to the sign-in page;
- role not granted: 403, audited as denied (reason "role"), nothing written;
- role granted, record in another program: 404, audited as denied (reason "scope"), and the page reveals
  neither the patient's name nor the MRN;
- role granted, record in scope: 200, or a redirect after a valid POST that wrote something.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from openiop.accounts.roles import CAPABILITIES, Role
from openiop.audit.models import AuditEvent, Outcome
from openiop.episodes.models import Episode
from openiop.measures.models import MeasureResponse, MeasureScheduleRule, SafetyAlert, SelfReportLink
from openiop.measures.services import measure_record
from openiop.patients.models import Patient
from openiop.programs.models import Program

OK = "ok"
LOGIN = "login"
FORBIDDEN = "forbidden"
NOT_FOUND = "not found"

PERSONAS = (
    "anonymous",
    "clinician_a",
    "clinician_b",
    "director_a",
    "director_b",
    "intake_a",
    "nurse_a",
    "prescriber_a",
    "peer_support_a",
    "front_desk_a",
    "billing_a",
    "privacy_officer",
    "sysadmin",
)
ROLE_OF = {
    "clinician_a": Role.CLINICIAN,
    "clinician_b": Role.CLINICIAN,
    "director_a": Role.DIRECTOR,
    "director_b": Role.DIRECTOR,
    "intake_a": Role.INTAKE,
    "nurse_a": Role.NURSE,
    "prescriber_a": Role.PRESCRIBER,
    "peer_support_a": Role.PEER_SUPPORT,
    "front_desk_a": Role.FRONT_DESK,
    "billing_a": Role.BILLING,
    "privacy_officer": Role.PRIVACY_OFFICER,
    "sysadmin": Role.SYSADMIN,
}
IN_PROGRAM_A = {
    "clinician_a",
    "director_a",
    "intake_a",
    "nurse_a",
    "prescriber_a",
    "peer_support_a",
    "front_desk_a",
    "billing_a",
}

_CLINICAL = {Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE, Role.PEER_SUPPORT}
GRANTED: dict[str, set[str]] = {
    # Peer support sees alumni information only (issue 8): no scores.
    "measures.view": _CLINICAL - {Role.PEER_SUPPORT},
    # The program's score table is the treating team's; intake works the pipeline (12.12).
    "measures.view_program_scores": _CLINICAL - {Role.PEER_SUPPORT, Role.INTAKE},
    "measures.record": _CLINICAL - {Role.PEER_SUPPORT},
    "measures.issue_link": _CLINICAL - {Role.PEER_SUPPORT},
    "measures.rescore": {Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER},
    "measures.acknowledge_alert": {Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE},
    "measures.manage_schedule": {Role.DIRECTOR},
}

# 17 on CIWA-Ar: moderate under the default ASAM 2020 scheme, severe under the PMC table.
CIWA_17 = [3, 3, 3, 3, 3, 2, 0, 0, 0, 0]


@dataclass
class Scenario:
    patient: Patient
    episode: Episode
    program: Program
    ciwa: MeasureResponse  # a response with more than one band scheme, to re-score
    alert: SafetyAlert  # open, from a PHQ-9 with item 9 above 0
    rule: MeasureScheduleRule  # program A's, to remove

    @property
    def chart(self) -> str:
        return reverse("measures:chart", args=[self.patient.pk])

    @property
    def schedule(self) -> str:
        return reverse("measures:schedule", args=[self.program.pk])

    @property
    def secrets(self) -> list[str]:
        return [self.patient.legal_first_name, self.patient.legal_last_name, self.patient.mrn]


@dataclass(frozen=True)
class Page:
    key: str
    method: str
    capability: str
    url: Callable[[Scenario], str]
    # (object_type, object_id) pairs a denial may be audited with.
    audit_targets: Callable[[Scenario], set[tuple[str, str]]]
    data: Callable[[Scenario], dict] = lambda s: {}
    # Where a valid POST redirects; None when a valid POST answers 200 with the result (the issued link).
    success: Callable[[Scenario], str] | None = None
    outside: str = NOT_FOUND


def _patient_target(s: Scenario) -> set[tuple[str, str]]:
    return {("patient", str(s.patient.pk))}


def _patient_page(key, method, capability, url, **kwargs) -> Page:
    return Page(key, method, capability, url, _patient_target, **kwargs)


def _program_target(object_type):
    return lambda s: {(object_type, str(s.program.pk))}


def _rescored(s: Scenario) -> str:
    copy = MeasureResponse.objects.get(rescored_from=s.ciwa)
    return reverse("measures:response", args=[s.patient.pk, copy.pk])


PAGES = [
    _patient_page("measures:chart", "get", "measures.view", lambda s: s.chart),
    _patient_page(
        "measures:record", "get", "measures.record", lambda s: reverse("measures:record", args=[s.patient.pk, "PHQ-9"])
    ),
    _patient_page(
        "measures:record",
        "post",
        "measures.record",
        lambda s: reverse("measures:record", args=[s.patient.pk, "PHQ-9"]),
        data=lambda s: {f"item_{n}": "0" for n in range(1, 10)},
        success=lambda s: s.chart,
    ),
    _patient_page(
        "measures:response",
        "get",
        "measures.view",
        lambda s: reverse("measures:response", args=[s.patient.pk, s.ciwa.pk]),
    ),
    Page(
        "measures:response (re-score)",
        "post",
        "measures.rescore",
        lambda s: reverse("measures:response", args=[s.patient.pk, s.ciwa.pk]),
        lambda s: {("patient", str(s.patient.pk)), ("measure_response", str(s.ciwa.pk))},
        data=lambda s: {"scheme": "pmc_table"},
        success=_rescored,
    ),
    _patient_page(
        "measures:link", "get", "measures.issue_link", lambda s: reverse("measures:link", args=[s.patient.pk])
    ),
    _patient_page(
        "measures:link",
        "post",
        "measures.issue_link",
        lambda s: reverse("measures:link", args=[s.patient.pk]),
        data=lambda s: {"instrument": "PHQ-9", "mode": "self_report"},
    ),
    Page(
        "measures:alert",
        "get",
        "measures.acknowledge_alert",
        lambda s: reverse("measures:alert", args=[s.alert.pk]),
        lambda s: {("safety_alert", str(s.alert.pk))},
    ),
    Page(
        "measures:alert",
        "post",
        "measures.acknowledge_alert",
        lambda s: reverse("measures:alert", args=[s.alert.pk]),
        lambda s: {("safety_alert", str(s.alert.pk))},
        data=lambda s: {"action": "risk_assessment", "note": "Assessed in person; safety plan in place."},
        success=lambda s: s.chart,
    ),
    Page(
        "measures:due",
        "get",
        "measures.view",
        lambda s: reverse("measures:due"),
        lambda s: {("measures_due", "")},
        outside=OK,
    ),
    Page(
        "measures:program_scores",
        "get",
        "measures.view_program_scores",
        lambda s: reverse("measures:program_scores", args=[s.program.pk]),
        _program_target("program_scores"),
    ),
    Page(
        "measures:schedule",
        "get",
        "measures.manage_schedule",
        lambda s: s.schedule,
        _program_target("measure_schedule"),
    ),
    Page(
        "measures:schedule",
        "post",
        "measures.manage_schedule",
        lambda s: s.schedule,
        _program_target("measure_schedule"),
        data=lambda s: {"instrument": "GAD-7", "trigger": "recurring", "interval_days": "14", "window_days": "3"},
        success=lambda s: s.schedule,
    ),
    Page(
        "measures:schedule_delete",
        "post",
        "measures.manage_schedule",
        lambda s: reverse("measures:schedule_delete", args=[s.program.pk, s.rule.pk]),
        lambda s: {("measure_schedule", str(s.program.pk)), ("measure_schedule_rule", str(s.rule.pk))},
        success=lambda s: s.schedule,
    ),
]


def expected(page: Page, persona: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona == "intake_a" and page.key.startswith(
        ("measures:chart", "measures:record", "measures:response", "measures:link")
    ):
        # Intake works the pipeline: the patient is admitted, so the chart gate (measures.view) says "not
        # found" before any other capability is asked (privacy.policy.visible_q, 12.12).
        return NOT_FOUND
    if ROLE_OF[persona] not in GRANTED[page.capability]:
        return FORBIDDEN
    if persona not in IN_PROGRAM_A:
        return page.outside
    return OK


MATRIX = [(page, persona) for page in PAGES for persona in PERSONAS]
MATRIX_IDS = [f"{page.method.upper()} {page.key} as {persona} -> {expected(page, persona)}" for page, persona in MATRIX]


def test_the_matrix_covers_every_measures_page_for_every_persona():
    from openiop.measures.urls import urlpatterns

    assert len(MATRIX) >= 60
    assert {f"measures:{pattern.name}" for pattern in urlpatterns} == {page.key.split(" ")[0] for page in PAGES}


def test_the_restated_policy_matches_the_role_table():
    persona_roles = set(ROLE_OF.values())
    measures_capabilities = {name for name in CAPABILITIES if name.startswith("measures.")}
    assert set(GRANTED) == measures_capabilities
    for capability, roles in GRANTED.items():
        assert roles == set(CAPABILITIES[capability]) & persona_roles, capability
    assert {page.capability for page in PAGES} == measures_capabilities


@pytest.fixture
def scenario(patient_a, clinician_a, program_a, patient_b) -> Scenario:
    episode = Episode.objects.get(patient=patient_a)
    ciwa = measure_record(
        acting_user=clinician_a, patient=patient_a, episode=episode, instrument="CIWA-Ar", answers=CIWA_17
    )
    flagged = measure_record(
        acting_user=clinician_a,
        patient=patient_a,
        episode=episode,
        instrument="PHQ-9",
        answers=[0, 0, 0, 0, 0, 0, 0, 0, 1],
    )
    rule = MeasureScheduleRule.objects.create(program=program_a, instrument="PHQ-9", trigger="admission")
    return Scenario(
        patient=patient_a, episode=episode, program=program_a, ciwa=ciwa, alert=flagged.alerts.get(), rule=rule
    )


def _stored_state():
    return (
        list(MeasureResponse.objects.order_by("pk").values_list("pk", "total", "band", "scheme")),
        list(SelfReportLink.objects.order_by("pk").values_list("pk", "completed_at")),
        list(SafetyAlert.objects.order_by("pk").values_list("pk", "status", "action")),
        list(MeasureScheduleRule.objects.order_by("pk").values_list("pk", "instrument", "trigger", "interval_days")),
    )


@pytest.mark.parametrize(("page", "persona"), MATRIX, ids=MATRIX_IDS)
def test_each_persona_gets_what_the_role_table_allows_and_nothing_leaks(
    page, persona, scenario, client_for, client, request
):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    browser = client if user is None else client_for(user)
    before = _stored_state()
    denials_before = AuditEvent.objects.filter(outcome=Outcome.DENIED).count()

    response = getattr(browser, page.method)(page.url(scenario), page.data(scenario))

    outcome = expected(page, persona)
    body = response.content.decode()
    wrote = _stored_state() != before
    if persona not in IN_PROGRAM_A:
        assert not [secret for secret in scenario.secrets if secret in body]

    if outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    elif outcome in (FORBIDDEN, NOT_FOUND):
        assert response.status_code == (403 if outcome == FORBIDDEN else 404)
        events = list(AuditEvent.objects.filter(outcome=Outcome.DENIED, user_id=user.pk))
        assert len(events) == 1, [(e.object_type, e.object_id) for e in events]
        event = events[0]
        assert (event.object_type, event.object_id) in page.audit_targets(scenario)
        assert event.action == ("read" if page.method == "get" else "update")
        assert event.detail["reason"] == ("role" if outcome == FORBIDDEN else "scope")
        assert event.username == user.username
    elif page.method == "post" and page.success is not None:
        assert response.status_code == 302, body
        assert response["Location"] == page.success(scenario)
    else:
        assert response.status_code == 200
        if page.method == "post":
            assert "/r/" in body  # the issued link
        if page.key == "measures:chart":
            assert scenario.patient.mrn in body
            assert (
                AuditEvent.objects.filter(
                    user_id=user.pk,
                    action="read",
                    object_type="chart",
                    object_id="measures",
                    patient_id=scenario.patient.pk,
                    outcome=Outcome.ALLOWED,
                ).count()
                == 1
            )

    assert wrote == (outcome == OK and page.method == "post")
    if outcome not in (FORBIDDEN, NOT_FOUND):
        assert AuditEvent.objects.filter(outcome=Outcome.DENIED).count() == denials_before
