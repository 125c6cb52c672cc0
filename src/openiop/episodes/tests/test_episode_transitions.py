from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from openiop.audit.models import AuditEvent
from openiop.core.timezones import local_today
from openiop.episodes import services
from openiop.episodes.codes import DischargeReason, ReferralSource
from openiop.episodes.models import Episode, EpisodeStatus, LevelOfCareChange
from openiop.programs.levels import level_of_care

IOP = level_of_care("asam3", "2.1")


def _today():
    """Today in the test programs' zone: dates are refused if they are in the program's future."""
    return local_today("America/New_York")


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_admitting_a_planned_episode_makes_it_active_with_history_care_team_and_audit(
    make_patient, program_a, clinician_a
):
    patient, episode = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED)
    admitted = services.episode_admit(
        acting_user=clinician_a,
        episode=episode,
        admitted_on=_today() - timedelta(days=1),
        track=program_a.tracks.first(),
        level_of_care=IOP,
        primary_clinician=clinician_a,
    )
    assert admitted.status == EpisodeStatus.ACTIVE
    history = list(admitted.level_history.all())
    assert [(h.kind, h.level_of_care_code) for h in history] == [("admission", "2.1")]
    assert list(admitted.team_members.values_list("user_id", flat=True)) == [clinician_a.pk]
    event = AuditEvent.objects.filter(object_type="episode", object_id=str(episode.pk)).latest("sequence")
    assert (event.action, event.patient_id, event.detail["event"]) == ("update", patient.pk, "admit")


def test_it_refuses_to_admit_with_a_future_date(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_admit(
            acting_user=clinician_a,
            episode=episode,
            admitted_on=_today() + timedelta(days=3),
            track=program_a.tracks.first(),
            level_of_care=IOP,
            primary_clinician=clinician_a,
        )
    assert "future" in _errors(excinfo)["admitted_on"][0]
    assert Episode.objects.get(pk=episode.pk).status == EpisodeStatus.PLANNED


def test_it_refuses_a_track_of_another_program(make_patient, program_a, program_b, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_admit(
            acting_user=clinician_a,
            episode=episode,
            admitted_on=_today(),
            track=program_b.tracks.first(),
            level_of_care=IOP,
            primary_clinician=clinician_a,
        )
    assert "another program" in _errors(excinfo)["track"][0]


def test_it_refuses_a_primary_clinician_who_does_not_work_in_the_program(
    make_patient, program_a, clinician_a, clinician_b
):
    _, episode = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_admit(
            acting_user=clinician_a,
            episode=episode,
            admitted_on=_today(),
            track=program_a.tracks.first(),
            level_of_care=IOP,
            primary_clinician=clinician_b,
        )
    assert "does not work in Program A" in _errors(excinfo)["primary_clinician"][0]


def test_an_active_episode_cannot_be_admitted_twice(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_admit(
            acting_user=clinician_a,
            episode=episode,
            admitted_on=_today(),
            track=program_a.tracks.first(),
            level_of_care=IOP,
            primary_clinician=clinician_a,
        )
    assert "this one is Active" in _errors(excinfo)["__all__"][0]


def test_a_patient_has_only_one_open_episode_per_program(make_patient, program_a, clinician_a):
    patient, _ = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_create(
            acting_user=clinician_a, patient=patient, program=program_a, referral_source=ReferralSource.INDIVIDUAL
        )
    assert "already has an open episode" in _errors(excinfo)["program"][0]


def test_the_database_also_refuses_a_second_open_episode(make_patient, program_a, clinician_a):
    patient, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(
            patient=patient,
            program=program_a,
            referral_source=1,
            status=EpisodeStatus.PLANNED,
            level_of_care_edition="asam3",
            level_of_care_code="2.1",
        )


def test_the_database_refuses_a_discharge_before_admission(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(discharged_on=episode.admitted_on - timedelta(days=1))


def test_discharge_records_the_teds_reason_and_closes_the_level_history(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    services.episode_discharge(
        acting_user=clinician_a,
        episode=episode,
        discharged_on=_today(),
        reason=DischargeReason.COMPLETED,
        note="Goals met",
    )
    episode.refresh_from_db()
    assert (episode.status, episode.discharge_reason) == (EpisodeStatus.FINISHED, 1)
    assert episode.level_history.last().kind == "discharge"


def test_it_refuses_a_discharge_before_admission(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_discharge(
            acting_user=clinician_a,
            episode=episode,
            discharged_on=episode.admitted_on - timedelta(days=1),
            reason=DischargeReason.COMPLETED,
        )
    assert "before admission" in _errors(excinfo)["discharged_on"][0]
    assert Episode.objects.get(pk=episode.pk).status == EpisodeStatus.ACTIVE


def test_it_refuses_an_unknown_teds_discharge_reason_and_lists_the_allowed_ones(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_discharge(acting_user=clinician_a, episode=episode, discharged_on=_today(), reason=9)
    message = _errors(excinfo)["reason"][0]
    assert "1 Treatment completed" in message and "7 Other" in message


def test_a_planned_episode_cannot_be_discharged_and_the_message_says_to_cancel(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_discharge(acting_user=clinician_a, episode=episode, discharged_on=_today(), reason=1)
    assert "Cancel a planned" in _errors(excinfo)["__all__"][0]


def test_a_step_down_changes_the_level_and_is_kept_in_the_history(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    services.episode_transfer(
        acting_user=clinician_a,
        episode=episode,
        effective_on=_today(),
        kind="step_down",
        level_of_care=level_of_care("asam3", "1"),
        reason="Phase goals met",
    )
    episode.refresh_from_db()
    assert (episode.level_of_care_edition, episode.level_of_care_code) == ("asam3", "1")
    assert [h.kind for h in episode.level_history.all()] == ["admission", "step_down"]


def test_a_transfer_that_changes_nothing_is_refused(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_transfer(acting_user=clinician_a, episode=episode, effective_on=_today(), reason="No reason")
    assert "Nothing changes" in _errors(excinfo)["__all__"][0]
    assert LevelOfCareChange.objects.filter(episode=episode).count() == 1


def test_a_transfer_needs_a_reason(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_transfer(
            acting_user=clinician_a, episode=episode, effective_on=_today(), reason="  ", track=program_a.tracks.last()
        )
    assert "reason" in _errors(excinfo)


def test_a_transfer_to_another_program_finishes_this_episode_and_opens_a_linked_one(
    make_patient, make_user, program_a, program_b
):
    director = make_user("director", [program_a, program_b])
    patient, episode = make_patient(program_a, acting_user=director)
    new_episode = services.episode_transfer(
        acting_user=director,
        episode=episode,
        effective_on=_today(),
        program=program_b,
        track=program_b.tracks.first(),
        reason="Needs the co-occurring track",
    )
    episode.refresh_from_db()
    assert (episode.status, episode.discharge_reason) == (EpisodeStatus.FINISHED, DischargeReason.TRANSFERRED)
    assert (new_episode.program, new_episode.status, new_episode.transferred_from) == (program_b, "active", episode)
    assert new_episode.admitted_on == _today()


def test_a_transfer_to_a_program_the_user_does_not_work_in_is_refused(make_patient, program_a, program_b, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_transfer(
            acting_user=clinician_a,
            episode=episode,
            effective_on=_today(),
            program=program_b,
            track=program_b.tracks.first(),
            reason="x",
        )
    assert "You do not work in Program B" in _errors(excinfo)["program"][0]
    assert Episode.objects.get(pk=episode.pk).status == EpisodeStatus.ACTIVE


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("planned", "waitlist", True),
        ("waitlist", "planned", True),
        ("planned", "cancelled", True),
        ("active", "onhold", True),
        ("active", "cancelled", False),
        ("active", "finished", False),
        ("planned", "active", False),
        ("planned", "onhold", False),
    ],
)
def test_status_changes_follow_the_allowed_transitions(make_patient, program_a, clinician_a, start, target, allowed):
    _, episode = make_patient(program_a, acting_user=clinician_a, status=start)
    if allowed:
        services.episode_set_status(acting_user=clinician_a, episode=episode, status=target, reason="reason")
        assert Episode.objects.get(pk=episode.pk).status == target
    else:
        with pytest.raises(ValidationError):
            services.episode_set_status(acting_user=clinician_a, episode=episode, status=target, reason="reason")
        assert Episode.objects.get(pk=episode.pk).status == start


def test_a_hold_needs_a_reason(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    with pytest.raises(ValidationError) as excinfo:
        services.episode_set_status(acting_user=clinician_a, episode=episode, status="onhold", reason="")
    assert "reason" in _errors(excinfo)


def test_the_primary_clinician_cannot_be_removed_from_the_care_team(make_patient, program_a, clinician_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    member = episode.team_members.get(user=clinician_a)
    with pytest.raises(ValidationError):
        services.care_team_remove(acting_user=clinician_a, member=member)
    assert episode.team_members.count() == 1
