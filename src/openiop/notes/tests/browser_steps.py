"""Browser steps for the notes flows (Playwright page, live server base URL)."""

from openiop.conftest import TEST_PASSWORD


def write_group_note(page, base_url: str, session, episodes, *, typed_name: str) -> None:
    """From the session's notes page: start the group note, fill the shared part and every attendee, sign."""
    page.goto(f"{base_url}/notes/sessions/{session.pk}/")
    page.click("main button:has-text('Write the group note')")
    page.fill("#curriculum", "Matrix Model, early recovery")
    page.fill("#interventions", "Skills practice and guided discussion")
    for episode in episodes:
        page.select_option(f"#entry_{episode.pk}_participation", "active")
        page.fill(f"#entry_{episode.pk}_response", f"Own response of {episode.patient.legal_first_name}")
    page.fill("#typed_name", typed_name)
    page.fill("#signing_secret", TEST_PASSWORD)
    page.click("main button:has-text('Sign: write each attendee')")


def open_first_note_in_chart(page, base_url: str, patient) -> str:
    """The patient's Notes chart tab, then the first note; returns the note page's text."""
    page.goto(f"{base_url}/patients/{patient.pk}/")
    page.click("nav.tabs >> text=Notes")
    page.click("main table a")
    page.wait_for_selector("text=Progress note")
    return page.inner_text("main")
