"""Every persona against every screens page, following the role table (accounts/roles.py).

Restated on purpose: screens.view = clinical roles; screens.record = nurse, clinician, director,
prescriber. Billing and front desk get nothing. Role not granted → 403 (audited); granted but another
program → 404 (audited, no name or MRN).
"""

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.conftest import check_role_table_access
from openiop.screens.models import ScreenCollection

_CLINICAL = {Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE, Role.PEER_SUPPORT}
GRANTED = {
    # Peer support: alumni information only; intake: the pipeline and the intake documents (12.12).
    "screens.view": _CLINICAL - {Role.PEER_SUPPORT, Role.INTAKE},
    "screens.record": {Role.NURSE, Role.CLINICIAN, Role.DIRECTOR, Role.PRESCRIBER},
}
PAGES = {"chart": "screens.view", "record": "screens.record", "collection": "screens.view"}
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
def scenario(patient_a, record_screen):
    collection = record_screen({"fentanyl": "positive"})
    return {
        "chart": reverse("screens:chart", args=[patient_a.pk]),
        "record": reverse("screens:record", args=[patient_a.pk]),
        "collection": reverse("screens:collection", args=[patient_a.pk, collection.pk]),
        "result": collection.results.get(),
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


@pytest.mark.parametrize("persona", ["billing_a", "front_desk_a", "peer_support_a"])
def test_roles_without_record_cannot_post_a_screen_or_mark_a_result_expected(client_for, request, scenario, persona):
    client = client_for(request.getfixturevalue(persona))
    before = ScreenCollection.objects.count()
    assert client.post(scenario["record"], {"specimen": "urine"}).status_code == 403
    response = client.post(scenario["collection"], {"result": scenario["result"].pk, "reason": "Because"})
    assert response.status_code == 403
    assert ScreenCollection.objects.count() == before
    scenario["result"].refresh_from_db()
    assert not scenario["result"].expected
