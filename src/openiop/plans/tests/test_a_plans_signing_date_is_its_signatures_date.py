"""A plan has one signing date: the local date of its last signature. The plan's signed_on (the PDF's "signed"
date and the review clock) is derived from the signatures, and the demo back-dates the signatures themselves,
so the PDF never says "signed" on a day no one signed."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Max

from openiop.core.timezones import local_date
from openiop.plans.models import PlanStatus, TreatmentPlan

from .builders import complete_plan, sign_all


def _last_signature_day(plan) -> object:
    last = plan.signatures.aggregate(last=Max("signed_at"))["last"]
    return local_date(last, plan.episode.program.time_zone)


def test_signing_sets_the_plans_date_from_its_last_signature(patient_a, clinician_a, director_a):
    plan = sign_all(
        complete_plan(patient_a.episodes.get(), acting_user=clinician_a), clinician=clinician_a, supervisor=director_a
    )

    assert plan.signed_on == _last_signature_day(plan)


def test_every_signed_demo_plan_is_dated_the_day_of_its_signatures(db):
    call_command("demo", stdout=StringIO())

    plans = TreatmentPlan.objects.filter(status__in=[PlanStatus.SIGNED, PlanStatus.SUPERSEDED]).select_related(
        "episode__program"
    )
    assert plans.count() >= 15
    mismatched = [
        (plan.pk, plan.signed_on, _last_signature_day(plan))
        for plan in plans
        if plan.signed_on != _last_signature_day(plan)
    ]
    assert mismatched == []
    assert len({plan.signed_on for plan in plans}) > 1  # still back-dated: reviews fall due at different times
