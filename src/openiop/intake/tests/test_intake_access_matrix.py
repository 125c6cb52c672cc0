"""Every persona against every intake page, following the role table (accounts/roles.py CAPABILITIES):

- the public request form: open to everyone, signed in or not;
- not signed in: redirected to the sign-in page;
- role not granted: 403, audited as denied (reason "role");
- role granted, record in another program: 404, audited (reason "scope"), without the name or MRN;
- role granted, record in scope: 200.
"""

import pytest
from django.test import Client

from openiop.accounts.roles import CAPABILITIES, Role
from openiop.audit.models import AuditEvent, Outcome
from openiop.intake import services
from openiop.intake.models import Stage
from openiop.intake.tests.factories import make_inquiry, new_patient_fields

PERSONAS = (
    "anonymous",
    "clinician_a",
    "clinician_b",
    "director_a",
    "director_b",
    "intake_a",
    "nurse_a",
    "prescriber_a",
    "peer_support_a",
    "front_desk_a",
    "billing_a",
    "privacy_officer",
    "sysadmin",
)
IN_PROGRAM_A = {
    "clinician_a",
    "director_a",
    "intake_a",
    "nurse_a",
    "prescriber_a",
    "peer_support_a",
    "front_desk_a",
    "billing_a",
}
GRANTED = {
    "intake.view": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE},
    "intake.log_call": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE, Role.FRONT_DESK},
    "intake.manage": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE},
    "intake.sign": {Role.DIRECTOR, Role.CLINICIAN},
    "episodes.admit": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE},
}
# page -> (capability, whether it shows one record of program A)
PAGES = {
    "board": ("intake.view", False),
    "log_call": ("intake.log_call", False),
    "inquiry": ("intake.view", True),
    "inquiry_patient": ("intake.manage", True),
    "screening": ("intake.manage", True),
    "admit": ("episodes.admit", True),
    "chart": ("intake.view", True),
    "assessment": ("intake.view", True),
    "placement": ("intake.sign", True),
}


def test_the_role_table_matches_the_expectations_here():
    for capability, roles in GRANTED.items():
        assert CAPABILITIES[capability] == roles, capability


@pytest.fixture
def records(program_a, intake_a, clinician_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.SCREENED)
    unlinked = make_inquiry(program_a, acting_user=intake_a, first_name="Unlinked")
    patient = services.inquiry_create_patient(acting_user=intake_a, inquiry=inquiry, **new_patient_fields())
    assessment = services.assessment_start(acting_user=clinician_a, patient=patient, program=program_a)
    return {
        "board": "/intake/",
        "log_call": "/intake/calls/new/",
        "inquiry": f"/intake/inquiries/{inquiry.pk}/",
        "inquiry_patient": f"/intake/inquiries/{unlinked.pk}/patient/",
        "screening": f"/intake/inquiries/{inquiry.pk}/screening/",
        "admit": f"/intake/inquiries/{inquiry.pk}/admit/",
        "chart": f"/patients/{patient.pk}/intake/",
        "assessment": f"/patients/{patient.pk}/intake/assessments/{assessment.pk}/",
        "placement": f"/patients/{patient.pk}/intake/placement/new/",
        "patient": patient,
    }


def _role(request, persona):
    return request.getfixturevalue(persona).role


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_each_persona_gets_what_the_role_table_allows(request, records, client_for, persona, page):
    capability, scoped = PAGES[page]
    url = records[page]
    patient = records["patient"]
    if persona == "anonymous":
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]
        return
    user = request.getfixturevalue(persona)
    denied_before = AuditEvent.objects.filter(outcome=Outcome.DENIED).count()
    response = client_for(user).get(url)
    if user.role not in GRANTED[capability]:
        expected, reason = 403, "role"
    elif scoped and persona not in IN_PROGRAM_A:
        expected, reason = 404, "scope"
    else:
        expected, reason = 200, None
    assert response.status_code == expected, (persona, page)
    if reason:
        event = AuditEvent.objects.filter(outcome=Outcome.DENIED).order_by("sequence").last()
        assert AuditEvent.objects.filter(outcome=Outcome.DENIED).count() == denied_before + 1
        assert event.detail["reason"] == reason
        body = response.content.decode()
        assert patient.mrn not in body and patient.legal_last_name not in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_public_request_form_is_open_to_everyone(request, program_a, client_for, persona):
    client = Client() if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    assert client.get("/help/").status_code == 200


@pytest.mark.django_db
def test_front_desk_logs_a_call_but_never_sees_the_clinical_assessment(client_for, front_desk_a, program_a, records):
    client = client_for(front_desk_a)
    response = client.post(
        "/intake/calls/new/",
        {
            "program": program_a.pk,
            "caller": "self",
            "first_name": "Casey",
            "phone": "503-555-0111",
            "referral_source": "1",
            "concern": "trauma",
            "preferred_times": "either",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/intake/calls/new/"
    assert client.get(records["assessment"]).status_code == 403
    assert "Intake</a>" not in client.get("/help/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "shown"),
    [("intake_a", True), ("clinician_a", True), ("director_a", True), ("front_desk_a", False), ("billing_a", False)],
)
def test_the_intake_nav_entry_shows_for_the_roles_that_have_the_board(request, client_for, program_a, persona, shown):
    page = client_for(request.getfixturevalue(persona)).get(
        "/intake/calls/new/" if persona == "front_desk_a" else "/help/"
    )
    assert ('href="/intake/"' in page.content.decode()) is shown
