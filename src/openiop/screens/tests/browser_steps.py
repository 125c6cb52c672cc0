"""Small browser steps for the medications and screens flows, shared by browser tests."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login

SUBMIT = "main button[type=submit]"


def sign_in(page, base_url: str, user) -> None:
    """Sign in through the real pages, with an authenticator enrolled (clinical roles must use one)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    browser_login(page, base_url, user)


def sign_out(page) -> None:
    page.click("header button:has-text('Sign out')")
    page.wait_for_selector("#id_username")


def open_chart_tab(page, base_url: str, patient, tab: str) -> None:
    page.goto(f"{base_url}/patients/{patient.pk}/")
    page.click(f"nav.tabs >> text={tab}")
    page.wait_for_selector(f"nav.tabs a[aria-current=page]:has-text('{tab}')")


def record_mat_dose(page, *, dose: str, route: str) -> None:
    """From the Medications tab: the form's time and giver default to now and the signed-in nurse."""
    page.click("main a:has-text('Record a MAT dose')")
    page.wait_for_selector("h1:has-text('Record a MAT dose')")
    page.fill("#id_dose_amount", dose)
    page.select_option("#id_route", route)
    page.click(SUBMIT)
    page.wait_for_selector("nav.tabs a[aria-current=page]:has-text('Medications')")


def record_urine_screen(page, results: dict[str, str]) -> None:
    """From the Screens tab: a presumptive urine cup collected now by the signed-in user, observed."""
    page.click("main a:has-text('Record a screen')")
    page.wait_for_selector("h1:has-text('Record a drug or alcohol screen')")
    page.select_option("#id_specimen", "urine")
    page.select_option("#id_method", "presumptive")
    for analyte, result in results.items():
        page.select_option(f"#id_result_{analyte}", result)
    page.click(SUBMIT)
    page.wait_for_selector("h1:has-text('Screen of')")


def my_tasks_text(page, base_url: str) -> str:
    page.goto(f"{base_url}/tasks/")
    page.wait_for_selector("h1:has-text('Tasks')")
    return page.locator("main table").inner_text()
