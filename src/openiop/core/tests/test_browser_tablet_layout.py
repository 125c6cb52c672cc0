"""The staff pages fit a tablet (768 px portrait) and a laptop (1280 px) without sideways scrolling."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.measures.services import measure_record

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [768, 1280])
def test_the_main_pages_fit_the_screen_width(live_app, browser, clinician_a, patient_a, width):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    episode = patient_a.episodes.get()
    for answers in ([3, 3, 2, 2, 2, 1, 1, 1, 0], [1, 1, 1, 1, 0, 0, 0, 0, 0]):
        measure_record(acting_user=clinician_a, patient=patient_a, episode=episode, instrument="PHQ-9", answers=answers)
    context = browser.new_context(viewport={"width": width, "height": 1024})
    page = context.new_page()
    browser_login(page, live_app, clinician_a)
    page.wait_for_selector('h1:has-text("Today\'s census")')
    too_wide = []
    for url in (
        "/",
        "/patients/",
        f"/patients/{patient_a.pk}/",
        f"/patients/{patient_a.pk}/?tab=history",
        f"/patients/{patient_a.pk}/measures/",
        f"/patients/{patient_a.pk}/measures/record/PHQ-9/",
    ):
        page.goto(live_app + url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append((url, scroll_width))
    context.close()
    assert too_wide == []
