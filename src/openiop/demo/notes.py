"""Demo notes: signed group notes for recent past groups, individual notes (one late entry, one with an
addendum), a couple of drafts (one started from a note template), the adult program's note templates, and
co-signature queue items (the peer coach's notes go to the director)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.demo.staff import demo_signature
from openiop.episodes.models import EpisodeStatus
from openiop.notes import services as note_services
from openiop.notes.models import GroupNote, Participation
from openiop.notes.selectors import goals_in_force_by_episode
from openiop.schedule.hours import week_bounds
from openiop.schedule.models import ATTENDED, Session, SessionStatus
from openiop.schedule.services import appointment_book, attendance_record

INTERVENTIONS = "Psychoeducation, guided discussion and a relapse-prevention worksheet; closing check-in."
RESPONSES = [
    "Shared a recent high-risk situation and the coping skill used.",
    "Listened closely; named one trigger when prompted.",
    "Practised the refusal script in a role play.",
]


def _group_note(author, session) -> int:
    group_note = note_services.group_note_start(acting_user=author, session=session)
    entries = list(group_note.entries.all())
    goals = goals_in_force_by_episode(episode_ids=[e.episode_id for e in entries])
    levels = [Participation.ACTIVE, Participation.MODERATE, Participation.ACTIVE, Participation.MINIMAL]
    note_services.group_note_update(
        acting_user=author,
        group_note=group_note,
        topic=session.topic or session.title,
        curriculum="Matrix Model, early recovery skills",
        interventions=INTERVENTIONS,
        entries={
            entry.episode_id: {
                "participation": levels[n % len(levels)],
                "response": RESPONSES[n % len(RESPONSES)],
                "goal_id": goals[entry.episode_id][0].pk if goals.get(entry.episode_id) else None,
                "individual_note": "",
            }
            for n, entry in enumerate(entries)
        },
    )
    return len(
        note_services.group_note_sign(
            acting_user=author,
            group_note=group_note,
            typed_name=author.get_full_name(),
            signature=demo_signature(author),
        )
    )


# The adult program's note templates (notes settings → Note templates): prompts a clinician starts from.
TEMPLATES = (
    {
        "name": "Individual session (SOAP)",
        "session_types": ["individual_therapy"],
        "note_format": "SOAP",
        "sections": {
            "subjective": "Since last session (use, cravings, mood, in the patient's words):",
            "objective": "Presentation and affect:\nScreens / urine drug screen:",
            "assessment": "Progress on plan goals; risk (relapse, safety):",
            "plan": "Homework:\nNext session:",
        },
    },
    {
        "name": "Family session (DAP)",
        "session_types": ["family_therapy"],
        "note_format": "DAP",
        "sections": {
            "data": "Family members present and their concerns:",
            "assessment": "Family support for recovery; communication patterns:",
            "plan": "Family homework:\nNext family session:",
        },
    },
    {
        "name": "Relapse-prevention review (DAP)",
        "session_types": ["individual_therapy", "family_therapy"],
        "note_format": "DAP",
        "sections": {
            "data": "Triggers and high-risk situations since last review:",
            "assessment": "Coping skills used; warning signs:",
            "plan": "Updates to the relapse-prevention plan:",
        },
    },
)


def _templates(program, director) -> list:
    return [note_services.note_template_create(acting_user=director, program=program, **values) for values in TEMPLATES]


def _individual_notes(program, users, room, template=None) -> dict:
    """Last week: four individual sessions attended; two signed (one late), one with an addendum, two drafts."""
    counselor = users["carlos.counselor"]
    zone = ZoneInfo(program.time_zone)
    monday = week_bounds(local_today(program.time_zone))[0] - timedelta(days=7)
    episodes = list(program.episodes.filter(status=EpisodeStatus.ACTIVE).select_related("patient").order_by("-pk"))[:4]
    counts = {"individual notes": 0, "draft notes": 0}
    for index, episode in enumerate(episodes):
        session = appointment_book(
            acting_user=users["fran.frontdesk"],
            episode=episode,
            session_type="individual_therapy",
            starts_at=datetime.combine(monday + timedelta(days=index % 4), time(13, 0), tzinfo=zone),
            duration_minutes=50,
            facilitators=[counselor],
            room=room,
        )
        attendance_record(acting_user=counselor, session=session, entries={episode.pk: ("present", None)})
        # The first draft was started from the program's individual-session template.
        note = note_services.progress_note_start(
            acting_user=counselor, session=session, episode=episode, template=template if index == 0 else None
        )
        sections = dict(note.sections)
        first = note.format.section_keys[0]
        sections[first] = f"{sections[first]}\nReported two days of cravings after a family argument; no use.".strip()
        if index < 2:
            counts["draft notes"] += 1
            note_services.progress_note_update(acting_user=counselor, note=note, sections=sections)
            continue
        sections = {
            key: text or "Reviewed coping plan; patient engaged and agreed next steps."
            for key, text in sections.items()
        }
        goals = goals_in_force_by_episode(episode_ids=[episode.pk]).get(episode.pk, [])
        note = note_services.progress_note_update(
            acting_user=counselor,
            note=note,
            sections=sections,
            goal_ids=[g.pk for g in goals[:1]],
            next_steps="Practise urge surfing daily; review at next session.",
            late_entry_reason="Documentation delayed by staff illness" if index == 3 else "",
        )
        note = note_services.progress_note_sign(
            acting_user=counselor, note=note, typed_name=counselor.get_full_name(), signature=demo_signature(counselor)
        )
        counts["individual notes"] += 1
        if index == 2:
            note_services.note_addendum_add(
                acting_user=counselor, note=note, text="Patient called the next day: attended a mutual-help meeting."
            )
        # The counsellor's own SUD counselling notes (42 CFR 2.11): one signed, one draft; only Carlos reads them.
        counselling = note_services.counselling_note_write(
            acting_user=counselor, session=session, episode=episode, text=COUNSELLING_TEXT[index - 2]
        )
        if index == 2:
            note_services.counselling_note_sign(
                acting_user=counselor,
                note=counselling,
                text=counselling.text,
                typed_name=counselor.get_full_name(),
                signature=demo_signature(counselor),
            )
        counts["counselling notes"] = counts.get("counselling notes", 0) + 1
    return counts


COUNSELLING_TEXT = (
    "Explored the grief under the recent relapse; client linked using to the anniversary of a loss. Hypothesis: "
    "avoidance of grief drives the evening cravings. Next: gently revisit the loss; watch for shame.",
    "Client ambivalent about disclosing use to a partner; weighed the costs aloud. My impression: fear of losing "
    "custody is the strongest motive. Draft: finish after supervision.",
)


def add_notes(programs: dict, users: dict) -> dict:
    director = users["dana.director"]
    adult = programs["adult"]
    note_services.note_supervision_set(
        acting_user=director, program=adult, supervisee=users["maya.therapist"], supervisor=director
    )
    note_services.note_supervision_set(
        acting_user=director, program=programs["teen"], supervisee=users["jordan.counselor"], supervisor=director
    )
    recent = (
        Session.objects.filter(
            program=adult,
            status=SessionStatus.SCHEDULED,
            ends_at__lte=timezone.now(),
            track__isnull=False,
            attendance__status__in=ATTENDED,
        )
        .distinct()
        .order_by("-starts_at")[:4]
    )
    group_notes = 0
    for n, session in enumerate(recent):
        # The newest is left for the facilitator to write; one is written by a supervised therapist (co-sign
        # queue).
        if n == 0 or GroupNote.objects.filter(session=session).exists():
            continue
        author = users["maya.therapist"] if n == 1 else session.facilitators.first()
        group_notes += _group_note(author, session)
    room = adult.rooms.first()
    templates = _templates(adult, director)
    counts = _individual_notes(adult, users, room, template=templates[0])
    return {"group attendee notes": group_notes, "note templates": len(templates), **counts}
