"""Program settings for directors: payer hours rules, phases and the treatment-plan review cadence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from openiop.accounts.access import require_capability
from openiop.core.forms import add_service_errors
from openiop.privacy.lookups import object_for_user_or_404

from . import services
from .forms import AdmissionRulesForm, PhaseForm, ProgramSettingsForm
from .models import DEFAULT_AGE_BOUNDS_SOURCE, Program

MANAGE = "programs.manage_settings"


def _program_or_404(request, program_id: int) -> Program:
    require_capability(request, MANAGE, object_type="program", object_id=program_id)
    return object_for_user_or_404(
        request, Program, program_id, object_type="program", capability=MANAGE, pk__in=request.user.program_ids
    )


@login_required
def program_list(request):
    require_capability(request, MANAGE, object_type="program")
    programs = Program.objects.filter(pk__in=request.user.program_ids).order_by("name")
    if len(programs) == 1:
        return redirect("programs:settings", program_id=programs[0].pk)
    return render(request, "programs/list.html", {"programs": programs})


@login_required
def program_settings(request, program_id: int):
    program = _program_or_404(request, program_id)
    phases = list(program.phases.order_by("order"))
    editing = next((p for p in phases if str(p.pk) == request.GET.get("phase", request.POST.get("phase"))), None)
    settings_form = ProgramSettingsForm(
        initial={
            "payer_codes": program.payer_codes,
            "plan_review_days": program.plan_review_days,
            "phone": program.phone,
        }
    )
    phase_initial = (
        {
            "name": editing.name,
            "order": editing.order,
            "weekdays": editing.weekday_list,
            "description": editing.description,
        }
        if editing
        else {"order": len(phases) + 1}
    )
    phase_form = PhaseForm(initial=phase_initial)
    admission_form = AdmissionRulesForm(
        initial={"min_age": program.min_age, "max_age": program.max_age, "packet_documents": program.packet_documents}
    )
    action = request.POST.get("action")
    if request.method == "POST" and action == "settings":
        settings_form = ProgramSettingsForm(request.POST)
        if settings_form.is_valid():
            try:
                services.program_settings_update(
                    acting_user=request.user,
                    program=program,
                    payer_codes=settings_form.cleaned_data["payer_codes"],
                    plan_review_days=settings_form.cleaned_data["plan_review_days"],
                    phone=settings_form.cleaned_data["phone"],
                )
            except ValidationError as error:
                add_service_errors(settings_form, error)
            else:
                messages.success(request, "Settings saved.")
                return redirect("programs:settings", program_id=program.pk)
    elif request.method == "POST" and action == "admission":
        admission_form = AdmissionRulesForm(request.POST)
        if admission_form.is_valid():
            try:
                services.program_admission_rules_update(
                    acting_user=request.user, program=program, **admission_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(admission_form, error)
            else:
                messages.success(request, "Admission rules saved.")
                return redirect("programs:settings", program_id=program.pk)
    elif request.method == "POST" and action == "phase":
        phase_form = PhaseForm(request.POST)
        if phase_form.is_valid():
            try:
                services.phase_save(acting_user=request.user, program=program, phase=editing, **phase_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(phase_form, error)
            else:
                messages.success(request, "Phase saved.")
                return redirect("programs:settings", program_id=program.pk)
    return render(
        request,
        "programs/settings.html",
        {
            "program": program,
            "phases": phases,
            "editing": editing,
            "settings_form": settings_form,
            "phase_form": phase_form,
            "admission_form": admission_form,
            "age_bounds_source": DEFAULT_AGE_BOUNDS_SOURCE,
            "failed": action if request.method == "POST" else "",
        },
    )
