"""The access matrix over every page and API that takes a patient id, found from the URL configuration, so a
new page is covered the day it is added. For each page and persona: the care-team clinician gets the page;
a clinician of another program, billing, front desk (outside their schedule pages), the privacy officer and
the administrator are refused (403 for the role, 404 for scope), and so is peer support for a patient still
in treatment (alumni only: test_peer_support_sees_alumni_information_only); a refusal is audited and shows neither the
patient's name nor MRN; a signed-out visitor is sent to sign in; a restricted record is "not found" even for
the program's clinician, and emergency access opens every page the care team sees."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.privacy.policy import remember_grant
from openiop.privacy.services import break_glass_open, patient_restrict


def _patient_pages():
    names = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and set(p.pattern.converters) == {"patient_id"}:
                names.append(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    # The privacy officer's own pages (lifting a restriction) are tested with the privacy app.
    return sorted(name for name in set(names) if not name.startswith("privacy:"))


PAGES = _patient_pages()
# Pages front desk may use: the schedule of a patient (and booking), nothing clinical.
FRONT_DESK_PAGES = {"schedule:patient_ical", "schedule:appointment_new"}
REFUSED = {403, 404}


def test_the_matrix_finds_the_patient_pages():
    assert len(PAGES) >= 25 and "patients:chart" in PAGES and "consent:accounting" in PAGES


def _get(client, name, patient):
    return client.get(reverse(name, kwargs={"patient_id": patient.pk}))


def _assert_refused_without_leak(response, patient, user):
    assert response.status_code in REFUSED, response.status_code
    html = response.content.decode(errors="replace")
    assert patient.legal_last_name not in html and patient.mrn not in html
    assert AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED).exists()


IN_PROGRAM_CLINICAL = ["clinician_a", "director_a", "nurse_a", "prescriber_a", "intake_a"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_some_clinical_role_and_refuses_the_others_by_role(request, client_for, patient_a, name):
    opened = []
    for persona in IN_PROGRAM_CLINICAL:
        user = request.getfixturevalue(persona)
        response = _get(client_for(user), name, patient_a)
        if response.status_code in {200, 302, 405}:
            opened.append(persona)
        else:
            assert response.status_code == 403  # the role, never the scope: the patient is in their program
            _assert_refused_without_leak(response, patient_a, user)
    assert opened, f"{name} opens for no clinical role"


@pytest.mark.parametrize("name", PAGES)
def test_a_clinician_of_another_program_is_refused(client_for, clinician_b, patient_a, name):
    response = _get(client_for(clinician_b), name, patient_a)
    if response.status_code != 405:
        # 404 for scope; 403 where the page needs a role the clinician does not have (checked first).
        _assert_refused_without_leak(response, patient_a, clinician_b)


@pytest.mark.parametrize("persona", ["billing_a", "privacy_officer", "sysadmin", "peer_support_a"])
@pytest.mark.parametrize("name", PAGES)
def test_non_clinical_roles_are_refused_and_audited(request, client_for, patient_a, name, persona):
    user = request.getfixturevalue(persona)
    response = _get(client_for(user), name, patient_a)
    if response.status_code != 405:
        _assert_refused_without_leak(response, patient_a, user)


@pytest.mark.parametrize("name", sorted(set(PAGES) - FRONT_DESK_PAGES))
def test_front_desk_sees_no_clinical_page(client_for, front_desk_a, patient_a, name):
    response = _get(client_for(front_desk_a), name, patient_a)
    if response.status_code != 405:
        _assert_refused_without_leak(response, patient_a, front_desk_a)


@pytest.mark.parametrize("name", PAGES)
def test_a_signed_out_visitor_is_sent_to_sign_in(client, patient_a, name):
    response = _get(client, name, patient_a)
    assert response.status_code in {302, 401, 403, 405}
    assert patient_a.legal_last_name not in response.content.decode(errors="replace")


@pytest.mark.parametrize("name", PAGES)
def test_a_restricted_record_is_not_found_for_an_unnamed_clinician(
    client_for, clinician_a, director_a, privacy_officer, patient_a, name
):
    patient_restrict(acting_user=privacy_officer, patient=patient_a, allowed_users=[director_a], reason="Staff")
    response = _get(client_for(clinician_a), name, patient_a)
    if response.status_code != 405:
        _assert_refused_without_leak(response, patient_a, clinician_a)


# SUD counselling notes are not for emergency access (42 CFR 2.11 notes stay with their author).
NOT_FOR_EMERGENCY = {"notes:counselling_new"}


@pytest.mark.parametrize("name", sorted(set(PAGES) - NOT_FOR_EMERGENCY))
def test_emergency_access_opens_what_the_care_team_sees(client_for, clinician_a, clinician_b, patient_a, name):
    from django.utils import timezone

    expected = _get(client_for(clinician_a), name, patient_a).status_code
    grant = break_glass_open(
        acting_user=clinician_b,
        mrn=patient_a.mrn,
        date_of_birth=patient_a.date_of_birth,
        receiving_personnel="Dr. Ana Ruiz",
        receiving_facility="County General ED",
        disclosing_person="Clinician B",
        occurred_at=timezone.now(),
        emergency_nature="Overdose; ED needs medications",
    )
    client = client_for(clinician_b)
    session = client.session
    remember_grant(session, grant)
    session.save()
    assert _get(client, name, patient_a).status_code == expected
