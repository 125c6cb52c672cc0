"""Progress-note formats as data: each format's sections, in order, with where the format comes from.

A program chooses one (``NoteSettings.note_format``); notes keep the format they were written in, so changing
the setting later never reshapes a signed note. Group notes have their own fixed shape (``GROUP``).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    prompt: str


@dataclass(frozen=True)
class NoteFormat:
    key: str
    name: str
    sections: tuple[Section, ...]
    source: str

    @property
    def section_keys(self) -> tuple[str, ...]:
        return tuple(section.key for section in self.sections)


_PLAN = Section("plan", "Plan", "What happens next: homework, next session, referrals, changes to the treatment plan.")

FORMATS: dict[str, NoteFormat] = {
    "DAP": NoteFormat(
        key="DAP",
        name="DAP (Data, Assessment, Plan)",
        sections=(
            Section("data", "Data", "What was observed and reported in the session: facts, statements, behaviour."),
            Section("assessment", "Assessment", "Interpretation: progress, risk, response to treatment."),
            _PLAN,
        ),
        source="Widely taught behavioural-health documentation format (counselling documentation texts).",
    ),
    "SOAP": NoteFormat(
        key="SOAP",
        name="SOAP (Subjective, Objective, Assessment, Plan)",
        sections=(
            Section("subjective", "Subjective", "What the patient reports, in their words where possible."),
            Section("objective", "Objective", "What the clinician observes: appearance, affect, measures, screens."),
            Section("assessment", "Assessment", "The clinician's interpretation of the subjective and objective data."),
            _PLAN,
        ),
        source="Problem-oriented medical record (Weed, 1968); the common medical note format.",
    ),
    "BIRP": NoteFormat(
        key="BIRP",
        name="BIRP (Behavior, Intervention, Response, Plan)",
        sections=(
            Section("behavior", "Behavior", "The patient's presentation and the problems addressed."),
            Section("intervention", "Intervention", "What the clinician did: methods and techniques used."),
            Section("response", "Response", "How the patient responded to the intervention."),
            _PLAN,
        ),
        source="Behavioural-health format common in payer and state documentation guides.",
    ),
}
DEFAULT_FORMAT = "DAP"
FORMAT_CHOICES = [(key, spec.name) for key, spec in FORMATS.items()]

# The part of a group note every attendee's note shares, then each attendee's own section.
GROUP = NoteFormat(
    key="GROUP",
    name="Group note",
    sections=(
        Section("topic", "Topic", "The session's topic."),
        Section("curriculum", "Curriculum", "The curriculum or module the session followed."),
        Section("interventions", "Interventions used", "What the facilitators did with the group."),
        Section("participation", "Participation", "This attendee's level of participation."),
        Section("response", "Response", "How this attendee responded."),
        Section("individual_note", "Individual note", "Anything specific to this attendee."),
    ),
    source="Group documentation practice: one shared description plus an individualized section per member.",
)
SHARED_KEYS = ("topic", "curriculum", "interventions")
ENTRY_KEYS = ("participation", "response", "individual_note")


def format_of(key: str) -> NoteFormat:
    return GROUP if key == GROUP.key else FORMATS[key]


# A program policy default, not a clinical threshold: notes signed later than this after the session ends
# are marked late entry. Programs change it on the notes settings page.
LATE_ENTRY_HOURS_DEFAULT = 72
# Group notes are usually due sooner (the same day or the next): one note covers many attendees' sessions.
GROUP_LATE_ENTRY_HOURS_DEFAULT = 24
LATE_ENTRY_SOURCE = (
    "Common documentation policy (24 h for group notes, 72 h for individual sessions); configurable per program."
)
