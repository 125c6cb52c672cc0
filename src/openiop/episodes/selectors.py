from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Q

from openiop.core.timezones import local_today
from openiop.programs.models import Program

from .models import Episode, EpisodeStatus


def work_lists_open_on_program(user) -> bool:
    """Directors oversee their programs and carry no caseload of their own: their work lists (measures due,
    plan reviews) and the census's counts open on the whole program; everyone else's on their own patients."""
    from openiop.accounts.roles import Role

    return user.role == Role.DIRECTOR


def census(*, user) -> list[dict]:
    """Per program of the user: today's census by track and the flow of the last 7 days. Three queries."""
    programs = list(Program.objects.filter(pk__in=user.program_ids).prefetch_related("tracks"))
    if not programs:
        return []
    # The week window is per program zone, but all programs of one organization share a day boundary
    # closely enough for a 7-day flow count; the census itself is by status, not by date.
    today = local_today(programs[0].time_zone)
    week_ago = today - timedelta(days=7)
    counts = (
        Episode.objects.filter(program__in=programs)
        .values("program_id", "track_id", "status")
        .annotate(
            total=Count("id"),
            admitted_this_week=Count("id", filter=Q(admitted_on__gt=week_ago, admitted_on__lte=today)),
            discharged_this_week=Count("id", filter=Q(discharged_on__gt=week_ago, discharged_on__lte=today)),
        )
    )
    by_program: dict[int, dict] = defaultdict(
        lambda: {"status": defaultdict(int), "tracks": defaultdict(int), "admitted": 0, "discharged": 0}
    )
    for row in counts:
        entry = by_program[row["program_id"]]
        entry["status"][row["status"]] += row["total"]
        entry["admitted"] += row["admitted_this_week"]
        entry["discharged"] += row["discharged_this_week"]
        if row["status"] == EpisodeStatus.ACTIVE:
            entry["tracks"][row["track_id"]] += row["total"]
    result = []
    for program in programs:
        entry = by_program[program.pk]
        result.append(
            {
                "program": program,
                "active": entry["status"][EpisodeStatus.ACTIVE],
                "on_hold": entry["status"][EpisodeStatus.ON_HOLD],
                "planned": entry["status"][EpisodeStatus.PLANNED],
                "waitlist": entry["status"][EpisodeStatus.WAITLIST],
                "admitted_this_week": entry["admitted"],
                "discharged_this_week": entry["discharged"],
                "tracks": [(track, entry["tracks"][track.pk]) for track in program.tracks.all() if track.is_active],
            }
        )
    return result


def episode_for_user(*, user, episode_id: int):
    """The episode, if it is in one of the user's programs and the access policy shows its patient."""
    from openiop.privacy.policy import visible_through

    return (
        Episode.objects.filter(visible_through(user), program_id__in=user.program_ids, pk=episode_id)
        .select_related("patient", "program", "track", "primary_clinician")
        .first()
    )


def my_caseload(*, user, limit: int = 25):
    """Open episodes the user is primary clinician of, whose patients the access policy shows them."""
    from openiop.privacy.policy import visible_through

    return (
        Episode.objects.filter(
            visible_through(user),
            program_id__in=user.program_ids,
            primary_clinician=user,
            status__in=[EpisodeStatus.ACTIVE, EpisodeStatus.ON_HOLD],
        )
        .select_related("patient", "program", "track", "phase")
        .order_by("patient__legal_last_name")[:limit]
    )


def admission_checks(episode) -> dict:
    """What the admit pages show before the form: the consent packet's state and the program's age bounds,
    as episode_admit will check them (one query for the packet)."""
    from openiop.programs.models import PACKET_DOCUMENTS

    from .services import missing_packet_documents

    age = episode.patient.age_on(local_today(episode.program.time_zone))
    return {
        "episode": episode,
        "missing_documents": [PACKET_DOCUMENTS.get(key, key) for key in missing_packet_documents(episode)],
        "age": age,
        "age_refusal": episode.program.age_refusal(age),
    }
