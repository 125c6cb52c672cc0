"""Shared persona × page machinery for the plans and diagnoses access tests.

Expectations restate the role table (accounts/roles.py) on purpose: not signed in → sign-in page; role not
granted → 403, audited as denied; granted but the patient is in another program → 404, audited, and the
page shows neither name nor MRN; granted and in scope → anything but 403/404 (200, or a redirect after a POST).
"""

from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent, Outcome

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
ROLE_OF = {
    "clinician_a": Role.CLINICIAN,
    "clinician_b": Role.CLINICIAN,
    "director_a": Role.DIRECTOR,
    "director_b": Role.DIRECTOR,
    "intake_a": Role.INTAKE,
    "nurse_a": Role.NURSE,
    "prescriber_a": Role.PRESCRIBER,
    "peer_support_a": Role.PEER_SUPPORT,
    "front_desk_a": Role.FRONT_DESK,
    "billing_a": Role.BILLING,
    "privacy_officer": Role.PRIVACY_OFFICER,
    "sysadmin": Role.SYSADMIN,
}
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
CLINICAL = {Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE, Role.PEER_SUPPORT}
TREATING = CLINICAL - {Role.PEER_SUPPORT}  # peer support sees alumni information only (issue 8)
# Screens, diagnoses, plans and summaries: not intake, who works the pipeline (12.12).
TREATMENT_TEAM = TREATING - {Role.INTAKE}


def expected(persona: str, roles_granted: set[str], *, patient_scoped: bool = True) -> str:
    if persona == "anonymous":
        return "login"
    if ROLE_OF[persona] not in roles_granted:
        return "forbidden"
    if patient_scoped and persona not in IN_PROGRAM_A:
        return "not found"
    if patient_scoped and persona == "intake_a":
        return "not found"  # the patient here is admitted; intake sees the pipeline (privacy.policy.visible_q)
    return "ok"


def check(request, client_for, persona: str, method: str, url: str, data: dict, outcome: str, secrets: list[str]):
    from django.test import Client

    client = Client() if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    denials_before = AuditEvent.objects.filter(outcome=Outcome.DENIED).count()
    response = client.get(url) if method == "GET" else client.post(url, data)
    body = response.content.decode(errors="replace")
    if outcome == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif outcome == "forbidden":
        assert response.status_code == 403
        assert AuditEvent.objects.filter(outcome=Outcome.DENIED).count() == denials_before + 1
        assert not any(secret in body for secret in secrets)
    elif outcome == "not found":
        assert response.status_code == 404
        assert AuditEvent.objects.filter(outcome=Outcome.DENIED).count() == denials_before + 1
        assert not any(secret in body for secret in secrets)
    else:
        assert response.status_code not in (403, 404), response.status_code
