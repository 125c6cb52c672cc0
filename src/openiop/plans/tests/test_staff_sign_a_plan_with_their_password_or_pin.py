"""A staff signature on a treatment plan re-asks the signer's password or signing PIN (accounts.signing) and
records the method; the patient's own typed signature, witnessed on the clinician's screen, does not."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.signing import signature_verify, signing_pin_set
from openiop.conftest import TEST_PASSWORD
from openiop.plans import services
from openiop.plans.models import PlanSignature, SignerRole

from .builders import complete_plan

PIN = "480917"


@pytest.fixture
def plan(patient_a, clinician_a):
    return complete_plan(patient_a.episodes.get(), acting_user=clinician_a)


def test_a_clinician_signature_needs_the_clinicians_own_re_authentication(plan, clinician_a, director_a):
    for proof in (None, signature_verify(user=director_a, secret=TEST_PASSWORD)):
        with pytest.raises(ValidationError) as error:
            services.plan_sign(
                acting_user=clinician_a,
                plan=plan,
                role=SignerRole.CLINICIAN,
                typed_name=clinician_a.get_full_name(),
                signature=proof,
            )
        assert "signing_secret" in error.value.message_dict
    assert not PlanSignature.objects.exists()
    signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again=PIN)
    signed = services.plan_sign(
        acting_user=clinician_a,
        plan=plan,
        role=SignerRole.CLINICIAN,
        typed_name=clinician_a.get_full_name(),
        signature=signature_verify(user=clinician_a, secret=PIN),
    )
    assert signed.method == "pin"
    patient = services.plan_sign(
        acting_user=clinician_a, plan=plan, role=SignerRole.PATIENT, typed_name=plan.patient.legal_name
    )
    assert patient.method == ""


def test_the_sign_page_refuses_a_wrong_password_and_signs_with_the_right_one(plan, clinician_a, client_for):
    client = client_for(clinician_a)
    url = reverse("plans:sign", args=[plan.patient_id, plan.pk, "clinician"])
    name = clinician_a.get_full_name()
    wrong = client.post(url, {"sign-clinician-typed_name": name, "sign-clinician-signing_secret": "not-my-password"})
    assert "not your password" in wrong.content.decode()
    assert not PlanSignature.objects.exists()
    right = client.post(url, {"sign-clinician-typed_name": name, "sign-clinician-signing_secret": TEST_PASSWORD})
    assert right.status_code == 302
    assert PlanSignature.objects.get().method == "password"
