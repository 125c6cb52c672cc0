"""Browser steps for discharge summary → aftercare → signature → PDF, and the alumni check-in on a phone.
Each step starts from the page the previous one left, so they can be chained after other flows."""

from openiop.conftest import TEST_PASSWORD

SUBMIT = "button[type=submit]"
PHONE = {"width": 390, "height": 844}


def open_continuity_tab(page, base_url: str, patient) -> None:
    page.goto(f"{base_url}/patients/{patient.pk}/")
    page.click("nav.tabs >> text=Discharge & aftercare")
    page.wait_for_selector("nav.tabs a[aria-current=page]:has-text('Discharge & aftercare')")


def draft_summary(page) -> None:
    page.click("[data-testid=summary-start]")
    page.wait_for_selector("[data-testid=summary-status]:has-text('Draft')")


def write_summary(page, *, narrative: str, recommendations: str, medications: str = "") -> None:
    form = page.locator("form#summary-form")
    form.locator("textarea[name=medications]").fill(medications)
    form.locator("textarea[name=clinician_narrative]").fill(narrative)
    form.locator("textarea[name=recommendations]").fill(recommendations)
    form.locator(SUBMIT).click()
    # Saved in place (HTMX): the page and the other form stay; the form is marked saved once the server says so.
    page.wait_for_selector("form#summary-form[data-unsaved=false]")


def write_aftercare(
    page, *, provider: str, appointment: str, groups=(), triggers: str = "", crisis_line: str = ""
) -> None:
    form = page.locator("form#aftercare-form")
    form.locator("input[name=next_provider_name]").fill(provider)
    form.locator("input[name=first_appointment_at]").fill(appointment)
    for group in groups:
        form.locator(f"input[name=support_groups][value={group}]").check()
    form.locator("textarea[name=relapse_triggers]").fill(triggers)
    form.locator("input[name=local_crisis_line]").fill(crisis_line)
    form.locator(SUBMIT).click()
    page.wait_for_selector("form#aftercare-form[data-unsaved=false]")


def sign_summary(page, *, typed_name: str) -> None:
    form = page.locator("form#summary-sign")
    form.locator("input[name=typed_name]").fill(typed_name)
    form.locator("input[name=signing_secret]").fill(TEST_PASSWORD)
    form.locator(SUBMIT).click()
    page.wait_for_selector("[data-testid=summary-status]:has-text('Signed')")


def download_summary_pdf(page, base_url: str) -> bytes:
    href = page.get_attribute("[data-testid=summary-pdf]", "href")
    response = page.request.get(f"{base_url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()


def issue_checkin_link_from_alumni_page(page, base_url: str, patient_name: str) -> str:
    page.goto(f"{base_url}/alumni/")
    row = page.locator("[data-testid=due-row]", has_text=patient_name)
    row.locator("button:has-text('Issue link')").click()
    return page.locator("[data-testid=checkin-url]").input_value()


def answer_checkin_on_a_phone(browser, url: str, answers: dict) -> str:
    """Open the link in a fresh phone-sized context (no staff session), answer, return the final heading."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15000)
    try:
        phone.goto(url)
        for name, value in answers.items():
            field = phone.locator(f"[name={name}]")
            if field.first.get_attribute("type") == "radio":
                phone.locator(f"input[name={name}][value={value}]").check()
            else:
                field.fill(str(value))
        phone.locator(SUBMIT).click()
        return phone.locator("h1").inner_text()
    finally:
        context.close()


def open_my_tasks(page, base_url: str) -> str:
    page.goto(f"{base_url}/tasks/")
    return page.locator("main").inner_text()
