"""`openiop seed`: deterministic synthetic data at scale, for benchmarks. Bulk inserts, not services.

Seeded rows skip the per-record audit events (one summary event records the seeding) because they are
generated test data, not care; everything users do to them afterwards is audited as usual.
"""

import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time, timedelta
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from tqdm import tqdm

from openiop.accounts.models import ProgramMembership, User
from openiop.accounts.roles import Role
from openiop.audit.services import audit_record
from openiop.core.timezones import local_today
from openiop.episodes.codes import DischargeReason, ReferralSource
from openiop.episodes.models import CareTeamMember, Episode, EpisodeStatus, LevelOfCareChange
from openiop.measures.instruments import score
from openiop.measures.models import AdministrationMode, MeasureResponse, MeasureScheduleRule, SafetyAlert
from openiop.patients.models import Patient
from openiop.patients.mrn import generate_mrn
from openiop.programs.models import ClinicalFocus, Organization, Population, Program, Track

from . import names
from .measures import spread

BATCH = 1000
STAFF_PER_PROGRAM = [
    (Role.DIRECTOR, 1),
    (Role.CLINICIAN, 4),
    (Role.PRESCRIBER, 1),
    (Role.NURSE, 1),
    (Role.INTAKE, 1),
    (Role.BILLING, 1),
    (Role.FRONT_DESK, 1),
]
# share of episodes in each state at the end of the seeded period
STATE_WEIGHTS = {"active": 80, "finished": 8, "planned": 5, "waitlist": 4, "onhold": 3}
FOCUSES = list(ClinicalFocus.values)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def seed(*, programs: int, patients: int, weeks: int, seed: int, progress: bool = True) -> dict:
    if programs < 1 or patients < 0 or weeks < 1:
        raise ValidationError("--programs and --weeks must be at least 1 and --patients at least 0")
    org_name = f"Seed organization (seed {seed})"
    if Organization.objects.filter(name=org_name).exists():
        raise ValidationError(f"This database already holds seed {seed}; choose another --seed")
    rng = random.Random(seed)
    with transaction.atomic():
        org = Organization.objects.create(name=org_name)
        program_rows, tracks, clinicians, staff_count = _programs_and_staff(org, programs, seed)
        stats = _patients_and_episodes(rng, program_rows, tracks, clinicians, patients, weeks, progress)
        audit_record(
            user=None,
            action="create",
            object_type="seed",
            object_id=org.pk,
            detail={"programs": programs, "patients": patients, "weeks": weeks, "seed": seed},
        )
    return {"organization": org_name, "programs": programs, "staff": staff_count, **stats}


def _programs_and_staff(org, count: int, seed: int):
    program_rows = Program.objects.bulk_create(
        [
            Program(
                organization=org,
                name=f"Seed program {i + 1}",
                short_name=f"SP{i + 1}",
                population=Population.ADOLESCENT if i % 4 == 3 else Population.ADULT,
                clinical_focus=FOCUSES[i % len(FOCUSES)],
                level_of_care_edition="asam3",
                level_of_care_code="2.1",
                time_zone="America/Chicago",
            )
            for i in range(count)
        ]
    )
    tracks = {
        p.pk: Track.objects.bulk_create(
            [
                Track(program=p, name="Morning track", time_of_day="morning"),
                Track(program=p, name="Evening track", time_of_day="evening"),
            ]
        )
        for p in program_rows
    }
    # Seeded staff cannot sign in with a password; benchmarks sign them in directly.
    unusable = make_password(None)
    users, memberships = [], []
    for program in program_rows:
        for role, n in STAFF_PER_PROGRAM:
            for k in range(n):
                users.append(
                    User(
                        username=f"seed{seed}-p{program.pk}-{role}-{k}",
                        role=role,
                        password=unusable,
                        first_name=role.label.split()[0],
                        last_name=f"P{program.pk}-{k}",
                    )
                )
    users = User.objects.bulk_create(users)
    clinicians: dict[int, list[int]] = {p.pk: [] for p in program_rows}
    by_name = {p.pk: p for p in program_rows}
    for user in users:
        program_pk = int(user.username.split("-p")[1].split("-")[0])
        memberships.append(ProgramMembership(user=user, program=by_name[program_pk]))
        if user.role == Role.CLINICIAN:
            clinicians[program_pk].append(user.pk)
    ProgramMembership.objects.bulk_create(memberships)
    MeasureScheduleRule.objects.bulk_create(
        [
            MeasureScheduleRule(program=program, instrument=name, trigger=trigger, interval_days=days)
            for program in program_rows
            for name, trigger, days in (
                ("PHQ-9", "admission", None),
                ("PHQ-9", "recurring", 14),
                ("GAD-7", "admission", None),
                ("GAD-7", "recurring", 14),
            )
        ]
    )
    return program_rows, tracks, clinicians, len(users)


def _patients_and_episodes(rng, program_rows, tracks, clinicians, count, weeks, progress):
    taken = set(Patient.objects.values_list("mrn", flat=True))
    states = list(STATE_WEIGHTS)
    weights = list(STATE_WEIGHTS.values())
    recorder = User.objects.filter(pk=clinicians[program_rows[0].pk][0]).first()
    today = local_today(program_rows[0].time_zone)
    totals = dict.fromkeys(states, 0)
    responses = alerts = 0
    bar = tqdm(total=count, unit="patient", disable=not progress)
    for batch_numbers in _batches(range(count), BATCH):
        patients = []
        for _n in batch_numbers:
            mrn = generate_mrn(rng)
            while mrn in taken:
                mrn = generate_mrn(rng)
            taken.add(mrn)
            pronouns, gender, sex = rng.choice(names.PRONOUNS)
            patients.append(
                Patient(
                    mrn=mrn,
                    legal_first_name=rng.choice(names.FIRST_NAMES),
                    legal_last_name=rng.choice(names.LAST_NAMES),
                    date_of_birth=today - timedelta(days=rng.randint(19 * 365, 70 * 365)),
                    sex_assigned_at_birth=sex,
                    gender_identity=gender,
                    pronouns=pronouns,
                    phone=names.phone(rng),
                )
            )
        patients = Patient.objects.bulk_create(patients)
        episodes, plans = [], []
        for patient in patients:
            program = rng.choice(program_rows)
            state = rng.choices(states, weights)[0]
            totals[state] += 1
            admitted = (
                None if state in ("planned", "waitlist") else today - timedelta(days=rng.randint(0, weeks * 7 - 1))
            )
            discharged = None
            if state == "finished":
                discharged = min(today, admitted + timedelta(days=rng.randint(14, 70)))
            episodes.append(
                Episode(
                    patient=patient,
                    program=program,
                    track=rng.choice(tracks[program.pk]),
                    status={"finished": EpisodeStatus.FINISHED}.get(state, state),
                    referral_source=rng.choice(ReferralSource.values),
                    level_of_care_edition="asam3",
                    level_of_care_code="2.1",
                    admitted_on=admitted,
                    discharged_on=discharged,
                    discharge_reason=rng.choice(DischargeReason.values[:4]) if discharged else None,
                    primary_clinician_id=rng.choice(clinicians[program.pk]) if admitted else None,
                )
            )
            plans.append((admitted, discharged))
        episodes = Episode.objects.bulk_create(episodes)
        history, team = [], []
        for episode, (admitted, discharged) in zip(episodes, plans, strict=True):
            if admitted is None:
                continue
            history.append(
                LevelOfCareChange(
                    episode=episode,
                    kind="admission",
                    effective_on=admitted,
                    track=episode.track,
                    level_of_care_edition="asam3",
                    level_of_care_code="2.1",
                    recorded_by=recorder,
                )
            )
            team.append(
                CareTeamMember(episode=episode, user_id=episode.primary_clinician_id, team_role="Primary clinician")
            )
            if discharged:
                history.append(
                    LevelOfCareChange(
                        episode=episode,
                        kind="discharge",
                        effective_on=discharged,
                        track=episode.track,
                        level_of_care_edition="asam3",
                        level_of_care_code="2.1",
                        recorded_by=recorder,
                    )
                )
        LevelOfCareChange.objects.bulk_create(history)
        CareTeamMember.objects.bulk_create(team)
        measure_counts = _measures(rng, episodes, plans, today)
        responses += measure_counts[0]
        alerts += measure_counts[1]
        bar.update(len(patients))
    bar.close()
    return {"patients": count, "episodes_by_state": totals, "measure_responses": responses, "safety_alerts": alerts}


def _measures(rng, episodes, plans, today) -> tuple[int, int]:
    """PHQ-9 and GAD-7 every two weeks through each admitted episode, scored by the real engine.

    About one patient in a hundred reports PHQ-9 item 9 above zero on the latest result: an open alert.
    """
    responses, flagged = [], []
    for episode, (admitted, discharged) in zip(episodes, plans, strict=True):
        if admitted is None:
            continue
        end = discharged or today
        start_phq, start_gad = rng.randint(8, 22), rng.randint(6, 18)
        visits = list(range(0, (end - admitted).days + 1, 14))
        alert_on_last = rng.random() < 0.01
        for n, offset in enumerate(visits):
            fraction = n / max(1, len(visits) - 1)
            at = datetime.combine(admitted + timedelta(days=offset), time(15, 0), tzinfo=UTC)
            item9 = 1 if alert_on_last and n == len(visits) - 1 else 0
            for name, answers in (
                ("PHQ-9", spread(round(start_phq * (1 - 0.6 * fraction)), 9, 3, rng, fixed={8: item9})),
                ("GAD-7", spread(round(start_gad * (1 - 0.5 * fraction)), 7, 3, rng)),
            ):
                result = score(name, answers)
                response = MeasureResponse(
                    patient_id=episode.patient_id,
                    episode=episode,
                    instrument=name,
                    answers=answers,
                    total=result.total,
                    band=result.band or "",
                    flags=list(result.flags),
                    subscores=result.subscores,
                    scheme=result.scheme or "",
                    scheme_version=result.scheme_version or "",
                    mode=AdministrationMode.SELF_REPORT if n % 2 else AdministrationMode.CLINICIAN,
                    administered_by_id=None if n % 2 else episode.primary_clinician_id,
                    administered_at=at,
                )
                responses.append(response)
                if result.flags and name == "PHQ-9":
                    flagged.append(response)
    MeasureResponse.objects.bulk_create(responses, batch_size=2000)
    SafetyAlert.objects.bulk_create(
        [
            SafetyAlert(
                patient_id=r.patient_id,
                episode=r.episode,
                response=r,
                kind="phq9_item9",
                severity="high",
                assigned_to_id=r.episode.primary_clinician_id,
            )
            for r in flagged
        ]
    )
    return len(responses), len(flagged)
