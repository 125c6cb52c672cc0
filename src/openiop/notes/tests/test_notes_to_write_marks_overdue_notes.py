"""The notes-to-write list marks a note overdue once the program's documentation deadline has passed since the
session ended: by default 24 hours for a group, 72 hours for an individual session (the note settings' late-entry
hours, one setting per kind, changed by a director on the settings page)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.notes.models import NoteSettings
from openiop.notes.services import note_settings_update


def _rows(page: str) -> list[tuple[str, bool]]:
    """(what, overdue?) for each row of the list."""
    rows = []
    for row in re.findall(r"<tr[^>]*data-testid=\"to-write\"[^>]*>(.*?)</tr>", page, re.S):
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows.append((cells[3], "overdue" in row))
    return rows


def _page(client_for, user) -> str:
    return client_for(user).get(reverse("notes:to_write")).content.decode()


def test_an_individual_session_is_overdue_after_72_hours_and_not_before(make_appointment, clinician_a, client_for):
    make_appointment(hours_ago=70)
    make_appointment(hours_ago=74)

    rows = _rows(_page(client_for, clinician_a))

    assert sorted(rows) == [("No note yet", False), ("No note yet", True)]


def test_a_group_is_overdue_after_24_hours(make_group_session, clinician_a, client_for):
    make_group_session(2)  # last week's group

    page = _page(client_for, clinician_a)

    assert _rows(page) == [("Group note not written (2 attended)", True)]
    assert re.search(r'class="overdue"[^>]*>\s*overdue', page)


def test_the_deadlines_are_the_programs_setting(make_appointment, make_group_session, clinician_a, client_for):
    program = make_group_session(2)[0].program
    NoteSettings.objects.create(program=program, late_entry_hours=24, group_late_entry_hours=24 * 30)
    make_appointment(hours_ago=30)

    assert sorted(_rows(_page(client_for, clinician_a))) == [
        ("Group note not written (2 attended)", False),
        ("No note yet", True),
    ]


def test_the_director_sets_the_group_deadline_on_the_settings_page(director_a, program_a, client_for):
    response = client_for(director_a).post(
        reverse("notes:settings"),
        {
            "action": "settings",
            "program": program_a.pk,
            "note_format": "DAP",
            "late_entry_hours": 72,
            "group_late_entry_hours": 48,
        },
    )

    assert response.status_code == 302
    assert NoteSettings.objects.get(program=program_a).group_late_entry_hours == 48


def test_the_service_refuses_a_group_deadline_out_of_range_naming_the_field(director_a, program_a):
    with pytest.raises(ValidationError) as excinfo:
        note_settings_update(
            acting_user=director_a, program=program_a, note_format="DAP", late_entry_hours=72, group_late_entry_hours=0
        )
    assert "between 1 and 720" in excinfo.value.message_dict["group_late_entry_hours"][0]
