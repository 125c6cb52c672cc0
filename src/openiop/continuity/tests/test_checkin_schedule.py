"""Alumni check-ins fall due on the program's days after discharge (30, 60, 90, then monthly to a year by
default); a program can change its days; the state moves upcoming → due → overdue, or answered."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from openiop.continuity import services
from openiop.continuity.checkin_rules import CHECKIN_DUE_WINDOW_DAYS, DEFAULT_CHECKIN_DAYS
from openiop.continuity.models import AftercareSettings
from openiop.continuity.schedule import CheckInState, checkin_days_for, checkin_schedule, state_of


class _Episode:
    discharged_on = date(2025, 1, 31)


NOW = datetime(2025, 6, 1, tzinfo=UTC)


def test_the_default_schedule_is_30_60_90_then_monthly_to_a_year():
    assert DEFAULT_CHECKIN_DAYS[:3] == [30, 60, 90]
    assert DEFAULT_CHECKIN_DAYS[-1] == 365
    assert all(b - a == 30 for a, b in zip(DEFAULT_CHECKIN_DAYS[2:-2], DEFAULT_CHECKIN_DAYS[3:-1], strict=True))


def test_due_dates_count_days_from_discharge():
    schedule = checkin_schedule(_Episode(), days=[30, 60, 365], checkins={}, today=date(2025, 3, 5), now=NOW)
    assert [(s.day_number, s.due_on) for s in schedule] == [
        (30, date(2025, 3, 2)),
        (60, date(2025, 4, 1)),
        (365, date(2026, 1, 31)),
    ]
    assert [s.state for s in schedule] == [CheckInState.DUE, CheckInState.UPCOMING, CheckInState.UPCOMING]


def test_a_check_in_is_overdue_after_its_window():
    due = date(2025, 3, 2)
    assert state_of(due, None, due + timedelta(days=CHECKIN_DUE_WINDOW_DAYS), NOW) == CheckInState.DUE
    assert state_of(due, None, due + timedelta(days=CHECKIN_DUE_WINDOW_DAYS + 1), NOW) == CheckInState.OVERDUE


def test_a_program_sets_its_own_days(program_a, director_a):
    assert checkin_days_for(program_a) == DEFAULT_CHECKIN_DAYS
    services.aftercare_settings_update(acting_user=director_a, program=program_a, checkin_days=[90, 7, 30])
    program_a.refresh_from_db()
    assert checkin_days_for(program_a) == [7, 30, 90]


@pytest.mark.parametrize("days", [[], [0], [30, 30], [800]])
def test_bad_check_in_days_are_refused(program_a, director_a, days):
    with pytest.raises(ValidationError) as error:
        services.aftercare_settings_update(acting_user=director_a, program=program_a, checkin_days=days)
    assert "checkin_days" in error.value.message_dict
    assert AftercareSettings.objects.count() == 0
