"""Every persona against every medications page, following the role table (accounts/roles.py).

Restated on purpose: medications.view = clinical roles; record = director, clinician, prescriber, nurse,
intake; prescribe = prescriber; administer = nurse, prescriber. Billing and front desk get nothing.
Role not granted → 403 (audited); granted but another program → 404 (audited, no name or MRN).
"""

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.conftest import check_role_table_access
from openiop.medications.models import Medication
from openiop.medications.services import medication_add

_CLINICAL = {Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE, Role.PEER_SUPPORT}
GRANTED = {
    "medications.view": _CLINICAL - {Role.PEER_SUPPORT},  # peer support: alumni information only
    "medications.record": {Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE},
    "medications.prescribe": {Role.PRESCRIBER},
    "medications.administer": {Role.NURSE, Role.PRESCRIBER},
}
PAGES = {
    "chart": "medications.view",
    "add": "medications.record",
    "stop": "medications.record",
    "mat_order": "medications.prescribe",
    "mat_stop": "medications.prescribe",
    "administer": "medications.administer",
}
PERSONAS = {
    "clinician_a": (Role.CLINICIAN, "a"),
    "clinician_b": (Role.CLINICIAN, "b"),
    "director_a": (Role.DIRECTOR, "a"),
    "director_b": (Role.DIRECTOR, "b"),
    # Intake sees the pipeline only (12.12): this patient is admitted, so "not found" as for another program.
    "intake_a": (Role.INTAKE, "a, pipeline only"),
    "nurse_a": (Role.NURSE, "a"),
    "prescriber_a": (Role.PRESCRIBER, "a"),
    "peer_support_a": (Role.PEER_SUPPORT, "a"),
    "front_desk_a": (Role.FRONT_DESK, "a"),
    "billing_a": (Role.BILLING, "a"),
    "privacy_officer": (Role.PRIVACY_OFFICER, ""),
    "sysadmin": (Role.SYSADMIN, ""),
}


def test_the_table_above_is_the_role_table():
    from openiop.accounts.roles import CAPABILITIES

    assert {cap: set(CAPABILITIES[cap]) for cap in GRANTED} == GRANTED


@pytest.fixture
def scenario(clinician_a, patient_a, bup_order):
    medication = medication_add(
        acting_user=clinician_a,
        patient=patient_a,
        episode=bup_order.episode,
        name="Sertraline",
        dose_amount="50",
        dose_unit="mg",
        route="oral",
        frequency="daily",
        source="patient_reported",
        started_on=bup_order.started_on,
    )
    return {
        "chart": reverse("medications:chart", args=[patient_a.pk]),
        "add": reverse("medications:add", args=[patient_a.pk]),
        "stop": reverse("medications:stop", args=[patient_a.pk, medication.pk]),
        "mat_order": reverse("medications:mat_order", args=[patient_a.pk]),
        "mat_stop": reverse("medications:mat_stop", args=[patient_a.pk, bup_order.pk]),
        "administer": reverse("medications:administer", args=[patient_a.pk]),
        "secrets": [patient_a.legal_first_name, patient_a.legal_last_name, patient_a.mrn],
    }


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_each_persona_gets_what_the_role_table_says(request, client, client_for, scenario, page, persona):
    check_role_table_access(
        request,
        client,
        client_for,
        url=scenario[page],
        persona=persona,
        personas=PERSONAS,
        granted_roles=GRANTED[PAGES[page]],
        secrets=scenario["secrets"],
    )


def test_billing_cannot_add_a_medication_by_posting(client_for, billing_a, scenario):
    before = Medication.objects.count()
    response = client_for(billing_a).post(scenario["add"], {"name": "Anything"})
    assert response.status_code == 403
    assert Medication.objects.count() == before
