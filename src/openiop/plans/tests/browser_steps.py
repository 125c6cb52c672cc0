"""Browser steps for the diagnosis → treatment plan → signatures flow, small enough to chain after others
(e.g. after the intake flow has admitted a patient). Each step starts from the page the previous one left."""

from datetime import date

from openiop.conftest import TEST_PASSWORD

SUBMIT = "button[type=submit]"


def open_chart_tab(page, base_url: str, patient, tab: str) -> None:
    page.goto(f"{base_url}/patients/{patient.pk}/")
    page.click(f"nav.tabs >> text={tab}")
    page.wait_for_selector(f"nav.tabs a[aria-current=page]:has-text('{tab}')")


def add_diagnosis_by_search(page, *, query: str, code: str, rank: str = "primary") -> None:
    """On the Diagnoses tab: type into the search, pick the code from the live results, add it."""
    page.fill("#id_q", query)
    page.locator(f"#code-results input[value='{code}']").check()
    page.check(f"input[name=rank][value={rank}]")
    page.click("main form:has(#id_q) button:has-text('Add diagnosis')")
    page.wait_for_selector(f"[data-testid='diagnosis-{code}']")


def start_plan(page) -> None:
    page.click("main button:has-text('Start the treatment plan')")
    page.wait_for_selector("[data-testid=plan-status]:has-text('Draft')")


def add_problem(page, *, statement: str, asam_dimensions=(), diagnosis_code: str | None = None) -> None:
    form = page.locator("form#problem-add")
    form.locator("textarea[name='problem-add-statement']").fill(statement)
    for number in asam_dimensions:
        form.locator(f"input[name='problem-add-asam_dimensions'][value='{number}']").check()
    if diagnosis_code:
        form.locator("label", has_text=diagnosis_code).locator("input").check()
    form.locator(SUBMIT).click()
    page.wait_for_selector(f"[data-testid=problem] .plan-statement:has-text('{statement[:30]}')")


def _open_last(page, summary: str):
    details = page.locator("details", has=page.locator(f"summary:text-is('{summary}')")).last
    details.locator("summary").click()
    return details.locator("form")


def add_goal(page, *, words: str) -> None:
    form = _open_last(page, "Add a goal")
    form.locator("textarea").fill(words)
    form.locator(SUBMIT).click()
    page.wait_for_selector(f"[data-testid=goal] blockquote:has-text('{words[:30]}')")


def add_objective(
    page, *, description: str, target_on: date, instrument: str = "", comparator: str = "", value: int | None = None
) -> None:
    form = _open_last(page, "Add an objective")
    form.locator("textarea").fill(description)
    form.locator("input[type=date]").fill(target_on.isoformat())
    if instrument:
        form.locator("select[name$='measure_instrument']").select_option(instrument)
        form.locator("select[name$='measure_comparator']").select_option(comparator)
        form.locator("input[name$='measure_value']").fill(str(value))
    form.locator(SUBMIT).click()
    page.wait_for_selector(f"[data-testid=objective]:has-text('{description[:30]}')")


def add_intervention(page, *, modality: str, frequency: str, staff_label: str) -> None:
    form = _open_last(page, "Add an intervention")
    form.locator("select[name$='modality']").select_option(modality)
    form.locator("input[name$='frequency']").fill(frequency)
    form.locator("select[name$='responsible_staff']").select_option(label=staff_label)
    form.locator(SUBMIT).click()
    page.wait_for_selector(f"[data-testid=intervention]:has-text('{frequency}')")


def sign(page, *, role: str, typed_name: str) -> None:
    form = page.locator(f"form#sign-{role}")
    form.locator("input[name$='typed_name']").fill(typed_name)
    if role != "patient":
        form.locator("input[name$='signing_secret']").fill(TEST_PASSWORD)
    form.locator(SUBMIT).click()
    page.wait_for_selector(f"[data-testid=signature-{role}]:has-text('{typed_name}')")


def assert_plan_locked(page) -> None:
    assert "Signed · locked" in page.locator("[data-testid=plan-status]").inner_text()
    assert page.locator("form#problem-add").count() == 0
    assert page.locator("summary:text-is('Edit goal')").count() == 0


def download_plan_pdf(page, base_url: str) -> bytes:
    href = page.get_attribute("[data-testid=plan-pdf]", "href")
    response = page.request.get(f"{base_url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()


def sign_out(page) -> None:
    page.click("header button:has-text('Sign out')")
    page.wait_for_selector("#id_username")
