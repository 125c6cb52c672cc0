"""The clinician's signature on a discharge summary re-asks their password or signing PIN (accounts.signing)
and records the method; a wrong one signs nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.signing import signature_verify, signing_pin_set
from openiop.conftest import TEST_PASSWORD
from openiop.continuity import services
from openiop.continuity.models import DischargeSummary

from .builders import AFTERCARE, complete_draft, discharge, drafted_summary

PIN = "480917"


@pytest.fixture
def summary(patient_a, clinician_a):
    drafted = drafted_summary(discharge(patient_a.episodes.get(), clinician_a), clinician=clinician_a)
    summary = complete_draft(drafted, clinician=clinician_a)
    services.aftercare_plan_update(acting_user=clinician_a, plan=summary.aftercare, **AFTERCARE)
    return summary


def test_signing_a_summary_needs_the_signers_own_re_authentication(summary, clinician_a, clinician_b):
    for proof in (None, signature_verify(user=clinician_b, secret=TEST_PASSWORD)):
        with pytest.raises(ValidationError) as error:
            services.discharge_summary_sign(
                acting_user=clinician_a, summary=summary, typed_name=clinician_a.get_full_name(), signature=proof
            )
        assert "signing_secret" in error.value.message_dict
    assert DischargeSummary.objects.get(pk=summary.pk).is_draft
    signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again=PIN)
    signed = services.discharge_summary_sign(
        acting_user=clinician_a,
        summary=summary,
        typed_name=clinician_a.get_full_name(),
        signature=signature_verify(user=clinician_a, secret=PIN),
    )
    assert signed.signed_method == "pin"


def test_the_sign_page_refuses_a_wrong_pin(summary, clinician_a, client_for):
    signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again=PIN)
    client = client_for(clinician_a)
    url = reverse("continuity:summary_sign", args=[summary.patient_id, summary.pk])
    wrong = client.post(url, {"typed_name": clinician_a.get_full_name(), "signing_secret": "111119"})
    assert wrong.status_code == 400 and "not your signing PIN or password" in wrong.content.decode()
    assert DischargeSummary.objects.get(pk=summary.pk).is_draft
    assert client.post(url, {"typed_name": clinician_a.get_full_name(), "signing_secret": PIN}).status_code == 302
    assert DischargeSummary.objects.get(pk=summary.pk).signed_method == "pin"
