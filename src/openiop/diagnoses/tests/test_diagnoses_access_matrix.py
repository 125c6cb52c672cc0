"""Every persona against every diagnoses page (rules in plans/tests/access_matrix.py)."""

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.plans.tests.access_matrix import PERSONAS, TREATMENT_TEAM, check, expected
from openiop.plans.tests.builders import add_primary_diagnosis

GRANTED = {"diagnoses.view": TREATMENT_TEAM, "diagnoses.edit": {Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER}}
PAGES = {
    "diagnoses tab": ("GET", "diagnoses.view", lambda p, d: reverse("diagnoses:chart", args=[p.pk]), {}, True),
    "add a diagnosis": (
        "POST",
        "diagnoses.edit",
        lambda p, d: reverse("diagnoses:chart", args=[p.pk]),
        {"code": ""},
        True,
    ),
    "code search": ("GET", "diagnoses.view", lambda p, d: reverse("diagnoses:search") + "?q=F11", {}, False),
    "resolve": (
        "POST",
        "diagnoses.edit",
        lambda p, d: reverse("diagnoses:resolve", args=[p.pk, d.pk]),
        {"resolved_on": ""},
        True,
    ),
    "mark in error": (
        "POST",
        "diagnoses.edit",
        lambda p, d: reverse("diagnoses:mark_error", args=[p.pk, d.pk]),
        {},
        True,
    ),
}


def test_the_role_table_matches_these_expectations():
    from openiop.accounts.roles import CAPABILITIES

    for capability, roles in GRANTED.items():
        assert set(CAPABILITIES[capability]) == roles, capability


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_on_diagnoses_page(request, persona, page, patient_a, clinician_a, client_for):
    diagnosis = add_primary_diagnosis(patient_a.episodes.get(), acting_user=clinician_a)
    method, capability, url, data, scoped = PAGES[page]
    outcome = expected(persona, GRANTED[capability], patient_scoped=scoped)
    secrets = [patient_a.legal_first_name, patient_a.legal_last_name, patient_a.mrn]
    check(request, client_for, persona, method, url(patient_a, diagnosis), data, outcome, secrets)
