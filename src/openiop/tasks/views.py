from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from openiop.accounts.access import deny, require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.patients.models import Patient

from . import services
from .forms import CompleteForm
from .models import Task
from .selectors import open_tasks


@login_required
def task_list(request):
    require_capability(request, "tasks.view", object_type="tasks")
    mine = request.GET.get("scope", "mine") == "mine"
    tasks = list(open_tasks(user=request.user, mine=mine)[:200])
    audit_record(
        user=request.user, action="read", object_type="tasks", detail={"patient_ids": [t.patient_id for t in tasks]}
    )
    return render(request, "tasks/list.html", {"tasks": tasks, "mine": mine})


@login_required
def task_detail(request, task_id: int):
    require_capability(request, "tasks.complete", object_type="task", object_id=task_id)
    task = (
        Task.objects.filter(
            pk=task_id,
            program_id__in=request.user.program_ids,
            patient__in=Patient.objects.visible_to(request.user),  # a restricted record stays invisible
        )
        .select_related("patient", "program", "assigned_to", "closed_by")
        .first()
    )
    if task is None:
        deny(request, capability="tasks.complete", object_type="task", object_id=task_id, reason="scope")
        raise Http404
    form = CompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_complete(acting_user=request.user, task=task, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Task done; the outcome is recorded.")
            return redirect("tasks:list")
    audit_record(user=request.user, action="read", object_type="task", object_id=task.pk, patient_id=task.patient_id)
    return render(request, "tasks/detail.html", {"task": task, "form": form})
