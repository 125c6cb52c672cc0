"""Steps of the first-call-to-admission flow in a real browser, one small function each, so later flows
(the treatment plan) can continue from any step."""

from openiop.intake import spam

SUBMIT = "main button[type=submit]"


def submit_public_request(page, base_url: str, *, program_name: str, first_name: str, email: str) -> None:
    page.goto(f"{base_url}/help/")
    page.select_option("#id_program", label=program_name)
    page.fill("#id_first_name", first_name)
    page.fill("#id_email", email)
    page.check("input[name=concern][value=substance_use]")
    page.check("input[name=preferred_times][value=evening]")
    page.check("#id_consent_to_contact")
    page.wait_for_timeout(spam.MIN_FILL_SECONDS * 1000 + 300)  # a person takes a moment; so must the test
    page.click(SUBMIT)
    page.wait_for_selector("h1:has-text('we received your request')")


def open_inquiry_from_board(page, base_url: str, *, first_name: str, column: str = "new") -> None:
    page.goto(f"{base_url}/intake/")
    page.click(f"section[data-stage={column}] a:has-text('{first_name}')")
    page.wait_for_selector(f"main h1:has-text('{first_name}')")


def move_inquiry(page, *, to_stage: str, reason: str = "") -> None:
    page.select_option("#id_to_stage", to_stage)
    if reason:
        page.fill("#id_reason", reason)
    page.click("form[aria-label='Move inquiry'] button[type=submit]")
    page.wait_for_selector("main .messages:has-text('Moved to')")


def record_screening(page, *, outcome: str = "iop") -> None:
    page.click("main a:has-text('Pre-admission screening')")
    page.wait_for_selector("h1:has-text('Pre-admission screening')")
    for key, answer in (
        ("needs_withdrawal_management", "no"),
        ("imminent_risk", "no"),
        ("medical_instability", "no"),
        ("stable_housing_and_support", "yes"),
        ("can_attend_schedule", "yes"),
        ("severe_co_occurring", "unknown"),
    ):
        page.check(f"input[name={key}_answer][value={answer}]")
    page.check(f"input[name=outcome][value={outcome}]")
    page.click("main form.card button[type=submit]")
    page.wait_for_selector("main .messages:has-text('Screening recorded.')")


def create_patient_after_duplicate_check(page, *, last_name: str, date_of_birth: str, sex: str = "female") -> list[str]:
    """Opens the link-or-create page, returns the possible duplicates listed, then creates a new patient."""
    page.click("main a:has-text('Link or create patient')")
    page.wait_for_selector("h2:has-text('Possible existing patients')")
    page.fill("#id_legal_last_name", last_name)
    page.fill("#id_date_of_birth", date_of_birth)
    page.select_option("#id_sex_assigned_at_birth", sex)
    listed = page.locator("section[aria-labelledby=dup-h] tbody tr").all_inner_texts()
    if listed:  # staff decide it is another person, and say why (issue 12.5)
        page.fill("#id_different_person_reason", "Relative sharing the family email; other name and birth date")
    page.click("main button:has-text('Create new patient')")
    page.wait_for_selector("main .messages:has-text('New patient created.')")
    return listed


def write_and_sign_assessment(page) -> None:
    page.click("main a:has-text('Assessment and placement')")
    page.click("main button:has-text('Start or continue the intake assessment')")
    page.wait_for_selector("h1:has-text('Intake assessment')")
    # Autosave: a change posts the draft without pressing any button.
    page.fill("#id_strengths", "Honest about use; steady job")
    page.locator("#id_strengths").dispatch_event("change")
    page.wait_for_selector("#autosave-status:has-text('Draft saved')")
    page.select_option("#id_substance_1_substance", "2")
    page.select_option("#id_substance_1_route", "1")
    page.select_option("#id_substance_1_frequency", "3")
    page.select_option("#id_substance_1_age_at_first_use", "3")
    page.select_option("#id_prior_episodes", "1")
    for field, text in (
        ("mental_health_history", "Low mood"),
        ("medical_history", "None significant"),
        ("allergies", "None known"),
        ("current_medications", "None"),
        ("social", "Lives with partner"),
        ("goals_in_own_words", "Stay sober for my kids"),
    ):
        page.fill(f"#id_{field}", text)
    page.select_option("#id_employment", "1")
    page.select_option("#id_education", "4")
    page.select_option("#id_living_arrangement", "3")
    page.click("main button:has-text('Sign and lock')")
    page.wait_for_selector("main .messages:has-text('Assessment signed and locked.')")


def record_placement(page, *, recommended: str, actual: str, reason: str = "") -> None:
    page.click("main a:has-text('Record ASAM placement')")
    page.wait_for_selector("h1:has-text('ASAM placement')")
    for dimension in range(1, 7):
        page.check(f"input[name=d{dimension}_rating][value='{2 if dimension == 5 else 1}']")
    page.select_option("#id_recommended_level", recommended)
    page.select_option("#id_actual_level", actual)
    if reason:
        page.select_option("#id_difference_reason", reason)
    page.click("main button:has-text('Sign placement')")
    page.wait_for_selector("main .messages:has-text('Placement recorded and signed.')")


def admit_from_inquiry(
    page, base_url: str, *, inquiry_id: int, track: str, clinician: str, planned_mat: str = "2"
) -> None:
    page.goto(f"{base_url}/intake/inquiries/{inquiry_id}/")
    page.click("main a.button:has-text('Admit')")
    page.wait_for_selector("h1:has-text('Admit')")
    sign_consent_packet_on_screen(page)
    page.select_option("#id_track", label=track)
    page.select_option("#id_primary_clinician", label=clinician)
    page.select_option("#id_planned_medication_assisted_therapy", planned_mat)
    page.click("main button:has-text('Admit')")
    page.wait_for_selector("main .messages:has-text('Admitted')")


def sign_consent_packet_on_screen(page, signer: str = "Robin Castellano") -> None:
    """From the admit page: the patient ticks every document of the packet and types their name; back to admit."""
    page.click("main a:has-text('Sign the packet')")
    page.wait_for_selector("h1:has-text('Consent-to-treat packet')")
    for box in page.locator("input[name=agreed]").all():
        box.check()
    page.fill("#id_signed_by_name", signer)
    page.click("main button:has-text('Sign the packet')")
    page.wait_for_selector("main .messages:has-text('Consent-to-treat packet signed.')")
    page.wait_for_selector("[data-testid=admission-checks]:has-text('Consent-to-treat packet signed.')")


def census_caseload_names(page, base_url: str) -> list[str]:
    page.goto(f"{base_url}/")
    return page.locator("section[aria-labelledby=caseload-h] tbody tr td:first-child").all_inner_texts()
