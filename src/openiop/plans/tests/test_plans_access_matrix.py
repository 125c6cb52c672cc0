"""Every persona against every plan page (see access_matrix.py for the rules). Billing and front desk
have no access to plans at all."""

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role

from .access_matrix import PERSONAS, TREATING, TREATMENT_TEAM, check, expected
from .builders import complete_plan

GRANTED = {
    "plans.view": TREATMENT_TEAM,
    "plans.edit": {Role.DIRECTOR, Role.CLINICIAN},
    "plans.sign": TREATING,
    "plans.supervise": {Role.DIRECTOR},
    "plans.review": {Role.DIRECTOR, Role.CLINICIAN},
}
# key -> (method, capability, url(patient, plan), data, patient scoped)
PAGES = {
    "plan tab": ("GET", "plans.view", lambda p, plan: reverse("plans:chart", args=[p.pk]), {}, True),
    "plan version": ("GET", "plans.view", lambda p, plan: reverse("plans:version", args=[p.pk, plan.pk]), {}, True),
    "plan pdf": ("GET", "plans.view", lambda p, plan: reverse("plans:pdf", args=[p.pk, plan.pk]), {}, True),
    "review list": ("GET", "plans.view", lambda p, plan: reverse("plans:reviews"), {}, False),
    "start a plan": ("POST", "plans.edit", lambda p, plan: reverse("plans:start", args=[p.pk]), {}, True),
    "edit a draft": (
        "POST",
        "plans.edit",
        lambda p, plan: reverse("plans:edit", args=[p.pk, plan.pk]),
        {"op": "problem-add", "problem-add-statement": ""},
        True,
    ),
    "patient signs": (
        "POST",
        "plans.sign",
        lambda p, plan: reverse("plans:sign", args=[p.pk, plan.pk, "patient"]),
        {"sign-patient-typed_name": ""},
        True,
    ),
    "supervisor signs": (
        "POST",
        "plans.supervise",
        lambda p, plan: reverse("plans:sign", args=[p.pk, plan.pk, "supervisor"]),
        {"sign-supervisor-typed_name": ""},
        True,
    ),
    "revise": ("POST", "plans.edit", lambda p, plan: reverse("plans:revise", args=[p.pk, plan.pk]), {}, True),
    "record a review": (
        "POST",
        "plans.review",
        lambda p, plan: reverse("plans:review", args=[p.pk, plan.pk]),
        {},
        True,
    ),
}


def test_the_role_table_matches_these_expectations():
    from openiop.accounts.roles import CAPABILITIES

    for capability, roles in GRANTED.items():
        assert set(CAPABILITIES[capability]) == roles, capability
    assert not {Role.BILLING, Role.FRONT_DESK} & set().union(*GRANTED.values())


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_on_plan_page(request, persona, page, patient_a, clinician_a, client_for):
    plan = complete_plan(patient_a.episodes.get(), acting_user=clinician_a)
    method, capability, url, data, scoped = PAGES[page]
    outcome = expected(persona, GRANTED[capability], patient_scoped=scoped)
    secrets = [patient_a.legal_first_name, patient_a.legal_last_name, patient_a.mrn]
    check(request, client_for, persona, method, url(patient_a, plan), data, outcome, secrets)
