"""An overdue or due check-in nobody has answered is not shown as "Answered" with every answer "no" on the
Alumni page, even when another alumnus's check-in was answered (the page's answered list is not empty)."""

from django.urls import reverse

from openiop.continuity import services

from .builders import GOOD_ANSWERS, alumni_episode


def _rows(body: str, testid: str) -> list[str]:
    parts = body.split(f'data-testid="{testid}"')[1:]
    return [part.split("</tr>")[0] for part in parts]


def test_overdue_and_due_checkins_show_a_link_button_and_no_answers(make_patient, program_a, clinician_a, client_for):
    answered = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=35)
    _checkin, token = services.checkin_link_issue(acting_user=clinician_a, episode=answered, day_number=30)
    services.checkin_submit(token=token, answers=GOOD_ANSWERS)
    # Discharged 65 days ago: the day-30 check-in is overdue, the day-60 one due; neither answered.
    waiting = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=65)

    body = client_for(clinician_a).get(reverse("continuity:alumni")).content.decode()

    overdue, due, done = _rows(body, "overdue-row"), _rows(body, "due-row"), _rows(body, "answered-row")
    assert len(done) == 1 and 'data-testid="checkin-answers"' in done[0] and "Answered" in done[0]
    assert [waiting.patient.mrn in row for row in overdue] == [True]
    assert waiting.patient.mrn in "".join(due)
    for row in overdue + due:
        assert 'data-testid="checkin-answers"' not in row
        assert "Answered" not in row and "abstinent" not in row
        assert "Issue link" in row
