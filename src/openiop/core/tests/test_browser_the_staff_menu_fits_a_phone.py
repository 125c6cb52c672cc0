"""On a phone (390 px wide) every item of the staff menu is on screen: the menu wraps onto more lines instead of
running off the right edge, where Intake, Notes to write, Tasks and the rest could not be reached."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login

pytestmark = pytest.mark.browser


def test_every_menu_item_is_inside_a_phone_screen(live_app, page, clinician_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_app, clinician_a)
    page.wait_for_selector("h1")
    items = page.locator(".site-header nav a")
    boxes = [items.nth(i).bounding_box() for i in range(items.count())]
    assert len(boxes) >= 8  # the clinician's whole menu, Census to Service hours
    off_screen = [
        items.nth(i).inner_text() for i, box in enumerate(boxes) if box is None or box["x"] + box["width"] > 390
    ]
    assert off_screen == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
