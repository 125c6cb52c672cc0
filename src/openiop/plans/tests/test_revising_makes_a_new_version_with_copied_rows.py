"""Revise: a new draft version with copies of every row (nothing shared), the signed one kept unchanged
until the new version is signed, then superseded; one draft and one plan in force per episode."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.plans import services
from openiop.plans.models import Goal, Intervention, Objective, PlanStatus, Problem, TreatmentPlan

from .builders import complete_plan, sign_all


@pytest.fixture
def signed(patient_a, clinician_a, director_a):
    return sign_all(
        complete_plan(patient_a.episodes.get(), acting_user=clinician_a), clinician=clinician_a, supervisor=director_a
    )


def _content(plan):
    return [
        (
            p.statement,
            p.asam_dimensions,
            sorted(d.code for d in p.diagnoses.all()),
            g.statement,
            o.description,
            o.target_on,
            o.measure_target,
            i.modality,
            i.frequency,
            i.responsible_staff_id,
        )
        for p in plan.problems.all()
        for g in p.goals.all()
        for o in g.objectives.all()
        for i in o.interventions.all()
    ]


def test_a_revision_copies_the_content_into_new_rows(signed, clinician_a):
    draft = services.plan_revise(acting_user=clinician_a, plan=signed)
    assert (draft.version, draft.status, draft.revised_from) == (2, PlanStatus.DRAFT, signed)
    assert _content(draft) == _content(signed)
    for model, path in (
        (Problem, "plan"),
        (Goal, "problem__plan"),
        (Objective, "goal__problem__plan"),
        (Intervention, "objective__goal__problem__plan"),
    ):
        old = set(model.objects.filter(**{path: signed}).values_list("pk", flat=True))
        new = set(model.objects.filter(**{path: draft}).values_list("pk", flat=True))
        assert old and new and not old & new, model.__name__


def test_editing_the_revision_leaves_the_signed_version_unchanged(signed, clinician_a):
    draft = services.plan_revise(acting_user=clinician_a, plan=signed)
    before = _content(signed)
    goal = Goal.objects.get(problem__plan=draft)
    services.goal_update(acting_user=clinician_a, goal=goal, statement="I want a year sober")
    assert _content(signed) == before
    assert Goal.objects.get(problem__plan=signed).statement != "I want a year sober"


def test_signing_the_revision_supersedes_the_old_version(signed, clinician_a, director_a):
    draft = services.plan_revise(acting_user=clinician_a, plan=signed)
    sign_all(draft, clinician=clinician_a, supervisor=director_a)
    signed.refresh_from_db()
    draft.refresh_from_db()
    assert (signed.status, draft.status) == (PlanStatus.SUPERSEDED, PlanStatus.SIGNED)
    assert TreatmentPlan.objects.filter(episode=signed.episode, status=PlanStatus.SIGNED).count() == 1


def test_only_one_revision_can_be_in_draft(signed, clinician_a):
    services.plan_revise(acting_user=clinician_a, plan=signed)
    with pytest.raises(ValidationError, match="already in draft"):
        services.plan_revise(acting_user=clinician_a, plan=signed)


def test_a_draft_cannot_be_revised(patient_a, clinician_a):
    plan = complete_plan(patient_a.episodes.get(), acting_user=clinician_a)
    with pytest.raises(ValidationError, match="Only the signed plan"):
        services.plan_revise(acting_user=clinician_a, plan=plan)


def test_the_history_lists_every_version_and_an_old_version_is_read_only(signed, clinician_a, client_for, patient_a):
    draft = services.plan_revise(acting_user=clinician_a, plan=signed)
    browser = client_for(clinician_a)
    current = browser.get(reverse("plans:chart", args=[patient_a.pk])).content.decode()
    assert "Version 1" in current and "Version 2" in current and "Add a problem" in current
    old = browser.get(reverse("plans:version", args=[patient_a.pk, signed.pk])).content.decode()
    assert "older version (read-only)" in old
    assert "Add a problem" not in old and "Edit goal" not in old
    assert f"Clinician: {clinician_a.get_full_name()}" in old
    assert draft.pk != signed.pk
