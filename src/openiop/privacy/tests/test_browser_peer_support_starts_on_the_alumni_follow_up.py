"""In a real browser: peer support signs in to the alumni follow-up (not the census of patients in treatment)
and goes on to the alumni board, which lists the alumnus and no one still in treatment."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.continuity.tests.builders import alumni_episode

pytestmark = pytest.mark.browser


def test_peer_support_signs_in_to_the_alumni_follow_up_and_opens_the_board(
    live_app, page, peer_support_a, clinician_a, program_a, patient_a, make_patient
):
    alumnus = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=65).patient
    TOTPDevice.objects.create(user=peer_support_a, name="phone", confirmed=True)
    browser_login(page, live_app, peer_support_a)
    page.wait_for_selector('h1:has-text("Alumni follow-up")')
    assert "1 due" in page.locator('[data-testid="alumni-checkins"]').inner_text()
    assert patient_a.legal_last_name not in page.locator("main").inner_text()

    page.click("text=see the alumni board")
    page.wait_for_selector('[data-testid="due-row"]')
    board = page.locator("main").inner_text()
    assert alumnus.mrn in board and patient_a.mrn not in board
