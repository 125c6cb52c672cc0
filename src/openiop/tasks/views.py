from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.privacy.lookups import object_for_user_or_404
from openiop.privacy.policy import visible_through

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
    task = object_for_user_or_404(
        request,
        Task.objects.filter(visible_through(request.user), program_id__in=request.user.program_ids).select_related(
            "patient", "program", "assigned_to", "closed_by"
        ),
        task_id,
        object_type="task",
        capability="tasks.complete",
    )
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
