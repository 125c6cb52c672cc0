"""SUD counselling notes (42 CFR 2.11): written by a member of the care team, read by the author and the
author's supervisor only. Everyone else with the Notes tab sees that a note exists (date, author), never its
text; opening it is refused, audited with the reason ``counselling_notes``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from openiop.accounts.access import deny
from openiop.accounts.signing import signature_verify
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.measures.selectors import open_alerts_for_patient
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, patient_chart_queryset
from openiop.privacy.lookups import object_for_user_or_404
from openiop.privacy.policy import may_read_counselling_note, may_write_counselling_notes

from . import services
from .forms import CounsellingNoteEditForm, CounsellingNoteForm
from .models import CounsellingNote
from .selectors import counselling_sessions_attended

CAPABILITY = "notes.counselling"


def _patient(request, patient_id: int):
    patient = patient_or_404(request, patient_id, CAPABILITY, queryset=patient_chart_queryset(user=request.user))
    return patient, [e.pk for e in patient.visible_episodes]


def _refuse(request, patient, object_id=None):
    deny(
        request,
        capability=CAPABILITY,
        object_type="counselling_note",
        object_id=object_id,
        patient_id=patient.pk,
        reason="counselling_notes",
    )
    raise PermissionDenied


def _frame(request, patient):
    return chart_frame(
        patient=patient,
        user=request.user,
        tab="notes",
        open_alerts=open_alerts_for_patient(patient=patient, user=request.user),
    )


@login_required
def counselling_note_new(request, patient_id: int):
    patient, episode_ids = _patient(request, patient_id)
    if not may_write_counselling_notes(request.user, patient.pk):
        _refuse(request, patient)
    attendances = counselling_sessions_attended(episode_ids=episode_ids)
    form = CounsellingNoteForm(request.POST or None, attendances=attendances)
    if request.method == "POST" and form.is_valid():
        attendance = form.cleaned_data["attendance"]
        try:
            note = services.counselling_note_write(
                acting_user=request.user,
                session=attendance.session,
                episode=attendance.episode,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Counselling note saved as a draft. Sign it to lock it.")
            return redirect("notes:counselling", patient_id=patient.pk, note_id=note.pk)
    audit_record(
        user=request.user, action="read", object_type="counselling_note_form", patient_id=patient.pk, detail={}
    )
    return render(
        request,
        "notes/counselling_new.html",
        {**_frame(request, patient), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def counselling_note_page(request, patient_id: int, note_id: int):
    patient, episode_ids = _patient(request, patient_id)
    note = object_for_user_or_404(
        request,
        CounsellingNote.objects.select_related("author", "session"),
        note_id,
        object_type="counselling_note",
        patient_id=patient.pk,
        capability=CAPABILITY,
        patient=patient,
        episode_id__in=episode_ids,
    )
    if not may_read_counselling_note(request.user, note):
        _refuse(request, patient, note.pk)
    editable = note.author_id == request.user.pk and not note.is_signed
    form = CounsellingNoteEditForm(request.POST or None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "save")
        try:
            if action == "sign":
                data = form.cleaned_data
                services.counselling_note_sign(
                    acting_user=request.user,
                    note=note,
                    text=data["text"],
                    typed_name=data["typed_name"],
                    signature=signature_verify(user=request.user, secret=data["signing_secret"]),
                )
            else:
                services.counselling_note_update(acting_user=request.user, note=note, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Counselling note signed and locked." if action == "sign" else "Draft saved.")
            return redirect("notes:counselling", patient_id=patient.pk, note_id=note.pk)
    audit_record(
        user=request.user, action="read", object_type="counselling_note", object_id=note.pk, patient_id=patient.pk
    )
    return render(
        request,
        "notes/counselling_note.html",
        {**_frame(request, patient), "note": note, "form": form, "editable": editable},
        status=400 if request.method == "POST" else 200,
    )
