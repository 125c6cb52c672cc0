"""Notes pages: notes to write, the session's notes, the note and group-note editors, the chart tab, the
co-sign queue and the settings. Views parse input, check access, call one service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from openiop.accounts.access import deny, require_capability
from openiop.accounts.signing import signature_verify
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.measures.selectors import open_alerts_for_patient
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, patient_chart_queryset
from openiop.privacy.lookups import object_for_user_or_404, refuse_missing
from openiop.privacy.policy import may_read_clinical_notes, may_write_counselling_notes
from openiop.programs.models import Program
from openiop.schedule.models import APPOINTMENT_TYPES, ATTENDED, Session
from openiop.schedule.selectors import sessions_shown_to, shown_on_roster

from . import services
from .formats import FORMATS, GROUP, LATE_ENTRY_SOURCE
from .forms import (
    AddendumForm,
    NoteSettingsForm,
    NoteTemplateForm,
    ProgressNoteForm,
    ReturnForm,
    SignForm,
    SupervisionForm,
)
from .models import GroupNote, NoteSupervision, NoteTemplate, Participation, ProgressNote
from .selectors import (
    cosign_queue,
    counselling_notes_on_chart,
    goals_in_force,
    goals_in_force_by_episode,
    note_detail,
    note_templates,
    notes_to_write,
    patient_notes,
    session_attendees,
    settings_for,
    templates_for_session,
)


def _chart_patient(request, patient_id: int, capability: str):
    patient = patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))
    return patient, [e.pk for e in patient.visible_episodes]


def _require_care_team(request, patient, capability: str, *, author_id: int | None = None) -> None:
    """Notes go beyond program scoping: 403 (audited) for staff of the program who are not on the care team."""
    if not may_read_clinical_notes(request, patient.pk, author_id=author_id):
        deny(request, capability=capability, object_type="clinical_notes", patient_id=patient.pk, reason="care_team")
        raise PermissionDenied


def _session_or_404(request, session_id: int, capability: str) -> Session:
    require_capability(request, capability, object_type="session", object_id=session_id)
    return object_for_user_or_404(
        request,
        Session.objects.filter(sessions_shown_to(request.user), program_id__in=request.user.program_ids).select_related(
            "program", "episode__patient"
        ),
        session_id,
        object_type="session",
        capability=capability,
    )


# ---- lists --------------------------------------------------------------------------------------------


@login_required
def to_write(request):
    require_capability(request, "notes.write", object_type="notes_to_write")
    everyone = request.GET.get("scope") == "everyone" and request.user.has_perm("notes.cosign")
    rows = notes_to_write(user=request.user, everyone=everyone)
    audit_record(
        user=request.user,
        action="read",
        object_type="notes_to_write",
        detail={"everyone": everyone, "patient_ids": sorted({r.patient.pk for r in rows if r.patient})},
    )
    return render(request, "notes/to_write.html", {"rows": rows, "everyone": everyone})


@login_required
def cosign_queue_page(request):
    require_capability(request, "notes.cosign", object_type="cosign_queue")
    notes = cosign_queue(user=request.user)
    form = SignForm(request.POST or None)
    chosen_ids = request.POST.getlist("note") if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        chosen = [note for note in notes if str(note.pk) in chosen_ids]
        try:
            done = services.progress_note_cosign_batch(
                acting_user=request.user,
                notes=chosen,
                typed_name=form.cleaned_data["typed_name"],
                signature=signature_verify(user=request.user, secret=form.cleaned_data["signing_secret"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Co-signed {len(done)} note{'s' * (len(done) != 1)}.")
            return redirect("notes:cosign_queue")
    audit_record(
        user=request.user,
        action="read",
        object_type="cosign_queue",
        detail={"patient_ids": sorted({n.patient_id for n in notes})},
    )
    return render(
        request,
        "notes/cosign_queue.html",
        {"notes": notes, "form": form, "chosen_ids": chosen_ids},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def settings_page(request):
    require_capability(request, "notes.manage_settings", object_type="note_settings")
    programs = list(Program.objects.filter(pk__in=request.user.program_ids).order_by("name"))
    if not programs:
        raise Http404
    wanted = request.GET.get("program") or request.POST.get("program")
    program = next((p for p in programs if str(p.pk) == wanted), programs[0])
    current = settings_for(program)
    settings_form = NoteSettingsForm(
        initial={
            "note_format": current.note_format,
            "late_entry_hours": current.late_entry_hours,
            "group_late_entry_hours": current.group_late_entry_hours,
        }
    )
    supervision_form = SupervisionForm(program=program)
    action = request.POST.get("action")
    if request.method == "POST" and action == "settings":
        settings_form = NoteSettingsForm(request.POST)
        if settings_form.is_valid():
            try:
                services.note_settings_update(acting_user=request.user, program=program, **settings_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(settings_form, error)
            else:
                messages.success(request, "Note settings saved.")
                return redirect(f"{request.path}?program={program.pk}")
    elif request.method == "POST" and action == "supervision":
        supervision_form = SupervisionForm(request.POST, program=program)
        if supervision_form.is_valid():
            try:
                services.note_supervision_set(
                    acting_user=request.user, program=program, **supervision_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(supervision_form, error)
            else:
                messages.success(request, "Co-signature requirement saved.")
                return redirect(f"{request.path}?program={program.pk}")
    supervisions = NoteSupervision.objects.filter(program=program).select_related("supervisee", "supervisor")
    audit_record(user=request.user, action="read", object_type="note_settings", object_id=program.pk)
    return render(
        request,
        "notes/settings.html",
        {
            "programs": programs,
            "program": program,
            "settings_form": settings_form,
            "supervision_form": supervision_form,
            "supervisions": supervisions,
            "templates": note_templates(program=program),
            "formats": FORMATS.values(),
            "late_entry_source": LATE_ENTRY_SOURCE,
        },
    )


# ---- note templates (program settings: no patient data, scoped to the director's programs) -------------------

MANAGE_SETTINGS = "notes.manage_settings"


def _template_program(request) -> Program:
    """The program a new template is for (?program=): one of the user's programs, or 404 (audited)."""
    require_capability(request, MANAGE_SETTINGS, object_type="note_template")
    wanted = request.GET.get("program") or request.POST.get("program") or ""
    program = Program.objects.filter(pk=wanted, pk__in=request.user.program_ids).first() if wanted.isdigit() else None
    if program is None:
        deny(request, capability=MANAGE_SETTINGS, object_type="note_template", object_id="", reason="scope")
        raise Http404
    return program


def _template_or_404(request, template_id: int) -> NoteTemplate:
    require_capability(request, MANAGE_SETTINGS, object_type="note_template", object_id=template_id)
    template = (
        NoteTemplate.objects.filter(pk=template_id, program_id__in=request.user.program_ids)
        .select_related("program")
        .first()
    )
    if template is None:
        deny(request, capability=MANAGE_SETTINGS, object_type="note_template", object_id=template_id, reason="scope")
        raise Http404
    return template


def _template_page(request, *, program, template, form, status=200):
    return render(
        request,
        "notes/template_edit.html",
        {"program": program, "template": template, "form": form, "formats": FORMATS.values()},
        status=status,
    )


def _template_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "session_types": data["session_types"],
        "note_format": data["note_format"],
        "sections": form.sections,
    }


def _settings_url(program) -> str:
    return f"{reverse('notes:settings')}?program={program.pk}"


@login_required
def template_new(request):
    program = _template_program(request)
    form = NoteTemplateForm(request.POST or None, initial={"note_format": settings_for(program).note_format})
    if request.method == "POST" and form.is_valid():
        try:
            template = services.note_template_create(
                acting_user=request.user, program=program, **_template_fields(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Template “{template.name}” created.")
            return redirect(_settings_url(program))
    return _template_page(
        request, program=program, template=None, form=form, status=400 if request.method == "POST" else 200
    )


@login_required
def template_edit(request, template_id: int):
    template = _template_or_404(request, template_id)
    initial = {
        "name": template.name,
        "session_types": template.session_types,
        "note_format": template.note_format,
    } | {f"section_{key}": text for key, text in template.sections.items()}
    action = request.POST.get("action") if request.method == "POST" else None
    form = NoteTemplateForm(request.POST if action == "save" else None, initial=initial)
    try:
        if action == "retire":
            services.note_template_retire(acting_user=request.user, template=template)
            messages.success(request, f"Template “{template.name}” retired: no longer offered for new notes.")
            return redirect(_settings_url(template.program))
        if action == "save" and form.is_valid():
            services.note_template_update(acting_user=request.user, template=template, **_template_fields(form))
            messages.success(request, "Template saved.")
            return redirect(_settings_url(template.program))
    except ValidationError as error:
        add_service_errors(form, error)
    audit_record(user=request.user, action="read", object_type="note_template", object_id=template.pk)
    return _template_page(
        request, program=template.program, template=template, form=form, status=400 if action else 200
    )


# ---- starting notes from a session ---------------------------------------------------------------------


def _chosen_template(value: str, session) -> NoteTemplate | None:
    """The template picked on the session page (empty: none), looked up within the session's program only."""
    if not value:
        return None
    found = NoteTemplate.objects.filter(pk=value, program_id=session.program_id).first() if value.isdigit() else None
    if found is None:
        raise ValidationError({"template": "Choose a template of this program, or start without one."})
    return found


@login_required
def session_notes(request, session_id: int):
    """Who attended, and "Write note" (individual/family) or "Write the group note" (groups)."""
    session = _session_or_404(request, session_id, "notes.write")
    is_group = session.session_type not in APPOINTMENT_TYPES
    attendees = session_attendees(session=session, user=request.user)
    group_note = GroupNote.objects.filter(session=session).first() if is_group else None
    if request.method == "POST":
        try:
            if is_group and not (group_note and group_note.is_signed):
                if group_note is None:
                    group_note = services.group_note_start(acting_user=request.user, session=session)
                return redirect("notes:group_edit", group_note_id=group_note.pk)
            record = next((a for a in attendees if str(a.episode_id) == request.POST.get("episode")), None)
            if record is None:
                raise ValidationError({"episode": "Choose a patient recorded at this session."})
            note = services.progress_note_start(
                acting_user=request.user,
                session=session,
                episode=record.episode,
                template=_chosen_template(request.POST.get("template", ""), session),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("notes:session", session_id=session.pk)
        return redirect("notes:edit", patient_id=note.patient_id, note_id=note.pk)
    audit_record(
        user=request.user,
        action="read",
        object_type="session_notes",
        object_id=session.pk,
        detail={"patient_ids": [a.episode.patient_id for a in attendees]},
    )
    return render(
        request,
        "notes/session.html",
        {
            "session": session,
            "is_group": is_group,
            "attendees": attendees,
            "attended": ATTENDED,
            "group_note": group_note,
            "templates": [] if is_group else templates_for_session(session=session),
        },
    )


# ---- the progress-note editor, read view and chart tab --------------------------------------------------


def _note_or_404(request, patient, episode_ids, note_id: int):
    note = note_detail(note_id=note_id, patient=patient, user=request.user)
    if note is None:
        refuse_missing(request, ProgressNote, note_id, object_type="progress_note", patient_id=patient.pk)
    return note


@login_required
def note_edit(request, patient_id: int, note_id: int):
    patient, episode_ids = _chart_patient(request, patient_id, "notes.write")
    note = _note_or_404(request, patient, episode_ids, note_id)
    if note.is_signed or note.author_id != request.user.pk:
        return redirect("notes:detail", patient_id=patient.pk, note_id=note.pk)
    goal_choices = [(str(g.pk), g.statement) for g in goals_in_force(episode=note.episode)]
    initial = {f"section_{key}": text for key, text in note.sections.items()} | {
        "goals": [str(g.pk) for g in note.goals.all()],
        "next_steps": note.next_steps,
        "late_entry_reason": note.late_entry_reason,
    }
    form = ProgressNoteForm(request.POST or None, initial=initial, note_format=note.format, goal_choices=goal_choices)
    sign_form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note = services.progress_note_update(
                acting_user=request.user,
                note=note,
                sections={s.key: data[f"section_{s.key}"] for s in note.format.sections},
                goal_ids=data["goals"],
                next_steps=data["next_steps"],
                late_entry_reason=data["late_entry_reason"],
            )
            if request.POST.get("action") == "copy_forward":
                note = services.progress_note_copy_forward(acting_user=request.user, note=note)
            if request.POST.get("action") == "sign":
                services.progress_note_sign(
                    acting_user=request.user,
                    note=note,
                    typed_name=request.POST.get("typed_name", ""),
                    signature=signature_verify(user=request.user, secret=request.POST.get("signing_secret", "")),
                )
        except ValidationError as error:
            signing = {k: v for k, v in getattr(error, "message_dict", {}).items() if k in sign_form.fields}
            add_service_errors(form, ValidationError({k: v for k, v in error.message_dict.items() if k not in signing}))
            if signing:
                sign_form.is_valid()
                add_service_errors(sign_form, ValidationError(signing))
        else:
            if request.POST.get("action") == "sign":
                messages.success(request, "Note signed and locked.")
                return redirect("notes:detail", patient_id=patient.pk, note_id=note.pk)
            copied = request.POST.get("action") == "copy_forward"
            messages.success(request, "Plan copied forward: review it before signing." if copied else "Draft saved.")
            return redirect("notes:edit", patient_id=patient.pk, note_id=note.pk)
    audit_record(
        user=request.user, action="read", object_type="progress_note", object_id=note.pk, patient_id=patient.pk
    )
    return render(
        request,
        "notes/edit.html",
        {
            **chart_frame(
                patient=patient,
                user=request.user,
                tab="notes",
                open_alerts=open_alerts_for_patient(patient=patient, user=request.user),
            ),
            "note": note,
            "form": form,
            "sign_form": sign_form,
            "late_entry_hours": settings_for(note.episode.program).late_entry_hours,
        },
    )


@login_required
def chart_tab(request, patient_id: int):
    patient, episode_ids = _chart_patient(request, patient_id, "notes.view")
    _require_care_team(request, patient, "notes.view")
    notes = patient_notes(patient=patient, user=request.user)
    counselling = counselling_notes_on_chart(patient=patient, episode_ids=episode_ids, user=request.user)
    audit_record(
        user=request.user,
        action="read",
        object_type="chart",
        object_id="notes",
        patient_id=patient.pk,
        detail={"note_ids": [n.pk for n in notes], "counselling_note_ids": [c.pk for c in counselling]},
    )
    return render(
        request,
        "notes/chart_tab.html",
        {
            **chart_frame(
                patient=patient,
                user=request.user,
                tab="notes",
                open_alerts=open_alerts_for_patient(patient=patient, user=request.user),
            ),
            "notes": notes,
            "counselling_notes": counselling,
            "may_write_counselling": may_write_counselling_notes(request.user, patient.pk),
        },
    )


@login_required
def note_detail_page(request, patient_id: int, note_id: int):
    """The read view; signed notes take addenda, and the author's supervisor co-signs or asks for an addendum."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    capability = {"addendum": "notes.write", "cosign": "notes.cosign", "return": "notes.cosign"}.get(
        action, "notes.view"
    )
    patient, episode_ids = _chart_patient(request, patient_id, capability)
    note = _note_or_404(request, patient, episode_ids, note_id)
    _require_care_team(request, patient, capability, author_id=note.author_id)
    addendum_form = AddendumForm(request.POST if action == "addendum" else None)
    cosign_form = SignForm(request.POST if action == "cosign" else None)
    return_form = ReturnForm(request.POST if action == "return" else None)
    form = {"addendum": addendum_form, "cosign": cosign_form, "return": return_form}.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "addendum":
                services.note_addendum_add(acting_user=request.user, note=note, text=data["text"])
            elif action == "cosign":
                services.progress_note_cosign(
                    acting_user=request.user,
                    note=note,
                    typed_name=data["typed_name"],
                    signature=signature_verify(user=request.user, secret=data["signing_secret"]),
                )
            else:
                services.progress_note_request_addendum(acting_user=request.user, note=note, comment=data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = {"addendum": "Addendum added.", "cosign": "Note co-signed.", "return": "Addendum requested."}
            messages.success(request, done[action])
            return redirect("notes:detail", patient_id=patient.pk, note_id=note.pk)
    audit_record(
        user=request.user, action="read", object_type="progress_note", object_id=note.pk, patient_id=patient.pk
    )
    return render(
        request,
        "notes/detail.html",
        {
            **chart_frame(
                patient=patient,
                user=request.user,
                tab="notes",
                open_alerts=open_alerts_for_patient(patient=patient, user=request.user),
            ),
            "note": note,
            "addendum_form": addendum_form,
            "cosign_form": cosign_form,
            "return_form": return_form,
            "failed": action if request.method == "POST" else "",
            "can_cosign": note.awaiting_cosign and note.cosign_supervisor_id == request.user.pk,
        },
        status=400 if request.method == "POST" else 200,
    )


# ---- the group note --------------------------------------------------------------------------------------


def _group_rows(group_note, user, data=None):
    shown = shown_on_roster(user, session_id=group_note.session_id, patient_field="episode__patient")
    entries = list(
        group_note.entries.filter(shown)
        .select_related("episode__patient", "goal")
        .order_by("episode__patient__legal_last_name")
    )
    goals = goals_in_force_by_episode(episode_ids=[e.episode_id for e in entries])
    rows = []
    for entry in entries:
        prefix = f"entry_{entry.episode_id}_"
        values = {
            "participation": entry.participation,
            "response": entry.response,
            "goal_id": str(entry.goal_id or ""),
            "individual_note": entry.individual_note,
        }
        if data is not None:
            values = {key: data.get(f"{prefix}{'goal' if key == 'goal_id' else key}", "") for key in values}
        rows.append({"entry": entry, "prefix": prefix, "values": values, "goals": goals.get(entry.episode_id, [])})
    return rows


def _without_hidden_attendees(errors: dict, rows) -> dict:
    """A message about an attendee the user may not see would name them: say only that someone who sees the
    whole roster (a facilitator of the session) must finish the note."""
    prefixes = tuple(row["prefix"] for row in rows)
    kept = {key: found for key, found in errors.items() if not key.startswith("entry_") or key.startswith(prefixes)}
    if len(kept) < len(errors):
        kept.setdefault("__all__", []).append(
            "An attendee you may not see needs an entry: a facilitator of this session must complete and sign it."
        )
    return kept


@login_required
def group_note_edit(request, group_note_id: int):
    require_capability(request, "notes.write", object_type="group_note", object_id=group_note_id)
    group_note = object_for_user_or_404(
        request,
        GroupNote.objects.filter(session__program_id__in=request.user.program_ids).select_related(
            "session__program", "author"
        ),
        group_note_id,
        object_type="group_note",
        capability="notes.write",
    )
    data = request.POST if request.method == "POST" else None
    rows = _group_rows(group_note, request.user, data)
    errors: dict = {}
    shared = {key: (data or {}).get(key, getattr(group_note, key)) for key in ("topic", "curriculum", "interventions")}
    if data is not None and not group_note.is_signed:
        entries = {row["entry"].episode_id: row["values"] for row in rows}
        try:
            services.group_note_update(acting_user=request.user, group_note=group_note, entries=entries, **shared)
            if data.get("action") == "sign":
                notes = services.group_note_sign(
                    acting_user=request.user,
                    group_note=group_note,
                    typed_name=data.get("typed_name", ""),
                    signature=signature_verify(user=request.user, secret=data.get("signing_secret", "")),
                )
        except ValidationError as error:
            errors = _without_hidden_attendees(error.message_dict, rows)
        else:
            if data.get("action") == "sign":
                messages.success(request, f"Group note signed: {len(notes)} attendee notes written to their charts.")
                return redirect("notes:to_write")
            messages.success(request, "Group note draft saved.")
            return redirect("notes:group_edit", group_note_id=group_note.pk)
    audit_record(
        user=request.user,
        action="read",
        object_type="group_note",
        object_id=group_note.pk,
        detail={"patient_ids": [row["entry"].episode.patient_id for row in rows]},
    )
    for row in rows:
        row["errors"] = {
            key: errors.get(f"{row['prefix']}{key}", [])
            for key in ("participation", "response", "goal", "individual_note")
        }
    return render(
        request,
        "notes/group_edit.html",
        {
            "group_note": group_note,
            "session": group_note.session,
            "rows": rows,
            "shared": shared,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "participation_choices": Participation.choices,
            "format": GROUP,
            "typed_name": (data or {}).get("typed_name", ""),
        },
        status=400 if errors else 200,
    )
