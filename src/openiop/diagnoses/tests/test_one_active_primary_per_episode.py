"""An episode with active diagnoses has exactly one active primary diagnosis, whatever is added or changed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.core.timezones import local_today
from openiop.diagnoses.models import Diagnosis, DiagnosisRank, DiagnosisStatus
from openiop.diagnoses.services import diagnosis_add, diagnosis_make_primary, diagnosis_mark_error, diagnosis_resolve


@pytest.fixture
def episode(patient_a):
    return patient_a.episodes.get()


def _add(episode, user, code, rank):
    return diagnosis_add(
        acting_user=user, episode=episode, code=code, rank=rank, diagnosed_on=local_today("America/New_York")
    )


def _active_primaries(episode):
    return Diagnosis.objects.filter(episode=episode, rank=DiagnosisRank.PRIMARY, status=DiagnosisStatus.ACTIVE).count()


def test_the_first_diagnosis_must_be_primary(episode, clinician_a):
    with pytest.raises(ValidationError) as error:
        _add(episode, clinician_a, "F41.1", DiagnosisRank.SECONDARY)
    assert "must be primary" in error.value.message_dict["rank"][0]
    assert not Diagnosis.objects.exists()


def test_a_second_primary_is_refused(episode, clinician_a):
    _add(episode, clinician_a, "F11.20", DiagnosisRank.PRIMARY)
    with pytest.raises(ValidationError) as error:
        _add(episode, clinician_a, "F10.20", DiagnosisRank.PRIMARY)
    assert "F11.20 is already the primary" in error.value.message_dict["rank"][0]
    assert _active_primaries(episode) == 1


def test_making_another_diagnosis_primary_demotes_the_old_one(episode, clinician_a):
    opioid = _add(episode, clinician_a, "F11.20", DiagnosisRank.PRIMARY)
    depression = _add(episode, clinician_a, "F33.1", DiagnosisRank.SECONDARY)
    diagnosis_make_primary(acting_user=clinician_a, diagnosis=depression)
    opioid.refresh_from_db()
    depression.refresh_from_db()
    assert (opioid.rank, depression.rank) == (DiagnosisRank.SECONDARY, DiagnosisRank.PRIMARY)
    assert _active_primaries(episode) == 1


def test_the_primary_cannot_be_resolved_or_withdrawn_while_secondaries_remain(episode, clinician_a):
    opioid = _add(episode, clinician_a, "F11.20", DiagnosisRank.PRIMARY)
    secondary = _add(episode, clinician_a, "F41.1", DiagnosisRank.SECONDARY)
    with pytest.raises(ValidationError, match="make another diagnosis primary"):
        diagnosis_resolve(acting_user=clinician_a, diagnosis=opioid, resolved_on=local_today("America/New_York"))
    with pytest.raises(ValidationError, match="make another diagnosis primary"):
        diagnosis_mark_error(acting_user=clinician_a, diagnosis=opioid, note="wrong code")
    diagnosis_resolve(acting_user=clinician_a, diagnosis=secondary, resolved_on=local_today("America/New_York"))
    diagnosis_mark_error(acting_user=clinician_a, diagnosis=opioid, note="wrong patient")
    opioid.refresh_from_db()
    assert opioid.status == DiagnosisStatus.ENTERED_IN_ERROR and opioid.status_changed_by == clinician_a
    assert _active_primaries(episode) == 0


def test_an_unknown_code_a_future_date_and_a_duplicate_are_refused(episode, clinician_a):
    with pytest.raises(ValidationError) as error:
        _add(episode, clinician_a, "F99.99", DiagnosisRank.PRIMARY)
    assert "code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        diagnosis_add(
            acting_user=clinician_a,
            episode=episode,
            code="F11.20",
            rank="primary",
            diagnosed_on=local_today("America/New_York") + timedelta(days=2),
        )
    assert "diagnosed_on" in error.value.message_dict
    _add(episode, clinician_a, "F11.20", DiagnosisRank.PRIMARY)
    with pytest.raises(ValidationError, match="already an active diagnosis"):
        _add(episode, clinician_a, "F11.20", DiagnosisRank.SECONDARY)


def test_each_change_is_audited_with_ids_and_codes_only(episode, clinician_a):
    diagnosis = _add(episode, clinician_a, "F11.20", DiagnosisRank.PRIMARY)
    diagnosis_resolve(acting_user=clinician_a, diagnosis=diagnosis, resolved_on=local_today("America/New_York"))
    events = list(AuditEvent.objects.filter(object_type="diagnosis", object_id=str(diagnosis.pk)).order_by("sequence"))
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].detail["status"] == "resolved" and events[1].detail["code"] == "F11.20"
