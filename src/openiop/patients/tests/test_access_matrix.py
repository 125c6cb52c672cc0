"""Every persona against every page that shows patient data or grants privileges.

The expectations are the role table (accounts/roles.py) written out again here on purpose, so a change to
who may do what has to be made twice: once in the code and once in this policy test.

- not signed in: redirected to the sign-in page;
- role not granted: 403, audited as denied (reason "role");
- role granted, record in another program: 404, audited as denied (reason "scope"), and the page does not
  reveal the patient's name or MRN;
- role granted, record in scope: 200, or a redirect after a valid POST that wrote something.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from openiop.accounts.models import ProgramMembership, User
from openiop.accounts.roles import CAPABILITIES, Role
from openiop.audit.models import AuditEvent, Outcome
from openiop.core.timezones import local_today
from openiop.episodes.models import CareTeamMember, Episode, EpisodeStatus, LevelOfCareChange
from openiop.episodes.services import care_team_add
from openiop.patients.models import Patient
from openiop.patients.services import DEMOGRAPHIC_FIELDS

# What a request may end in.
OK = "ok"
LOGIN = "login"
FORBIDDEN = "forbidden"
NOT_FOUND = "not found"
TO_AUDIT_REPORT = "redirected to the audit report"
CHOICE_REFUSED = "the form refuses the program"

PERSONAS = (
    "anonymous",
    "clinician_a",
    "clinician_b",
    "front_desk_a",
    "billing_a",
    "director_a",
    "intake_a",
    "privacy_officer",
    "sysadmin",
)
ROLE_OF = {
    "clinician_a": Role.CLINICIAN,
    "clinician_b": Role.CLINICIAN,
    "front_desk_a": Role.FRONT_DESK,
    "billing_a": Role.BILLING,
    "director_a": Role.DIRECTOR,
    "intake_a": Role.INTAKE,
    "privacy_officer": Role.PRIVACY_OFFICER,
    "sysadmin": Role.SYSADMIN,
}
IN_PROGRAM_A = {"clinician_a", "front_desk_a", "billing_a", "director_a", "intake_a"}

_TREATING = {Role.DIRECTOR, Role.CLINICIAN}
# Capability -> the roles among the personas that hold it (the policy, restated).
GRANTED: dict[str, set[str]] = {
    "patients.view_list": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE, Role.FRONT_DESK, Role.BILLING},
    "patients.view_chart": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE},
    "patients.register": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE},
    "episodes.admit": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE},
    "episodes.transfer": _TREATING,
    "episodes.discharge": _TREATING,
    "episodes.change_status": _TREATING,
    "episodes.manage_care_team": _TREATING,
    "audit.view_report": {Role.PRIVACY_OFFICER, Role.SYSADMIN},
    "accounts.manage_staff": {Role.SYSADMIN},
}


@dataclass
class Scenario:
    """Program A's records that the pages are asked about."""

    patient: Patient
    episode: Episode  # active, in program A, primary clinician clinician_a
    planned_patient: Patient
    planned_episode: Episode  # planned, in program A: the one to admit
    member: CareTeamMember  # a nurse on the active episode's team, who may be removed
    newcomer: User  # a prescriber of program A not yet on the team
    staff_member: User  # whose privileges the sysadmin changes
    today: object

    @property
    def chart(self) -> str:
        return reverse("patients:chart", args=[self.patient.pk])

    @property
    def secrets(self) -> list[str]:
        """What someone outside program A must never see."""
        return [
            self.patient.legal_first_name,
            self.patient.legal_last_name,
            self.patient.mrn,
            self.planned_patient.legal_first_name,
            self.planned_patient.legal_last_name,
            self.planned_patient.mrn,
        ]


@dataclass(frozen=True)
class Page:
    key: str
    method: str
    capability: str
    url: Callable[[Scenario], str]
    data: Callable[[Scenario], dict] = lambda s: {}
    # Where a valid POST goes; a GET that is allowed answers 200.
    success: Callable[[Scenario], str] | None = None
    # The record the URL names, whose id a denial must be audited with; None for pages without one.
    record: Callable[[Scenario], int] | None = None
    audit_object: str = ""
    refused: str = FORBIDDEN
    outside: str = NOT_FOUND
    patient_data: bool = True
    # The audit report names patients by MRN (never by name) to those who may read it (item 12.11).
    shows_mrns: bool = False


def _demographics(patient: Patient, **changes) -> dict:
    values = {name: getattr(patient, name) for name in DEMOGRAPHIC_FIELDS} | changes
    return {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in values.items()}


def _episode_page(key, name, method, capability, data=None, episode="episode", success=None, **kwargs) -> Page:
    def record(s):
        return getattr(s, episode).pk

    return Page(
        key=key,
        method=method,
        capability=capability,
        url=lambda s: reverse(f"episodes:{name}", args=[record(s)]),
        data=data or (lambda s: {}),
        success=success,
        record=record,
        audit_object="episode",
        **kwargs,
    )


def _chart_of(attr):
    return lambda s: reverse("patients:chart", args=[getattr(s, attr).pk])


def _team_tab(s):
    return f"{s.chart}?tab=team"


PAGES = [
    Page(
        "patients:list",
        "get",
        "patients.view_list",
        lambda s: reverse("patients:list"),
        audit_object="patient_list",
        outside=OK,
    ),
    *[
        Page(
            f"patients:chart?tab={tab}",
            "get",
            "patients.view_chart",
            lambda s, tab=tab: f"{s.chart}?tab={tab}",
            record=lambda s: s.patient.pk,
            audit_object="patient",
        )
        for tab in ("overview", "history", "team")
    ],
    Page(
        "patients:edit",
        "get",
        "patients.register",
        lambda s: reverse("patients:edit", args=[s.patient.pk]),
        record=lambda s: s.patient.pk,
        audit_object="patient",
    ),
    Page(
        "patients:edit",
        "post",
        "patients.register",
        lambda s: reverse("patients:edit", args=[s.patient.pk]),
        data=lambda s: _demographics(s.patient, preferred_name="Ally"),
        success=lambda s: s.chart,
        record=lambda s: s.patient.pk,
        audit_object="patient",
    ),
    Page(
        "episodes:dashboard",
        "get",
        "patients.view_list",
        lambda s: reverse("episodes:dashboard"),
        refused=TO_AUDIT_REPORT,
        outside=OK,
    ),
    Page(
        "episodes:register",
        "get",
        "patients.register",
        lambda s: reverse("episodes:register"),
        audit_object="patient",
        outside=OK,
    ),
    Page(
        "episodes:register",
        "post",
        "patients.register",
        lambda s: reverse("episodes:register"),
        data=lambda s: {
            "program": s.episode.program_id,
            "track": s.episode.track_id,
            "referral_source": 1,
            "status": "planned",
            "legal_first_name": "Rowan",
            "legal_last_name": "Fieldfare",
            "date_of_birth": "1985-05-05",
            "sex_assigned_at_birth": "male",
        },
        success=lambda s: reverse("patients:chart", args=[Patient.objects.get(legal_last_name="Fieldfare").pk]),
        audit_object="patient",
        outside=CHOICE_REFUSED,
    ),
    _episode_page("episodes:admit", "admit", "get", "episodes.admit", episode="planned_episode"),
    _episode_page(
        "episodes:admit",
        "admit",
        "post",
        "episodes.admit",
        episode="planned_episode",
        data=lambda s: {
            "admitted_on": s.today.isoformat(),
            "track": s.planned_episode.program.tracks.first().pk,
            "level_of_care": "asam3:2.1",
            "primary_clinician": s.episode.primary_clinician_id,
        },
        success=_chart_of("planned_patient"),
    ),
    _episode_page("episodes:transfer", "transfer", "get", "episodes.transfer"),
    _episode_page(
        "episodes:transfer",
        "transfer",
        "post",
        "episodes.transfer",
        data=lambda s: {
            "kind": "transfer",
            "effective_on": s.today.isoformat(),
            "program": s.episode.program_id,
            "track": s.episode.program.tracks.exclude(pk=s.episode.track_id).first().pk,
            "level_of_care": "asam3:2.1",
            "reason": "Works days now; moves to the evening group.",
        },
        success=lambda s: s.chart,
    ),
    _episode_page("episodes:discharge", "discharge", "get", "episodes.discharge"),
    _episode_page(
        "episodes:discharge",
        "discharge",
        "post",
        "episodes.discharge",
        data=lambda s: {"discharged_on": s.today.isoformat(), "reason": 1, "note": ""},
        success=lambda s: s.chart,
    ),
    _episode_page("episodes:status", "status", "get", "episodes.change_status"),
    _episode_page(
        "episodes:status",
        "status",
        "post",
        "episodes.change_status",
        data=lambda s: {"status": EpisodeStatus.ON_HOLD, "reason": "Medical leave"},
        success=lambda s: s.chart,
    ),
    _episode_page("episodes:care_team", "care_team", "get", "episodes.manage_care_team"),
    _episode_page(
        "episodes:care_team",
        "care_team",
        "post",
        "episodes.manage_care_team",
        data=lambda s: {"user": s.newcomer.pk, "team_role": "Prescriber"},
        success=_team_tab,
    ),
    Page(
        "episodes:care_team_remove",
        "post",
        "episodes.manage_care_team",
        lambda s: reverse("episodes:care_team_remove", args=[s.episode.pk, s.member.pk]),
        success=_team_tab,
        record=lambda s: s.episode.pk,
        audit_object="episode",
    ),
    Page(
        "audit:report",
        "get",
        "audit.view_report",
        lambda s: reverse("audit:report"),
        outside=OK,
        patient_data=False,
        shows_mrns=True,
    ),
    Page(
        "audit:report_csv",
        "get",
        "audit.view_report",
        lambda s: reverse("audit:report_csv"),
        outside=OK,
        patient_data=False,
        shows_mrns=True,
    ),
    Page(
        "accounts:staff",
        "get",
        "accounts.manage_staff",
        lambda s: reverse("accounts:staff"),
        outside=OK,
        patient_data=False,
    ),
    Page(
        "accounts:staff_edit",
        "get",
        "accounts.manage_staff",
        lambda s: reverse("accounts:staff_edit", args=[s.staff_member.pk]),
        outside=OK,
        patient_data=False,
    ),
    Page(
        "accounts:staff_edit",
        "post",
        "accounts.manage_staff",
        lambda s: reverse("accounts:staff_edit", args=[s.staff_member.pk]),
        data=lambda s: {"role": Role.NURSE, "programs": [s.episode.program_id], "is_active": "on"},
        success=lambda s: reverse("accounts:staff"),
        outside=OK,
        patient_data=False,
    ),
]


def expected(page: Page, persona: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if ROLE_OF[persona] not in GRANTED[page.capability]:
        return page.refused
    if persona not in IN_PROGRAM_A:
        return page.outside
    if persona == "intake_a" and page.audit_object == "patient" and page.record is not None:
        return NOT_FOUND  # intake works the pipeline: patient A is admitted (privacy.policy.visible_q, 12.12)
    return OK


MATRIX = [(page, persona) for page in PAGES for persona in PERSONAS]
MATRIX_SIZE = len(MATRIX)
MATRIX_IDS = [f"{page.method.upper()} {page.key} as {persona} -> {expected(page, persona)}" for page, persona in MATRIX]


def test_the_matrix_is_large_enough_to_cover_every_page_for_every_persona():
    assert MATRIX_SIZE >= 80
    assert len(PAGES) * len(PERSONAS) == MATRIX_SIZE


def test_the_restated_policy_matches_the_role_table():
    persona_roles = set(ROLE_OF.values())
    for capability, roles in GRANTED.items():
        assert roles == set(CAPABILITIES[capability]) & persona_roles, capability
    assert {page.capability for page in PAGES} == set(GRANTED)


@pytest.fixture
def scenario(patient_a, clinician_a, make_patient, make_user, program_a) -> Scenario:
    episode = Episode.objects.get(patient=patient_a)
    planned_patient, planned_episode = make_patient(
        program_a,
        acting_user=clinician_a,
        status=EpisodeStatus.PLANNED,
        legal_first_name="Perpetua",
        legal_last_name="Ashgrove",
    )
    nurse = make_user(Role.NURSE, [program_a])
    member = care_team_add(acting_user=clinician_a, episode=episode, user=nurse, team_role="Nurse")
    return Scenario(
        patient=patient_a,
        episode=episode,
        planned_patient=planned_patient,
        planned_episode=planned_episode,
        member=member,
        newcomer=make_user(Role.PRESCRIBER, [program_a]),
        staff_member=make_user(Role.PEER_SUPPORT, [program_a]),
        today=local_today(program_a.time_zone),
    )


def _stored_state():
    """Everything a page on the matrix could write, in a comparable form."""
    return (
        list(Patient.objects.order_by("pk").values_list("pk", "preferred_name")),
        list(
            Episode.objects.order_by("pk").values_list(
                "pk", "status", "track_id", "level_of_care_code", "admitted_on", "discharged_on"
            )
        ),
        LevelOfCareChange.objects.count(),
        list(CareTeamMember.objects.order_by("pk").values_list("pk", "user_id")),
        list(User.objects.order_by("pk").values_list("pk", "role", "is_active")),
        list(ProgramMembership.objects.order_by("pk").values_list("user_id", "program_id")),
    )


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _assert_denial_audited(page: Page, scenario: Scenario, user, method: str, reason: str):
    record_id = str(page.record(scenario)) if page.record else ""
    events = AuditEvent.objects.filter(outcome=Outcome.DENIED, user_id=user.pk)
    assert [(e.object_type, e.object_id, e.action, e.detail.get("reason")) for e in events] == [
        (page.audit_object, record_id, "read" if method == "get" else "update", reason)
    ]
    assert events.get().username == user.username


@pytest.mark.parametrize(("page", "persona"), MATRIX, ids=MATRIX_IDS)
def test_each_persona_gets_what_the_role_table_allows_and_nothing_leaks(
    page, persona, scenario, client_for, client, request
):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    browser = client if user is None else client_for(user)
    url = page.url(scenario)
    before = _stored_state()
    denials_before = AuditEvent.objects.filter(outcome=Outcome.DENIED).count()

    response = getattr(browser, page.method)(url, page.data(scenario))

    outcome = expected(page, persona)
    body = _body(response)
    wrote = _stored_state() != before
    if persona not in IN_PROGRAM_A:
        mrns = {scenario.patient.mrn, scenario.planned_patient.mrn} if page.shows_mrns and outcome == OK else set()
        assert not [secret for secret in scenario.secrets if secret in body and secret not in mrns]

    if outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
        if page.patient_data:
            _assert_denial_audited(page, scenario, user, page.method, "role")
    elif outcome == NOT_FOUND:
        assert response.status_code == 404
        _assert_denial_audited(page, scenario, user, page.method, "scope")
    elif outcome == TO_AUDIT_REPORT:
        assert (response.status_code, response["Location"]) == (302, reverse("audit:report"))
    elif outcome == CHOICE_REFUSED:
        assert response.status_code == 200
        assert "Select a valid choice" in body
    else:
        if page.method == "post":
            assert response.status_code == 302, body
            assert response["Location"] == page.success(scenario)
        else:
            assert response.status_code == 200
        if page.key.startswith("patients:chart"):
            tab = url.rsplit("=", 1)[1]
            assert scenario.patient.mrn in body
            assert (
                AuditEvent.objects.filter(
                    user_id=user.pk,
                    action="read",
                    object_type="chart",
                    object_id=tab,
                    patient_id=scenario.patient.pk,
                    outcome=Outcome.ALLOWED,
                ).count()
                == 1
            )

    assert wrote == (outcome == OK and page.method == "post")
    if outcome not in (FORBIDDEN, NOT_FOUND):
        assert AuditEvent.objects.filter(outcome=Outcome.DENIED).count() == denials_before
