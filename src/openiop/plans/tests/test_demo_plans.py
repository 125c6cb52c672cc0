"""The demo has diagnoses and signed plans: one revised into two versions, and reviews overdue and due soon."""

from io import StringIO

from django.core.management import call_command

from openiop.accounts.models import User
from openiop.diagnoses.models import Diagnosis
from openiop.plans.models import PlanStatus, TreatmentPlan
from openiop.plans.selectors import plan_reviews_due


def test_the_demo_has_plans_in_every_state_and_reviews_due(db):
    call_command("demo", stdout=StringIO())
    assert Diagnosis.objects.filter(rank="primary", status="active").count() >= 20
    assert TreatmentPlan.objects.filter(status=PlanStatus.SIGNED).count() >= 15
    assert TreatmentPlan.objects.filter(status=PlanStatus.DRAFT).exists()
    assert TreatmentPlan.objects.filter(version=2, revised_from__status=PlanStatus.SUPERSEDED).count() == 1
    director = User.objects.get(username="dana.director")
    statuses = {row["status"] for row in plan_reviews_due(user=director)}
    assert {"overdue", "due soon"} <= statuses
