"""A director records the program's phone on the settings page (patients see it on the crisis page after a
self-report); a number that is not a phone number is refused naming the field, keeping what was typed."""

from django.urls import reverse

from openiop.audit.models import AuditEvent
from openiop.programs.models import Program


def _post(client, program, phone):
    return client.post(
        reverse("programs:settings", args=[program.pk]),
        {"action": "settings", "payer_codes": program.payer_codes, "plan_review_days": 30, "phone": phone},
    )


def test_the_director_sets_the_programs_phone_audited_before_and_after(client_for, director_a, program_a):
    response = _post(client_for(director_a), program_a, "(555) 010-2030")

    assert response.status_code == 302
    assert Program.objects.get(pk=program_a.pk).phone == "(555) 010-2030"
    event = AuditEvent.objects.get(object_type="program", action="update")
    assert (event.detail["before"]["phone"], event.detail["after"]["phone"]) == ("", "(555) 010-2030")
    page = client_for(director_a).get(reverse("programs:settings", args=[program_a.pk])).content.decode()
    assert 'value="(555) 010-2030"' in page


def test_a_phone_that_is_not_a_number_is_refused_naming_the_field_and_kept_in_the_form(
    client_for, director_a, program_a
):
    response = _post(client_for(director_a), program_a, "call reception")

    assert response.status_code == 200
    assert "phone" in response.context["settings_form"].errors
    assert "7 to 15 digits" in response.content.decode()
    assert 'value="call reception"' in response.content.decode()
    assert Program.objects.get(pk=program_a.pk).phone == ""
