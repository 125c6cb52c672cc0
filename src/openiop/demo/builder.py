"""`openiop demo`: a realistic program built through the same services the web app uses."""

import random
from datetime import date, timedelta

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.accounts.models import ProgramMembership, User
from openiop.accounts.roles import MFA_REQUIRED_ROLES
from openiop.core.timezones import local_today
from openiop.episodes import services as episode_services
from openiop.episodes.codes import DischargeReason, ReferralSource
from openiop.episodes.models import EpisodeStatus, LevelOfCareChangeKind
from openiop.patients.services import patient_register
from openiop.programs.levels import level_of_care
from openiop.programs.models import ClinicalFocus, Organization, Population, Program, Track

from . import continuity as demo_continuity
from . import intake as demo_intake
from . import measures as demo_measures
from . import medications as demo_medications
from . import names
from . import notes as demo_notes
from . import outside_parties as demo_outside
from . import plans as demo_plans
from . import privacy as demo_privacy
from . import schedule as demo_schedule
from .packets import demo_sign_packet, register_allowing_namesakes
from .staff import DEMO_PASSWORD, STAFF

ORGANIZATION = "Cedar Ridge Behavioral Health"
PROGRAMS = {
    "adult": dict(
        name="Adult Substance Use IOP",
        short_name="Adult SUD IOP",
        population=Population.ADULT,
        clinical_focus=ClinicalFocus.SUBSTANCE_USE,
        tracks=[("Morning adult track", "morning"), ("Evening adult track", "evening")],
    ),
    "teen": dict(
        name="Adolescent IOP",
        short_name="Teen IOP",
        population=Population.ADOLESCENT,
        clinical_focus=ClinicalFocus.CO_OCCURRING,
        tracks=[("After-school track", "afternoon")],
    ),
    "mh": dict(
        name="Mental Health IOP",
        short_name="MH IOP",
        population=Population.ADULT,
        clinical_focus=ClinicalFocus.MENTAL_HEALTH,
        tracks=[("Morning track", "morning"), ("Evening track", "evening")],
    ),
}
# Final state of each demo patient, per program. "transfer" moves to MH IOP; "step_down" goes to Level 1.
PLAN = {
    "adult": ["active"] * 11
    + ["step_down", "onhold", "planned", "planned", "waitlist", "completed", "ama", "transfer"],
    "teen": ["active"] * 5 + ["planned", "completed", "cancelled"],
    "mh": ["active"] * 9 + ["onhold", "planned", "waitlist", "completed", "terminated"],
}
CLINICIANS = {"adult": ["carlos.counselor", "maya.therapist"], "teen": ["jordan.counselor"], "mh": ["maya.therapist"]}
TIME_ZONE = "America/Chicago"


def demo_loaded() -> bool:
    return Organization.objects.filter(name=ORGANIZATION).exists()


@transaction.atomic
def build_demo(seed: int = 2026) -> dict:
    # Reproducible synthetic data, not a secret.
    rng = random.Random(seed)  # nosec B311
    org = Organization.objects.create(name=ORGANIZATION)
    asam_iop = level_of_care("asam3", "2.1")
    programs: dict[str, Program] = {}
    tracks: dict[str, list[Track]] = {}
    for key, spec in PROGRAMS.items():
        program = Program.objects.create(
            organization=org,
            name=spec["name"],
            short_name=spec["short_name"],
            population=spec["population"],
            clinical_focus=spec["clinical_focus"],
            level_of_care_edition=asam_iop.edition,
            level_of_care_code=asam_iop.code,
            time_zone=TIME_ZONE,
            phone=f"(555) 010-{2030 + len(programs)}",  # 555-01xx: numbers reserved for fiction
        )
        programs[key] = program
        tracks[key] = [Track.objects.create(program=program, name=n, time_of_day=t) for n, t in spec["tracks"]]

    users: dict[str, User] = {}
    for username, first, last, credentials, role, program_keys in STAFF:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            credentials=credentials,
            role=role,
            email=f"{username}@example.org",
            is_demo=True,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        ProgramMembership.objects.bulk_create([ProgramMembership(user=user, program=programs[k]) for k in program_keys])
        if role in MFA_REQUIRED_ROLES:
            # A random key (django-otp's default), drawn per install: `openiop totp USER` reads it from the database.
            TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        users[username] = user
    # Fresh objects: program_ids is cached per instance.
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    director, intake = users["dana.director"], users["ivy.intake"]
    phases = demo_schedule.add_phases(programs, director)

    counts: dict[str, int] = {}
    serial = 0
    for key, plan in PLAN.items():
        program = programs[key]
        today = local_today(program.time_zone)
        for state in plan:
            serial += 1
            counts[state] = counts.get(state, 0) + 1
            patient, episode = _register(rng, intake, program, tracks[key], key, serial, state)
            if state in ("planned", "waitlist", "cancelled"):
                if state == "cancelled":
                    episode_services.episode_set_status(
                        acting_user=director,
                        episode=episode,
                        status=EpisodeStatus.CANCELLED,
                        reason="Chose a program closer to home",
                    )
                continue
            weeks_in = rng.randint(2, 10)
            admitted_on = today - timedelta(days=weeks_in * 7 + rng.randint(0, 4))
            clinician = users[rng.choice(CLINICIANS[key])]
            track = rng.choice(tracks[key])
            demo_sign_packet(episode, acting_user=director)
            episode = episode_services.episode_admit(
                acting_user=director,
                episode=episode,
                admitted_on=admitted_on,
                track=track,
                level_of_care=asam_iop,
                primary_clinician=clinician,
            )
            if rng.random() < 0.6:
                episode_services.care_team_add(
                    acting_user=director, episode=episode, user=users["priya.prescriber"], team_role="Prescriber"
                )
            if key == "adult" and rng.random() < 0.5:
                episode_services.care_team_add(
                    acting_user=director, episode=episode, user=users["pete.peer"], team_role="Peer recovery coach"
                )
            if key in phases and state == "active" and weeks_in >= 6:
                episode_services.episode_transfer(
                    acting_user=director,
                    episode=episode,
                    effective_on=admitted_on + timedelta(days=28),
                    kind=LevelOfCareChangeKind.STEP_DOWN,
                    phase=phases[key][1],
                    reason="Four weeks of full attendance and negative screens; cravings low on BAM",
                )
            _finish(state, director, episode, admitted_on, today, programs, tracks, phases.get(key))
    calendar_counts = demo_schedule.add_calendar(rng, programs, users)
    demo_measures.add_schedules(programs)
    measure_counts = demo_measures.add_histories(rng, director, programs)
    measure_counts |= demo_intake.add_intake(rng, programs, users)
    demo_plans.add_plans(director)
    measure_counts |= demo_medications.add_medications(programs, users)
    measure_counts |= demo_notes.add_notes(programs, users)
    measure_counts |= demo_continuity.add_continuity(rng, programs, users)
    measure_counts |= demo_privacy.add_privacy(programs, users)
    measure_counts |= demo_outside.add_outside_parties(programs, users)
    return {
        "organization": org.name,
        "programs": len(programs),
        "staff": len(users),
        "patients": serial,
        "states": counts,
        **measure_counts,
        **calendar_counts,
    }


def _register(rng, intake, program, program_tracks, key, serial, state):
    first = names.FIRST_NAMES[(serial * 7) % len(names.FIRST_NAMES)]
    last = names.LAST_NAMES[(serial * 5) % len(names.LAST_NAMES)]
    pronouns, gender, sex = names.PRONOUNS[serial % len(names.PRONOUNS)]
    today = date.today()
    age = rng.randint(13, 17) if key == "teen" else rng.randint(19, 64)
    city, st, zip_prefix = rng.choice(names.CITIES)
    return register_allowing_namesakes(
        patient_register,
        acting_user=intake,
        program=program,
        referral_source=rng.choice(ReferralSource.values),
        status=EpisodeStatus.WAITLIST if state == "waitlist" else EpisodeStatus.PLANNED,
        track=rng.choice(program_tracks) if state != "waitlist" else None,
        legal_first_name=first,
        legal_last_name=last,
        preferred_name=first[:3] if serial % 9 == 0 else "",
        date_of_birth=today.replace(year=today.year - age) - timedelta(days=rng.randint(1, 300)),
        sex_assigned_at_birth=sex,
        gender_identity=gender,
        pronouns=pronouns,
        phone=names.phone(rng),
        email=f"{first.lower()}.{last.lower()}@example.com",
        address_line=f"{rng.randint(10, 999)} {rng.choice(names.STREETS)}",
        city=city,
        state=st,
        postal_code=f"{zip_prefix}{rng.randint(10, 99)}",
        emergency_contact_name=f"{rng.choice(names.FIRST_NAMES)} {last}",
        emergency_contact_relationship=rng.choice(names.RELATIONSHIPS),
        emergency_contact_phone=names.phone(rng),
    )


def _finish(state, director, episode, admitted_on, today, programs, tracks, phases):
    midway = admitted_on + (today - admitted_on) / 2
    if state == "onhold":
        episode_services.episode_set_status(
            acting_user=director,
            episode=episode,
            status=EpisodeStatus.ON_HOLD,
            reason="Medical leave after surgery; expected back in two weeks",
        )
    elif state == "step_down":
        episode_services.episode_transfer(
            acting_user=director,
            episode=episode,
            effective_on=midway,
            kind=LevelOfCareChangeKind.STEP_DOWN,
            level_of_care=level_of_care("asam3", "1"),
            phase=phases[-1] if phases else None,
            reason="Met phase 1 goals: full attendance 4 weeks, negative screens, cravings low on BAM",
        )
    elif state == "transfer":
        episode_services.episode_transfer(
            acting_user=director,
            episode=episode,
            effective_on=midway,
            program=programs["mh"],
            track=tracks["mh"][1],
            reason="Sustained remission of use; depressive symptoms now primary",
        )
    elif state in ("completed", "ama", "terminated"):
        reason = {
            "completed": DischargeReason.COMPLETED,
            "ama": DischargeReason.LEFT_AGAINST_ADVICE,
            "terminated": DischargeReason.TERMINATED_BY_FACILITY,
        }[state]
        episode_services.episode_discharge(
            acting_user=director,
            episode=episode,
            discharged_on=midway,
            reason=reason,
            note="Discharge summary to follow",
        )
