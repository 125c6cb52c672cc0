"""`openiop seed`: deterministic synthetic data at scale, for benchmarks. Bulk inserts, not services.

Seeded rows skip the per-record audit events (one summary event records the seeding) because they are
generated test data, not care; everything users do to them afterwards is audited as usual.
"""

import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

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
from openiop.schedule.models import WEEKDAYS, Attendance, Session, SessionSeries

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
    # Reproducible synthetic data, not a secret.
    rng = random.Random(seed)  # nosec B311
    with transaction.atomic():
        org = Organization.objects.create(name=org_name)
        # Groups of about a dozen, as in a real IOP: enough morning and evening tracks for everyone.
        groups = max(1, -(-patients // (programs * 2 * GROUP_SIZE)))
        program_rows, tracks, clinicians, staff_count = _programs_and_staff(org, programs, seed, groups)
        stats = _patients_and_episodes(rng, program_rows, tracks, clinicians, patients, weeks, progress)
        stats.update(_calendar(rng, program_rows, tracks, clinicians, weeks, local_today(program_rows[0].time_zone)))
        audit_record(
            user=None,
            action="create",
            object_type="seed",
            object_id=org.pk,
            detail={"programs": programs, "patients": patients, "weeks": weeks, "seed": seed},
        )
    return {"organization": org_name, "programs": programs, "staff": staff_count, **stats}


def _programs_and_staff(org, count: int, seed: int, groups: int = 1):
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
                Track(program=p, name=f"{time_of_day.capitalize()} group {n + 1}", time_of_day=time_of_day)
                for time_of_day in ("morning", "evening")
                for n in range(groups)
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


GROUP_SIZE = 12
TRACK_DAYS = {"morning": ([0, 2, 4], time(9, 0)), "evening": ([0, 1, 3], time(18, 0))}


def _calendar(rng, program_rows, tracks, clinicians, weeks, today) -> dict:
    """A 3-hour group three days a week per track over the seeded weeks (and the next), with attendance
    for every past session: most present, some late, some absent."""
    sessions, attendance = [], []
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks)
    for program in program_rows:
        zone = ZoneInfo(program.time_zone)
        for track in tracks[program.pk]:
            days, start_time = TRACK_DAYS[track.time_of_day]
            series = SessionSeries.objects.create(
                program=program,
                track=track,
                session_type="group_therapy",
                title=f"{track.name} group",
                weekdays=",".join(WEEKDAYS[d] for d in days),
                start_time=start_time,
                duration_minutes=180,
                starts_on=first_monday,
                capacity=14,
                telehealth_url="https://telehealth.example.org/" + str(track.pk),
            )
            for week in range(weeks + 2):  # and the coming week, so there is a session to take attendance for
                for day in days:
                    start = datetime.combine(first_monday + timedelta(weeks=week, days=day), start_time, tzinfo=zone)
                    sessions.append(
                        Session(
                            series=series,
                            program=program,
                            track=track,
                            session_type="group_therapy",
                            title=series.title,
                            starts_at=start,
                            ends_at=start + timedelta(hours=3),
                            telehealth_url=series.telehealth_url,
                            capacity=14,
                        )
                    )
    sessions = Session.objects.bulk_create(sessions, batch_size=2000)
    facilitator_of = {}
    for program in program_rows:
        for index, track in enumerate(tracks[program.pk]):
            facilitator_of[track.pk] = clinicians[program.pk][index % len(clinicians[program.pk])]
    links = [Session.facilitators.through(session_id=s.pk, user_id=facilitator_of[s.track_id]) for s in sessions]
    Session.facilitators.through.objects.bulk_create(links, batch_size=5000)
    by_track = {}
    episodes = Episode.objects.filter(program__in=program_rows, admitted_on__isnull=False).values_list(
        "pk", "track_id", "admitted_on", "discharged_on"
    )
    for pk, track_id, admitted, discharged in episodes:
        by_track.setdefault(track_id, []).append((pk, admitted, discharged))
    now = datetime.now(UTC)
    for session in sessions:
        if session.ends_at > now:
            continue
        day = session.starts_at.date()
        for pk, admitted, discharged in by_track.get(session.track_id, []):
            if admitted > day or (discharged and discharged < day):
                continue
            roll = rng.random()
            if roll < 0.08:
                attendance.append(
                    Attendance(
                        session=session,
                        episode_id=pk,
                        status="absent_unexcused",
                        recorded_by_id=facilitator_of[session.track_id],
                    )
                )
            elif roll < 0.14:
                attendance.append(
                    Attendance(
                        session=session,
                        episode_id=pk,
                        status="late",
                        attended_minutes=150,
                        recorded_by_id=facilitator_of[session.track_id],
                    )
                )
            else:
                attendance.append(
                    Attendance(
                        session=session,
                        episode_id=pk,
                        status="present",
                        attended_minutes=180,
                        recorded_by_id=facilitator_of[session.track_id],
                    )
                )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    return {"sessions": len(sessions), "attendance": len(attendance)}
