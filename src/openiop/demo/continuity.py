"""Demo discharge summaries (signed for completed discharges, drafts otherwise), aftercare plans,
essential-services referrals in every status, alumni discharged one to three months ago with check-ins
(some answered, one concerning → a task for pete.peer, some due) and upcoming alumni groups."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from openiop.continuity import services
from openiop.continuity.codes import ReferralStatus
from openiop.core.timezones import local_today
from openiop.episodes import services as episode_services
from openiop.episodes.codes import DischargeReason, ReferralSource
from openiop.episodes.models import Episode, EpisodeStatus
from openiop.patients.services import patient_register
from openiop.programs.levels import level_of_care
from openiop.schedule.models import Session, SessionType

from . import names
from .packets import demo_sign_packet, register_allowing_namesakes
from .staff import demo_signature

AFTERCARE = dict(
    next_provider_name="Riverbend Counseling Center",
    next_provider_address="410 Mill St, Springfield IL",
    next_provider_phone="(217) 555-0140",
    support_groups=["aa", "smart"],
    support_groups_other="Thursday alumni group at the clinic",
    medications_to_continue="As prescribed by the program prescriber; see the medications section.",
    relapse_triggers="Payday weekends; old friends from work; arguments at home",
    coping_strategies="Call my sponsor; urge surfing; go to a meeting the same day",
    warning_signs="Skipping meetings; isolating; sleeping badly",
    local_crisis_line="Sangamon County crisis line (217) 555-0199",
    emergency_contacts="Sister (217) 555-0123",
)
GOOD = {
    "days_alcohol_use": 0,
    "days_drug_use": 0,
    "abstinent": True,
    "employment": "full_time",
    "stable_housing": True,
    "days_support_meetings": 10,
    "wants_contact": False,
    "anything_else": "",
}
CONCERNING = {**GOOD, "days_alcohol_use": 3, "abstinent": False, "wants_contact": True, "days_support_meetings": 1}
# (days since discharge, {check-in day: answers or "link"})
ALUMNI = [(100, {30: GOOD, 60: GOOD}), (65, {30: CONCERNING}), (35, {30: "link"}), (45, {})]
REFERRALS = [
    ("housing", "Springfield Housing Authority", "Lease ends next month", [ReferralStatus.REFERRED]),
    ("employment", "WorkNet Center", "Wants a job with day hours", [ReferralStatus.REFERRED, ReferralStatus.CONNECTED]),
    ("transportation", "Medicaid ride line", "No car for evening groups", []),
    ("legal", "Land of Lincoln Legal Aid", "Expunging an old charge", [ReferralStatus.DECLINED]),
    (
        "benefits",
        "SNAP office",
        "Food benefits",
        [ReferralStatus.REFERRED, ReferralStatus.CONNECTED, ReferralStatus.CLOSED],
    ),
]


def _summarise(episode, clinician, *, sign: bool) -> None:
    summary = services.discharge_summary_start(acting_user=clinician, episode=episode)
    services.discharge_summary_update(
        acting_user=clinician,
        summary=summary,
        medications="",
        clinician_narrative=(
            "Attended groups and individual sessions as planned; learned and practised relapse-prevention skills. "
            "Mood and cravings improved over the episode."
            if episode.discharge_reason == DischargeReason.COMPLETED
            else "Left treatment before completing the plan; outreach attempted by phone."
        ),
        recommendations="Weekly outpatient counseling; mutual-help meetings three times a week; alumni group.",
    )
    services.aftercare_plan_update(
        acting_user=clinician, plan=summary.aftercare, first_appointment_at=None, **AFTERCARE
    )
    if sign:
        summary.refresh_from_db()
        services.discharge_summary_sign(
            acting_user=clinician,
            summary=summary,
            typed_name=clinician.get_full_name(),
            signature=demo_signature(clinician),
        )


def _alumnus(rng, program, intake, clinician, serial: int, days_ago: int) -> Episode:
    today = local_today(program.time_zone)
    first = names.FIRST_NAMES[(serial * 11) % len(names.FIRST_NAMES)]
    last = names.LAST_NAMES[(serial * 13) % len(names.LAST_NAMES)]
    _patient, episode = register_allowing_namesakes(
        patient_register,
        acting_user=intake,
        program=program,
        referral_source=ReferralSource.INDIVIDUAL,
        status=EpisodeStatus.PLANNED,
        track=program.tracks.first(),
        legal_first_name=first,
        legal_last_name=last,
        date_of_birth=today.replace(year=today.year - rng.randint(22, 60)) - timedelta(days=rng.randint(1, 300)),
        sex_assigned_at_birth=rng.choice(["female", "male"]),
        phone=names.phone(rng),
    )
    discharged_on = today - timedelta(days=days_ago)
    demo_sign_packet(episode, acting_user=intake)
    episode = episode_services.episode_admit(
        acting_user=intake,
        episode=episode,
        admitted_on=discharged_on - timedelta(days=56),
        track=program.tracks.first(),
        level_of_care=level_of_care("asam3", "2.1"),
        primary_clinician=clinician,
    )
    return episode_services.episode_discharge(
        acting_user=clinician,
        episode=episode,
        discharged_on=discharged_on,
        reason=DischargeReason.COMPLETED,
        note="Completed all phases",
    )


def add_continuity(rng, programs: dict, users: dict) -> dict:
    counts = {"discharge_summaries": 0, "referrals": 0, "alumni_checkins_answered": 0}
    for episode in Episode.objects.filter(status=EpisodeStatus.FINISHED).select_related("primary_clinician"):
        _summarise(episode, episode.primary_clinician, sign=episode.discharge_reason == DischargeReason.COMPLETED)
        counts["discharge_summaries"] += 1

    adult = programs["adult"]
    active = list(Episode.objects.filter(program=adult, status=EpisodeStatus.ACTIVE).order_by("pk")[: len(REFERRALS)])
    for episode, (category, agency, reason, steps) in zip(active, REFERRALS, strict=False):
        today = local_today(adult.time_zone)
        referral = services.referral_create(
            acting_user=episode.primary_clinician,
            episode=episode,
            category=category,
            agency=agency,
            reason=reason,
            suggested_on=today - timedelta(days=10),
        )
        for offset, status in enumerate(steps):
            services.referral_set_status(
                acting_user=episode.primary_clinician,
                referral=referral,
                status=status,
                on=today - timedelta(days=8 - 3 * offset),
            )
        counts["referrals"] += 1

    coordinator, intake, clinician = users["pete.peer"], users["ivy.intake"], users["carlos.counselor"]
    for serial, (days_ago, checkins) in enumerate(ALUMNI, start=1):
        episode = _alumnus(rng, adult, intake, clinician, serial, days_ago)
        _summarise(episode, clinician, sign=True)
        for day_number, answers in checkins.items():
            _checkin, token = services.checkin_link_issue(
                acting_user=coordinator, episode=episode, day_number=day_number
            )
            if answers != "link":
                services.checkin_submit(token=token, answers=answers)
                counts["alumni_checkins_answered"] += 1

    zone = ZoneInfo(adult.time_zone)
    first_thursday = local_today(adult.time_zone) + timedelta(
        days=(3 - local_today(adult.time_zone).weekday()) % 7 or 7
    )
    for week in range(4):
        starts = datetime.combine(first_thursday + timedelta(weeks=week), time(18, 30), tzinfo=zone)
        session = Session.objects.create(
            program=adult,
            session_type=SessionType.ALUMNI_GROUP,
            title="Alumni group",
            topic="Staying connected after IOP",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            capacity=20,
        )
        session.facilitators.add(coordinator)
    return counts
