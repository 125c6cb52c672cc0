"""In Chromium: a clinician sets a signing PIN on My account, then signs a progress note with it; a wrong PIN
is refused, nothing is signed and the draft stays as typed; the signed note says the PIN confirmed who signed."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import TEST_PASSWORD, browser_login
from openiop.notes.models import ProgressNote
from openiop.notes.services import progress_note_start

pytestmark = pytest.mark.browser
PIN = "480917"


def test_a_note_is_signed_with_the_pin_and_a_wrong_pin_keeps_the_draft(live_app, page, make_appointment, clinician_a):
    session, episode = make_appointment()
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)

    browser_login(page, live_app, clinician_a)
    page.click("[data-testid=my-account]")
    page.wait_for_selector("h1:has-text('My account')")
    page.fill("#id_current_password", TEST_PASSWORD)
    page.fill("#id_pin", PIN)
    page.fill("#id_pin_again", PIN)
    page.click("main button:has-text('Set signing PIN')")
    page.wait_for_selector("text=Signing PIN saved.")

    page.goto(f"{live_app}/patients/{episode.patient_id}/notes/{note.pk}/edit/")
    page.fill("#id_section_data", "Three sober days; slept better.")
    page.fill("#id_section_assessment", "Engaged, hopeful.")
    page.fill("#id_section_plan", "Continue weekly individual sessions.")
    page.fill("#id_typed_name", clinician_a.get_full_name())
    page.fill("#id_signing_secret", "111119")
    page.click("main button:has-text('Sign and lock')")
    page.wait_for_selector("text=That is not your signing PIN or password. Nothing was signed")
    assert page.input_value("#id_section_data") == "Three sober days; slept better."
    assert page.input_value("#id_signing_secret") == ""
    assert ProgressNote.objects.get(pk=note.pk).status == "draft"

    page.fill("#id_signing_secret", PIN)
    page.click("main button:has-text('Sign and lock')")
    page.wait_for_selector("text=Note signed and locked.")
    assert "identity confirmed by signing pin" in page.inner_text("[data-testid=signed-method]")
    signed = ProgressNote.objects.get(pk=note.pk)
    assert (signed.status, signed.signed_method, signed.sections["data"]) == (
        "signed",
        "pin",
        "Three sober days; slept better.",
    )
