"""A clinician's first sign-in: enrol an authenticator app, keep the recovery codes, use one later."""

import base64

import pytest
from django_otp.oath import totp

from openiop.accounts.services import RECOVERY_CODE_COUNT
from openiop.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

SUBMIT = "main button[type=submit]"


def _code_for(key: str, drift: int = 0) -> str:
    """The 6-digit code an authenticator app shows for the manual key printed on the enrolment page."""
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(secret, step=30, digits=6, drift=drift):06d}"


def _code_outside_the_window(key: str) -> str:
    """A code that is certainly wrong: none of the codes the server accepts (now, one step either side)."""
    accepted = {_code_for(key, drift) for drift in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def _sign_in_with_password(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click(SUBMIT)


def _enrol(page, base_url: str, user) -> list[str]:
    """Sign in, enrol with the manual key, and return the recovery codes the page shows."""
    _sign_in_with_password(page, base_url, user)
    page.wait_for_url("**/accounts/mfa/**")
    key = page.locator("[data-testid=totp-secret]").inner_text().strip()
    page.fill("#id_token", _code_for(key))
    page.click(SUBMIT)
    page.wait_for_selector("h1:has-text('Your recovery codes')")
    return [code.strip() for code in page.locator("ul.codes li").all_inner_texts()]


def _redirect_of(page, url: str) -> str:
    """Where the server sends this browser session for ``url``, without leaving the page on screen."""
    response = page.request.get(url, max_redirects=0)
    assert response.status == 302
    return response.headers["location"]


def _sign_out(page) -> None:
    page.click("header button:has-text('Sign out')")
    page.wait_for_url("**/accounts/login/**")


def test_a_clinician_without_an_authenticator_enrols_one_and_reaches_the_census(live_app, page, clinician_a):
    _sign_in_with_password(page, live_app, clinician_a)

    page.wait_for_url("**/accounts/mfa/**")
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    qr = page.locator(".qr svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] > 80 and box["height"] > 80, "the QR code is too small to scan"
    key = page.locator("[data-testid=totp-secret]").inner_text().strip()
    assert len(key) >= 32 and set(key) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    page.fill("#id_token", _code_for(key))
    page.click(SUBMIT)

    page.wait_for_selector("h1:has-text('Your recovery codes')")
    codes = [code.strip() for code in page.locator("ul.codes li").all_inner_texts()]
    assert len(codes) == RECOVERY_CODE_COUNT == 10
    assert len(set(codes)) == 10 and all(codes)

    page.click("main a:has-text('Continue')")
    page.wait_for_selector('h1:has-text("Today\'s census")')
    assert page.locator("nav[aria-label=Main] >> text=Patients").is_visible()


def test_a_wrong_enrolment_code_shows_an_error_and_keeps_the_same_key(live_app, page, clinician_a):
    _sign_in_with_password(page, live_app, clinician_a)
    page.wait_for_url("**/accounts/mfa/**")
    key = page.locator("[data-testid=totp-secret]").inner_text().strip()

    page.fill("#id_token", _code_outside_the_window(key))
    page.click(SUBMIT)

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "does not match" in summary.inner_text()
    assert "/accounts/mfa/" in page.url
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    # The app the user already scanned must stay valid: a wrong code must not issue a new key.
    assert page.locator("[data-testid=totp-secret]").inner_text().strip() == key
    assert page.locator(".qr svg").is_visible()
    assert _redirect_of(page, f"{live_app}/patients/").startswith("/accounts/mfa/"), "unverified, yet let in"


def test_a_recovery_code_signs_in_once_and_is_refused_the_second_time(live_app, page, clinician_a):
    codes = _enrol(page, live_app, clinician_a)
    page.click("main a:has-text('Continue')")
    page.wait_for_selector('h1:has-text("Today\'s census")')
    _sign_out(page)

    _sign_in_with_password(page, live_app, clinician_a)
    page.wait_for_selector("h1:has-text('Enter your code')")
    page.fill("#id_token", codes[3])
    page.click(SUBMIT)
    page.wait_for_selector('h1:has-text("Today\'s census")')
    _sign_out(page)

    _sign_in_with_password(page, live_app, clinician_a)
    page.wait_for_selector("h1:has-text('Enter your code')")
    page.fill("#id_token", codes[3])
    page.click(SUBMIT)

    page.locator(".error-summary").wait_for()
    assert "not right" in page.locator(".error-summary").inner_text()
    assert page.locator("h1").inner_text() == "Enter your code"
    assert _redirect_of(page, f"{live_app}/patients/").startswith("/accounts/mfa/"), "a used code let them in"
