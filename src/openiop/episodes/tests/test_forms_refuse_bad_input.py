"""Every episode form refuses bad input beside the field, writes nothing and keeps the user's draft.

Where a field has a fixed list of allowed values (levels of care, TEDS discharge reasons), the message
names them, so the user can tell what would have been accepted.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent
from openiop.core.tests.html_forms import error_summary, field_error, form_values
from openiop.core.timezones import local_today
from openiop.episodes.codes import DischargeReason
from openiop.episodes.models import CareTeamMember, Episode, EpisodeStatus, LevelOfCareChange
from openiop.patients.models import Patient
from openiop.programs.levels import EDITIONS, LEVELS

ASAM3_CODES = tuple(code for edition, code in LEVELS if edition == "asam3")
TEDS_REASONS = tuple(label for _value, label in DischargeReason.choices)


@dataclass
class World:
    program_a: object
    program_b: object
    clinician_a: object
    clinician_b: object
    both_programs: object  # a director of A and B: passes the form's choices, so the services must refuse
    planned: Episode
    active: Episode
    today: object

    def track(self, program, index=0):
        return list(program.tracks.all())[index]


@pytest.fixture
def world(program_a, program_b, clinician_a, clinician_b, make_patient, make_user, patient_a):
    planned = make_patient(
        program_a,
        acting_user=clinician_a,
        status=EpisodeStatus.PLANNED,
        legal_first_name="Perpetua",
        legal_last_name="Ashgrove",
    )[1]
    return World(
        program_a=program_a,
        program_b=program_b,
        clinician_a=clinician_a,
        clinician_b=clinician_b,
        both_programs=make_user(Role.DIRECTOR, [program_a, program_b], username="director-ab"),
        planned=planned,
        active=Episode.objects.get(patient=patient_a),
        today=local_today(program_a.time_zone),
    )


@dataclass(frozen=True)
class Case:
    id: str
    url_name: str
    changes: Callable[[World], dict]
    field: str  # "__all__" for a message about the whole form
    says: tuple[str, ...]
    kept: tuple[str, str]  # a field and the value the user typed, which the re-shown form must keep
    as_user: str = "clinician_a"


def _iso(day) -> str:
    return day.isoformat()


def _base(url_name: str, w: World) -> dict:
    a_evening, a_morning = w.track(w.program_a), w.track(w.program_a, 1)
    return {
        "register": {
            "program": w.program_a.pk,
            "track": a_evening.pk,
            "referral_source": 1,
            "status": "planned",
            "legal_first_name": "Rowan",
            "legal_last_name": "Fieldfare",
            "date_of_birth": "1985-05-05",
            "sex_assigned_at_birth": "male",
            "city": "Tillamook",
        },
        "admit": {
            "admitted_on": _iso(w.today - timedelta(days=1)),
            "track": a_evening.pk,
            "level_of_care": "asam3:2.1",
            "primary_clinician": w.clinician_a.pk,
        },
        "transfer": {
            "kind": "transfer",
            "effective_on": _iso(w.today),
            "program": w.program_a.pk,
            "track": a_morning.pk,
            "level_of_care": "asam3:2.1",
            "reason": "Works days now; the evening group fits.",
        },
        "discharge": {"discharged_on": _iso(w.today), "reason": 1, "note": "Finished the program with a plan."},
        "status": {"status": EpisodeStatus.ON_HOLD, "reason": "In hospital for surgery"},
        "care_team": {"user": w.both_programs.pk, "team_role": "Clinical supervisor"},
    }[url_name]


_B_TRACK = "belongs to another program"
_FUTURE = "cannot be in the future"
_BEFORE_ADMISSION = "cannot be before admission"

CASES = [
    # register
    Case(
        "registering without a first name",
        "register",
        lambda w: {"legal_first_name": ""},
        "legal_first_name",
        ("This field is required",),
        ("city", "Tillamook"),
    ),
    Case(
        "registering a date of birth in the future",
        "register",
        lambda w: {"date_of_birth": _iso(w.today + timedelta(days=30))},
        "date_of_birth",
        ("cannot be in the future",),
        ("legal_last_name", "Fieldfare"),
    ),
    Case(
        "registering into a track the user cannot choose",
        "register",
        lambda w: {"track": w.track(w.program_b).pk},
        "track",
        ("Select a valid choice",),
        ("legal_last_name", "Fieldfare"),
    ),
    Case(
        "registering into program A with a track of program B",
        "register",
        lambda w: {"track": w.track(w.program_b).pk},
        "track",
        (_B_TRACK, "Program A"),
        ("legal_last_name", "Fieldfare"),
        as_user="both_programs",
    ),
    Case(
        "registering into a program the user does not work in",
        "register",
        lambda w: {"program": w.program_b.pk, "track": ""},
        "program",
        ("Select a valid choice",),
        ("legal_last_name", "Fieldfare"),
    ),
    Case(
        "registering straight into an active episode",
        "register",
        lambda w: {"status": "active"},
        "status",
        ("Select a valid choice",),
        ("legal_last_name", "Fieldfare"),
    ),
    Case(
        "registering with a bad state code",
        "register",
        lambda w: {"state": "O1"},
        "state",
        ("two-letter state code",),
        ("legal_last_name", "Fieldfare"),
    ),
    Case(
        "registering with an invalid phone",
        "register",
        lambda w: {"phone": "555-01"},
        "phone",
        ("7 to 15 digits",),
        ("legal_last_name", "Fieldfare"),
    ),
    # admit
    Case(
        "admitting without a date",
        "admit",
        lambda w: {"admitted_on": ""},
        "admitted_on",
        ("This field is required",),
        ("level_of_care", "asam3:2.1"),
    ),
    Case(
        "admitting tomorrow",
        "admit",
        lambda w: {"admitted_on": _iso(w.today + timedelta(days=1))},
        "admitted_on",
        (_FUTURE, "America/New_York"),
        ("level_of_care", "asam3:2.1"),
    ),
    Case(
        "admitting on a date that does not exist",
        "admit",
        lambda w: {"admitted_on": "2024-02-30"},
        "admitted_on",
        ("valid date",),
        ("admitted_on", "2024-02-30"),
    ),
    Case(
        "admitting into a track of another program",
        "admit",
        lambda w: {"track": w.track(w.program_b).pk},
        "track",
        (_B_TRACK, "Program A"),
        ("level_of_care", "asam3:2.1"),
        as_user="both_programs",
    ),
    Case(
        "admitting with a clinician who is not in the program",
        "admit",
        lambda w: {"primary_clinician": w.clinician_b.pk},
        "primary_clinician",
        ("does not work in Program A",),
        ("level_of_care", "asam3:2.1"),
        as_user="both_programs",
    ),
    Case(
        "admitting with a clinician the user cannot choose",
        "admit",
        lambda w: {"primary_clinician": w.clinician_b.pk},
        "primary_clinician",
        ("Select a valid choice",),
        ("level_of_care", "asam3:2.1"),
    ),
    Case(
        "admitting at a level the 3rd edition does not have",
        "admit",
        lambda w: {"level_of_care": "asam3:2.7"},
        "level_of_care",
        ("2.7", *ASAM3_CODES),
        ("primary_clinician", "clinician_a"),
    ),
    Case(
        "admitting at a bare level without an edition",
        "admit",
        lambda w: {"level_of_care": "2.5"},
        "level_of_care",
        ("2.5", *EDITIONS),
        ("primary_clinician", "clinician_a"),
    ),
    # transfer
    Case(
        "transferring tomorrow",
        "transfer",
        lambda w: {"effective_on": _iso(w.today + timedelta(days=1))},
        "effective_on",
        (_FUTURE,),
        ("reason", "Works days now; the evening group fits."),
    ),
    Case(
        "transferring before the admission",
        "transfer",
        lambda w: {"effective_on": _iso(w.active.admitted_on - timedelta(days=1))},
        "effective_on",
        (_BEFORE_ADMISSION,),
        ("reason", "Works days now; the evening group fits."),
    ),
    Case(
        "transferring without a reason",
        "transfer",
        lambda w: {"reason": "   "},
        "reason",
        ("This field is required",),
        ("level_of_care", "asam3:2.1"),
    ),
    Case(
        "transferring to a track of another program",
        "transfer",
        lambda w: {"track": w.track(w.program_b).pk},
        "track",
        (_B_TRACK, "Program A"),
        ("reason", "Works days now; the evening group fits."),
        as_user="both_programs",
    ),
    Case(
        "transferring to a level the 3rd edition does not have",
        "transfer",
        lambda w: {"level_of_care": "asam3:2.7"},
        "level_of_care",
        ("2.7", *ASAM3_CODES),
        ("reason", "Works days now; the evening group fits."),
    ),
    Case(
        "transferring to a bare level without an edition",
        "transfer",
        lambda w: {"level_of_care": "2.5"},
        "level_of_care",
        ("2.5", *EDITIONS),
        ("reason", "Works days now; the evening group fits."),
    ),
    Case(
        "transferring with a made-up kind of move",
        "transfer",
        lambda w: {"kind": "discharge"},
        "kind",
        ("Select a valid choice",),
        ("reason", "Works days now; the evening group fits."),
    ),
    # discharge
    Case(
        "discharging before the admission",
        "discharge",
        lambda w: {"discharged_on": _iso(w.active.admitted_on - timedelta(days=1))},
        "discharged_on",
        (_BEFORE_ADMISSION,),
        ("note", "Finished the program with a plan."),
    ),
    Case(
        "discharging tomorrow",
        "discharge",
        lambda w: {"discharged_on": _iso(w.today + timedelta(days=1))},
        "discharged_on",
        (_FUTURE,),
        ("note", "Finished the program with a plan."),
    ),
    Case(
        "discharging without a date",
        "discharge",
        lambda w: {"discharged_on": ""},
        "discharged_on",
        ("This field is required",),
        ("note", "Finished the program with a plan."),
    ),
    Case(
        "discharging with TEDS reason 9",
        "discharge",
        lambda w: {"reason": 9},
        "reason",
        ("9", *TEDS_REASONS),
        ("note", "Finished the program with a plan."),
    ),
    # status
    Case(
        "finishing an active episode through the status form",
        "status",
        lambda w: {"status": "finished"},
        "status",
        ("can move to", "On hold"),
        ("reason", "In hospital for surgery"),
    ),
    Case(
        "putting an episode on hold without a reason",
        "status",
        lambda w: {"reason": ""},
        "reason",
        ("Give a reason",),
        ("status", EpisodeStatus.ON_HOLD),
    ),
    # care team
    Case(
        "adding a clinician who is not in the program to the care team",
        "care_team",
        lambda w: {"user": w.clinician_b.pk},
        "user",
        ("Select a valid choice",),
        ("team_role", "Clinical supervisor"),
    ),
    Case(
        "adding to the care team without a role",
        "care_team",
        lambda w: {"team_role": ""},
        "team_role",
        ("This field is required",),
        ("user", "both_programs"),
    ),
    Case(
        "adding someone already on the care team",
        "care_team",
        lambda w: {"user": w.clinician_a.pk},
        "user",
        ("already on the care team",),
        ("team_role", "Clinical supervisor"),
    ),
]


def _stored():
    return (
        Patient.objects.count(),
        Episode.objects.count(),
        LevelOfCareChange.objects.count(),
        CareTeamMember.objects.count(),
        list(Episode.objects.order_by("pk").values_list("status", "track_id", "level_of_care_code", "discharged_on")),
        AuditEvent.objects.exclude(action="read").count(),
    )


def _url(case: Case, w: World) -> str:
    if case.url_name == "register":
        return reverse("episodes:register")
    episode = w.planned if case.url_name == "admit" else w.active
    return reverse(f"episodes:{case.url_name}", args=[episode.pk])


def _expected_kept(case: Case, w: World) -> str:
    field, value = case.kept
    users = {"clinician_a": w.clinician_a, "both_programs": w.both_programs}
    if value in users:
        return str(users[value].pk)
    return value


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_an_episode_form_refuses_bad_input_writes_nothing_and_keeps_the_draft(case, world, client_for):
    user = getattr(world, case.as_user)
    data = _base(case.url_name, world) | case.changes(world)
    before = _stored()

    response = client_for(user).post(_url(case, world), data)

    assert response.status_code == 200
    page = response.content.decode()
    message = field_error(page, case.field) if case.field != "__all__" else error_summary(page)
    assert message, f"no error shown beside {case.field}"
    assert [words for words in case.says if words not in message] == [], message
    assert "Nothing was saved" in error_summary(page)
    assert _stored() == before
    kept_field, _ = case.kept
    assert form_values(page).get(kept_field) == [_expected_kept(case, world)]
    changed_field, typed = next(iter(case.changes(world).items()))
    if (
        isinstance(typed, str)
        and typed.strip()
        and changed_field in ("admitted_on", "effective_on", "discharged_on", "date_of_birth", "state", "phone")
    ):
        assert form_values(page).get(changed_field) == [typed]
