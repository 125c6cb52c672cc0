"""The access policy: who may see which patient. Deny unless a rule grants it.

In order:
1. the role must have the capability (accounts.roles) — otherwise 403;
2. the patient must be in one of the user's programs (for peer support: must have finished an episode in one,
   other than by transfer or death, i.e. be an alumnus), and, if the patient is restricted, the user must be
   named on the patient's access list — otherwise the record is invisible (404, nothing leaks);
   The privacy officer sees every patient (organization-wide privacy work; their capabilities are consents and
   disclosures, never the clinical record);
3. except that an unexpired break-glass grant (§2.51 fields recorded) opens that one patient's record to the
   user who recorded it, whatever 2 says, until it expires — read-only (``BreakGlassScopeMiddleware``);
4. within a chart, each record is read by the staff of the program that made it, and by another program's
   staff only when the patient's care moved there (a transfer, with the categories that moved recorded) or
   under a consent naming that program (``records_q``; decision 0009, 42 CFR 2.12(c)(3)); an organization
   may choose to share records between its programs (``Organization.record_scope``).

``patients.access.patient_or_404`` applies it to pages and the API; ``Patient.objects.visible_to`` applies
rule 2 to lists and searches (break-glass never puts a patient in a list).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .models import BreakGlassAccess, RecordCategory, RecordMove, RestrictedAccess


def visible_q(user, *, patient_ref: str = "pk", intake_documents: bool = False) -> models.Q:
    """Rules 2 and 3 as a filter on patients (``patient_ref`` names the patient id column).

    For a break-glass request the user's program scope already includes the patient's programs
    (``BreakGlassScopeMiddleware``); the grant also lifts the restriction for that patient. The intake
    coordinator sees the pipeline only: patients with a planned or waitlisted episode in their programs
    (not yet admitted); ``intake_documents`` (the inquiries intake logged) keeps the program rule for them.
    """
    from openiop.accounts.roles import Role
    from openiop.episodes.models import Episode, EpisodeStatus

    if user.role == Role.PRIVACY_OFFICER:
        # The privacy officer works across the organization (consents, disclosures, restrictions, audits), on
        # restricted records too; the role's capabilities keep the clinical record from them (accounts.roles).
        return models.Q()
    ref = models.OuterRef(patient_ref)
    in_my_programs = Episode.objects.filter(patient=ref, program_id__in=user.program_ids)
    named = RestrictedAccess.objects.filter(patient=ref, user=user)
    emergency = BreakGlassAccess.objects.filter(patient=ref, user=user, expires_at__gt=timezone.now())
    in_scope = models.Q(models.Exists(in_my_programs))
    if user.role == Role.PEER_SUPPORT:
        # Peer support sees alumni: people who finished an episode in one of their programs (or, under
        # emergency access, the one patient of the grant). A transfer to another program is no such ending:
        # the person is still in treatment (continuity.checkin_rules.NO_FOLLOW_UP_REASONS).
        from openiop.continuity.checkin_rules import NO_FOLLOW_UP_REASONS

        alumni = in_my_programs.filter(status=EpisodeStatus.FINISHED).exclude(discharge_reason__in=NO_FOLLOW_UP_REASONS)
        in_scope = models.Q(models.Exists(alumni)) | (in_scope & models.Q(models.Exists(emergency)))
    elif user.role == Role.INTAKE and not intake_documents:
        # 12.12: intake works the pipeline, not the treatment record of admitted patients.
        pipeline = in_my_programs.filter(status__in=(EpisodeStatus.PLANNED, EpisodeStatus.WAITLIST))
        in_scope = models.Q(models.Exists(pipeline)) | (in_scope & models.Q(models.Exists(emergency)))
    return in_scope & (
        models.Q(is_restricted=False) | models.Q(models.Exists(named)) | models.Q(models.Exists(emergency))
    )


def visible_through(user, field: str = "patient", *, intake_documents: bool = False) -> models.Q:
    """Rules 2 and 3 for rows that belong to a patient (tasks, alerts, notes...): ``field`` names the row's
    patient foreign key. Work lists use it so a restricted record, or an active patient for peer support,
    never shows in them."""
    from openiop.patients.models import Patient

    patients = Patient.objects.filter(visible_q(user, intake_documents=intake_documents))
    return models.Q(**{f"{field}__in": patients.values("pk")})


def active_break_glass(user, patient_id: int) -> BreakGlassAccess | None:
    return (
        BreakGlassAccess.objects.filter(user=user, patient_id=patient_id, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def on_care_team(user, patient_id: int) -> bool:
    """The user is the primary clinician or a care-team member of one of the patient's episodes in their
    programs (one query)."""
    from openiop.episodes.models import Episode

    return (
        Episode.objects.filter(patient_id=patient_id, program_id__in=user.program_ids)
        .filter(models.Q(primary_clinician=user) | models.Q(team_members__user=user))
        .exists()
    )


def may_read_clinical_notes(request, patient_id: int, *, author_id: int | None = None) -> bool:
    """Clinical notes are for the care team (42 CFR Part 2 minimum necessary; issue 8): the care team, the
    note's author, the program's directors (who supervise), and someone under emergency access."""
    from openiop.accounts.roles import Role

    user = request.user
    if getattr(request, "break_glass", None) is not None or author_id == user.pk or user.role == Role.DIRECTOR:
        return True
    return on_care_team(user, patient_id)


def counselling_note_readers_q(user) -> models.Q:
    """SUD counselling notes (42 CFR 2.11) the user may read, as a filter on CounsellingNote: those they wrote,
    and those of staff they supervise in the note's program (notes.NoteSupervision). Nobody else — not the care
    team, not a director who is not the supervisor, not emergency access, not the privacy officer."""
    from openiop.notes.models import NoteSupervision

    supervised = NoteSupervision.objects.filter(
        supervisor=user, supervisee=models.OuterRef("author"), program=models.OuterRef("episode__program")
    )
    return models.Q(author=user) | models.Q(models.Exists(supervised))


def may_read_counselling_note(user, note) -> bool:
    return type(note).objects.filter(counselling_note_readers_q(user), pk=note.pk).exists()


def may_write_counselling_notes(user, patient_id: int) -> bool:
    """The patient's care team and the program's directors write counselling notes; emergency access does not."""
    from openiop.accounts.roles import Role

    return user.has_perm("notes.counselling") and (user.role == Role.DIRECTOR or on_care_team(user, patient_id))


SESSION_KEY = "break_glass"


def _read_capabilities() -> frozenset[str]:
    from openiop.accounts.roles import CAPABILITIES

    reading = {name for name in CAPABILITIES if name.split(".", 1)[1].startswith("view")}
    # Counselling notes keep their own rule, which refuses emergency access whatever the capability, and says so
    # in the audit row (reason counselling_notes); writing them is refused like every other write.
    return frozenset(reading | {"notes.counselling"})


# Under emergency access the chart is read-only: the capabilities that read (``*.view``, ``*.view_*``).
READ_CAPABILITIES = _read_capabilities()


def remember_grant(session, grant: BreakGlassAccess) -> None:
    """The session lists the user's open grants, so ordinary requests need no query to know there are none."""
    grants = dict(session.get(SESSION_KEY, {}))
    grants[str(grant.patient_id)] = grant.expires_at.isoformat()
    session[SESSION_KEY] = grants


def widen_scope_for_grant(request, patient_id: int) -> BreakGlassAccess | None:
    """On a request about ``patient_id`` covered by an open grant: add the patient's programs to the user's
    scope for this request only, so every page of that chart works as for the care team."""
    from openiop.episodes.models import Episode

    if str(patient_id) not in request.session.get(SESSION_KEY, {}):
        return None
    grant = active_break_glass(request.user, patient_id)
    if grant is None:
        return None
    programs = set(Episode.objects.filter(patient_id=patient_id).values_list("program_id", flat=True))
    request.user.program_ids = frozenset(set(request.user.program_ids) | programs)
    return grant


# ---- Rule 4: records follow the program that made them (decision 0009, 42 CFR 2.12(c)(3)) -------------------

# The record categories a consent can name (consent.InformationCategory values of the same name).
CONSENTABLE = frozenset(
    {
        RecordCategory.MEDICATIONS,
        RecordCategory.DRUG_SCREENS,
        RecordCategory.MEASURES,
        RecordCategory.DIAGNOSES,
        RecordCategory.TREATMENT_PLAN,
        RecordCategory.DISCHARGE,
    }
)


def _consents_in_force(today):
    """Consents in force on ``today`` (consent.models.Consent.status_on as a filter)."""
    from openiop.consent.models import Consent, ExpiryKind
    from openiop.episodes.models import OPEN_STATUSES, Episode

    in_treatment = Episode.objects.filter(patient=models.OuterRef("patient"), status__in=OPEN_STATUSES)
    ended_after_today = Episode.objects.filter(patient=models.OuterRef("patient"), discharged_on__gte=today)
    return Consent.objects.filter(
        models.Q(revoked_on__isnull=True) | models.Q(revoked_on__gt=today),
        ~models.Q(expiry_kind=ExpiryKind.DATE) | models.Q(expires_on__gte=today),
        ~models.Q(expiry_kind=ExpiryKind.END_OF_TREATMENT)
        | models.Q(models.Exists(in_treatment))
        | models.Q(models.Exists(ended_after_today)),
        signed_on__lte=today,
    )


def records_q(user, category: str, *, program: str = "episode__program", patient: str = "patient") -> models.Q:
    """Rule 4 as a filter on a record model: ``program`` names the path to the program the record was made
    under (its episode's program, or the program it names), ``patient`` the path to its patient.

    A row passes when its program is one of the user's (which, under emergency access, includes the
    patient's programs for that request), or the patient's care moved from that program to one of the
    user's with this category (``RecordMove``), or a consent recorded by that program, in force today,
    names one of the user's programs as its recipient (program name, case aside) and covers the category,
    or the record's organization shares records between its programs (``Organization.record_scope``).
    The privacy officer, whose duty is the organization's consents and disclosures (and who belongs to no
    program), reads every consent; their capabilities keep every other category from them.
    No query of its own: subqueries only, so lists keep their query counts."""
    from openiop.accounts.roles import Role

    if category == RecordCategory.CONSENTS and user.role == Role.PRIVACY_OFFICER:
        return models.Q()
    return program_records_q(user.program_ids, category, program=program, patient=patient)


def program_records_q(
    program_ids, category: str, *, program: str = "episode__program", patient: str = "patient"
) -> models.Q:
    """``records_q`` for the staff of ``program_ids``: what those programs hold (made there, moved there,
    consented to them, or shared by their organization). A disclosure releases what its consent's program holds."""
    from django.db.models.functions import Cast, Lower

    from openiop.programs.models import Program, RecordScope

    mine = frozenset(program_ids)
    own = models.Q(**{f"{program}__in": mine})
    moved = RecordMove.objects.filter(
        patient=models.OuterRef(patient), from_program=models.OuterRef(program), to_program__in=mine, category=category
    )
    shared = Program.objects.filter(
        pk__in=mine,
        organization__record_scope=RecordScope.ORGANIZATION,
        organization=models.OuterRef(f"{program}__organization"),
    )
    rule = own | models.Q(models.Exists(moved)) | models.Q(models.Exists(shared))
    if category in CONSENTABLE:
        my_names = Program.objects.filter(pk__in=mine).annotate(lower_name=Lower("name")).values("lower_name")
        consents = (
            _consents_in_force(timezone.localdate())
            .annotate(recipient=Lower("recipient_name"), covers=Cast("information", models.TextField()))
            .filter(
                patient=models.OuterRef(patient),
                program=models.OuterRef(program),
                recipient__in=my_names,
                covers__contains=f'"{category}"',
            )
        )
        rule |= models.Q(models.Exists(consents))
    return rule


def categories_moved_on_transfer() -> list[str]:
    """What moves with the patient by default when care moves to another program: the whole record (the new
    program's staff need it to treat); the transfer form lets the clinician leave categories behind."""
    return list(RecordCategory.values)
