"""In Chromium: a counsellor writes and signs an SUD counselling note from the Notes tab; a colleague on the
same care team sees on the tab that the note exists, with no link and no text, and opening it is refused."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.accounts.roles import Role
from openiop.conftest import TEST_PASSWORD, browser_login
from openiop.episodes.services import care_team_add
from openiop.notes.models import CounsellingNote

pytestmark = pytest.mark.browser
TEXT = "Explored the grief under the relapse; shame about the anniversary keeps coming up."


def test_a_counselling_note_is_written_signed_and_kept_from_a_colleague(
    live_app, page, browser, make_appointment, make_user, program_a, clinician_a, director_a
):
    session, episode = make_appointment()
    colleague = make_user(Role.CLINICIAN, [program_a])
    care_team_add(acting_user=director_a, episode=episode, user=colleague, team_role="Family therapist")
    for user in (clinician_a, colleague):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    patient = episode.patient

    browser_login(page, live_app, clinician_a, next_path=f"/patients/{patient.pk}/notes/")
    page.click("main a:has-text('Write a counselling note')")
    page.wait_for_selector("h2:has-text('New SUD counselling note')")
    page.click("main button:has-text('Save draft')")  # no session chosen: refused, the text is kept
    page.wait_for_selector("text=Choose the counselling session the note is about.")
    page.fill("#id_text", TEXT)
    page.click("main button:has-text('Save draft')")
    page.wait_for_selector("text=Choose the counselling session the note is about.")
    assert page.input_value("#id_text") == TEXT
    page.select_option("#id_attendance", index=1)
    page.click("main button:has-text('Save draft')")
    page.wait_for_selector("text=Counselling note saved as a draft")
    page.fill("#id_typed_name", clinician_a.get_full_name())
    page.fill("#id_signing_secret", TEST_PASSWORD)
    page.click("main button:has-text('Sign and lock')")
    page.wait_for_selector("text=Counselling note signed and locked.")
    assert TEXT in page.inner_text("[data-testid=counselling-text]")
    note = CounsellingNote.objects.get()
    assert note.status == "signed" and note.session == session

    other = browser.new_context(viewport={"width": 1280, "height": 900})
    colleague_page = other.new_page()
    colleague_page.set_default_timeout(15000)
    try:
        browser_login(colleague_page, live_app, colleague, next_path=f"/patients/{patient.pk}/notes/")
        row = colleague_page.locator("[data-testid=counselling-row]")
        row.first.wait_for()
        assert row.count() == 1 and "author and supervisor only" in row.inner_text()
        assert row.locator("a").count() == 0
        assert "grief" not in colleague_page.inner_text("main")
        response = colleague_page.goto(f"{live_app}/patients/{patient.pk}/notes/counselling/{note.pk}/")
        assert response is not None and response.status == 403
        assert "grief" not in colleague_page.content()
    finally:
        other.close()
