"""The public help form checks a phone number as the patient forms do (core.validation.phone_problem): only
digits, spaces, +, -, dots and parentheses, with 7 to 15 digits. A refusal names the phone field, says what is
allowed, stores nothing and keeps what the person typed."""

import time

import pytest
from django.test import Client

from openiop.intake import spam
from openiop.intake.models import Inquiry

pytestmark = pytest.mark.django_db


def _post(program, phone: str):
    data = {
        "program": program.pk,
        "first_name": "Jordan",
        "phone": phone,
        "email": "",
        "concern": "mental_health",
        "preferred_times": "morning",
        "consent_to_contact": "on",
        "website": "",
        "started": spam.form_token(time.time() - 30),
    }
    return Client().post("/help/", data, REMOTE_ADDR="203.0.113.9")


@pytest.mark.parametrize("phone", ["call me maybe", "12345", "1" * 16, "503-555-0134<script>", "503 555 O134"])
def test_a_phone_that_is_not_a_phone_number_is_refused_on_the_phone_field(phone, program_a):
    response = _post(program_a, phone)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["phone"]
    assert "7 to 15 digits" in errors["phone"][0] and "parentheses" in errors["phone"][0]
    assert not Inquiry.objects.exists()
    assert response.context["form"]["phone"].value() == phone


@pytest.mark.parametrize("phone", ["503-555-0134", "(503) 555-0134", "+1 503.555.0134", "5550134"])
def test_a_real_phone_number_is_accepted(phone, program_a):
    response = _post(program_a, phone)
    assert response.status_code == 302 and Inquiry.objects.get().phone == phone
