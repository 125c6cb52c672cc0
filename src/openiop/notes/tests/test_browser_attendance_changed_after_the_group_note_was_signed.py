"""In Chromium: after the group note was signed, the facilitator corrects the roll call: one attendee was in
fact absent, one absentee in fact came. The absent one's note says documented in error and its author has a
task; the one who came has no silent gap: the session's notes page offers their note, written and signed as a
late entry with the group's shared part prefilled."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.accounts.testing import signature_of
from openiop.conftest import TEST_PASSWORD, browser_login
from openiop.notes.models import ProgressNote
from openiop.notes.services import group_note_sign, group_note_start, group_note_update

pytestmark = pytest.mark.browser


def test_a_roll_call_corrected_after_signing_flags_one_note_and_opens_another(
    live_app, page, make_group_session, clinician_a
):
    session, episodes = make_group_session(2, absent=1)
    stayed, left, came = episodes
    group_note = group_note_start(acting_user=clinician_a, session=session)
    group_note_update(
        acting_user=clinician_a,
        group_note=group_note,
        topic="Coping with cravings",
        curriculum="Matrix",
        interventions="Urge surfing practice",
        entries={e.pk: {"participation": "active"} for e in (stayed, left)},
    )
    group_note_sign(
        acting_user=clinician_a,
        group_note=group_note,
        typed_name=clinician_a.get_full_name(),
        signature=signature_of(clinician_a),
    )
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)

    browser_login(page, live_app, clinician_a, next_path=f"/schedule/sessions/{session.pk}/roll-call/")
    page.wait_for_selector("main button:has-text('Save attendance')")
    page.check(f"input[name=status_{left.pk}][value=absent_unexcused]")
    page.check(f"input[name=status_{came.pk}][value=present]")
    page.click("main button:has-text('Save attendance')")
    page.wait_for_selector("text=Attendance saved for 3 patients")

    page.goto(f"{live_app}/tasks/")
    page.wait_for_selector("text=Review a signed note: the patient is now recorded absent")
    page.wait_for_selector("text=Write the note of an attendee recorded after the group note was signed")

    flagged = ProgressNote.objects.get(episode=left)
    page.goto(f"{live_app}/patients/{left.patient_id}/notes/{flagged.pk}/")
    page.wait_for_selector("[data-testid=attendance-flag]:has-text('Documented in error')")
    page.wait_for_selector("text=changed to 'Absent, unexcused', after this note was signed")

    page.goto(f"{live_app}/notes/sessions/{session.pk}/")
    row = page.locator("main tbody tr", has_text=came.patient.display_name)
    row.locator("button:has-text('Write note')").click()
    page.wait_for_selector("h2:has-text('Progress note (draft)')")
    assert page.input_value("#id_section_interventions") == "Urge surfing practice"
    page.fill("#id_section_participation", "Moderate: contributed when prompted")
    page.fill("#id_typed_name", clinician_a.get_full_name())
    page.fill("#id_signing_secret", TEST_PASSWORD)
    page.click("main button:has-text('Sign and lock')")
    page.wait_for_selector("text=Note signed and locked.")
    page.wait_for_selector("main h2 .badge.late:has-text('Late entry')")
    late = ProgressNote.objects.get(episode=came)
    assert late.is_signed and late.late_entry and late.group_note_id == group_note.pk
    page.goto(f"{live_app}/notes/sessions/{session.pk}/")
    page.locator("main tbody tr", has_text=came.patient.display_name).locator("text=Written").wait_for()
