"""The issue's acceptance test: a facilitator writes ONE group note for ten attendees, and each chart shows
that attendee's own note."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.notes.models import ProgressNote

from .browser_steps import open_first_note_in_chart, write_group_note

pytestmark = pytest.mark.browser


def test_one_group_note_puts_each_attendees_own_note_in_their_chart(live_app, page, make_group_session, clinician_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    session, episodes = make_group_session(10)
    browser_login(page, live_app, clinician_a)
    write_group_note(page, live_app, session, episodes, typed_name=clinician_a.get_full_name())
    page.wait_for_selector("text=Group note signed: 10 attendee notes")
    assert ProgressNote.objects.filter(session=session, status="signed").count() == 10
    first, second = episodes[0].patient, episodes[1].patient
    text = open_first_note_in_chart(page, live_app, first)
    assert f"Own response of {first.legal_first_name}" in text and second.legal_first_name not in text
    text = open_first_note_in_chart(page, live_app, second)
    assert f"Own response of {second.legal_first_name}" in text and first.legal_first_name not in text
