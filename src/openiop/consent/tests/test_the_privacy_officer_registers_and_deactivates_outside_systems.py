"""The privacy officer registers an outside system on a page reached from the privacy dashboard: the
token is shown once (only its hash is kept), the form is checked on the server and keeps what was typed,
each registration and deactivation is audited as a privilege change, and no other role reaches the page."""

import pytest
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.conftest import count_queries
from openiop.consent.models import OutsideParty
from openiop.consent.tokens import token_matches

from .builders import PAYER, api_client, ask, register, tpo_consent_for

URL = "/privacy/outside-parties/"


def test_the_privacy_dashboard_links_to_the_outside_systems_page(client_for, privacy_officer):
    assert reverse("consent:outside_parties") == URL
    assert f'href="{URL}"' in client_for(privacy_officer).get(reverse("privacy:dashboard")).content.decode()


def test_registering_shows_the_token_once_and_keeps_only_its_hash(client_for, privacy_officer, program_a, program_b):
    client = client_for(privacy_officer)
    response = client.post(
        URL, {"name": f"  {PAYER} ", "receives_under_tpo": "on", "programs": [program_a.pk, program_b.pk]}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    token = html.split('data-testid="outside-party-token">')[1].split("<")[0]
    party = OutsideParty.objects.get()
    assert party.name == PAYER and party.receives_under_tpo and party.registered_by == privacy_officer
    assert set(party.programs.all()) == {program_a, program_b}
    assert token_matches(token, party.token_hash) and token != party.token_hash
    listing = client.get(URL).content.decode()
    assert PAYER in listing and f"oiop_{party.token_prefix}_" in listing and token not in listing
    event = AuditEvent.objects.get(action="privilege_change", object_type="outside_party")
    assert event.detail["event"] == "registered" and event.detail["program_ids"] == sorted([program_a.pk, program_b.pk])


def test_a_registration_without_name_or_programs_is_refused_naming_each_field(client_for, privacy_officer):
    response = client_for(privacy_officer).post(URL, {"name": "", "receives_under_tpo": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_name-error"' in html and "exactly as consents name the recipient" in html
    assert "Choose the programs whose patients it may ask about." in html
    assert OutsideParty.objects.count() == 0


def test_a_second_active_party_of_the_same_name_is_refused_until_the_first_is_deactivated(
    client_for, privacy_officer, program_a
):
    first, _token = register(privacy_officer, programs=[program_a])
    client = client_for(privacy_officer)
    refused = client.post(URL, {"name": PAYER.upper(), "programs": [program_a.pk]})
    assert refused.status_code == 400 and "already has this name" in refused.content.decode()
    assert f'value="{PAYER.upper()}"' in refused.content.decode()  # the input is kept
    client.post(reverse("consent:outside_party_deactivate", args=[first.pk]))
    assert client.post(URL, {"name": PAYER, "programs": [program_a.pk]}).status_code == 200
    assert OutsideParty.objects.filter(is_active=True).count() == 1


def test_deactivating_on_the_page_stops_the_token(client_for, privacy_officer, program_a, patient_a, clinician_a):
    tpo_consent_for(patient_a, clinician_a)
    party, token = register(privacy_officer, programs=[program_a])
    client = client_for(privacy_officer)
    assert client.get(reverse("consent:outside_party_deactivate", args=[party.pk])).status_code == 404
    response = client.post(reverse("consent:outside_party_deactivate", args=[party.pk]))
    assert response.status_code == 302
    party.refresh_from_db()
    assert not party.is_active and party.deactivated_by == privacy_officer
    assert ask(api_client(token), patient_a).status_code == 403
    events = AuditEvent.objects.filter(action="privilege_change", object_type="outside_party").order_by("sequence")
    assert [e.detail["event"] for e in events] == ["registered", "deactivated"]


@pytest.mark.parametrize("persona", ["clinician_a", "director_a", "billing_a", "front_desk_a", "sysadmin"])
def test_no_other_role_reaches_the_page_or_deactivates(request, client_for, privacy_officer, program_a, persona):
    party, _token = register(privacy_officer, programs=[program_a])
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "Rogue Payer", "programs": [program_a.pk]}).status_code == 403
    assert client.post(reverse("consent:outside_party_deactivate", args=[party.pk])).status_code == 403
    assert AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED).count() == 3
    assert OutsideParty.objects.filter(is_active=True).count() == 1


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_takes_as_many_queries_for_twelve_parties_as_for_two(
    client_for, privacy_officer, program_a, program_b, django_assert_num_queries
):
    client = client_for(privacy_officer)
    for n in range(2):
        register(privacy_officer, name=f"Payer {n}", programs=[program_a, program_b])
    small = count_queries(client, URL)
    for n in range(2, 12):
        register(privacy_officer, name=f"Payer {n}", programs=[program_a])
    with django_assert_num_queries(small):
        response = client.get(URL)
    assert response.content.decode().count('data-testid="outside-party-') == 12
