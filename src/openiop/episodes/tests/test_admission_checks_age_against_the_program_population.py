"""Issue 12.6: admission checks the patient's age on the admission date against the program's age bounds
(Program.min_age/max_age; new programs take the configurable defaults of their population) and refuses with
the reason, unless a program director overrides it with a reason, which is recorded and audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.core.timezones import local_today
from openiop.episodes import services
from openiop.episodes.models import AdmissionOverride, Episode, EpisodeStatus
from openiop.programs.levels import level_of_care
from openiop.programs.models import ClinicalFocus, Population, Program, Track


@pytest.fixture
def teen_program(organization):
    program = Program.objects.create(
        organization=organization,
        name="Adolescent IOP",
        short_name="Teen",
        population=Population.ADOLESCENT,
        clinical_focus=ClinicalFocus.CO_OCCURRING,
        level_of_care_edition="asam3",
        level_of_care_code="2.1",
        time_zone="America/New_York",
    )
    Track.objects.create(program=program, name="After school", time_of_day="afternoon")
    return program


def _born_years_ago(program, years: int) -> date:
    today = local_today(program.time_zone)
    return today.replace(year=today.year - years) - timedelta(days=10)


def _admit(episode, user, clinician, **extra):
    return services.episode_admit(
        acting_user=user,
        episode=episode,
        admitted_on=local_today(episode.program.time_zone),
        track=episode.program.tracks.first(),
        level_of_care=level_of_care("asam3", "2.1"),
        primary_clinician=clinician,
        **extra,
    )


def test_new_programs_take_the_configurable_default_age_bounds_of_their_population(teen_program, program_a):
    assert (teen_program.min_age, teen_program.max_age) == (12, 17)
    assert (program_a.min_age, program_a.max_age) == (18, None)


def test_a_57_year_old_is_refused_by_the_adolescent_program_with_the_reason(make_user, make_patient, teen_program):
    from openiop.accounts.roles import Role

    clinician = make_user(Role.CLINICIAN, [teen_program])
    _, episode = make_patient(
        teen_program,
        acting_user=clinician,
        status=EpisodeStatus.PLANNED,
        date_of_birth=_born_years_ago(teen_program, 57),
    )
    with pytest.raises(ValidationError) as refused:
        _admit(episode, clinician, clinician)
    message = " ".join(refused.value.message_dict["__all__"])
    assert "The patient is 57 on the admission date" in message and "ages 12-17" in message
    assert Episode.objects.get(pk=episode.pk).status == EpisodeStatus.PLANNED


def test_a_15_year_old_is_admitted_to_the_adolescent_program(make_user, make_patient, teen_program):
    from openiop.accounts.roles import Role

    clinician = make_user(Role.CLINICIAN, [teen_program])
    _, episode = make_patient(
        teen_program,
        acting_user=clinician,
        status=EpisodeStatus.PLANNED,
        date_of_birth=_born_years_ago(teen_program, 15),
    )
    assert _admit(episode, clinician, clinician).status == EpisodeStatus.ACTIVE
    assert not AdmissionOverride.objects.exists()


def test_a_16_year_old_is_refused_by_an_adult_program(make_patient, program_a, clinician_a):
    _, episode = make_patient(
        program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED, date_of_birth=_born_years_ago(program_a, 16)
    )
    with pytest.raises(ValidationError) as refused:
        _admit(episode, clinician_a, clinician_a)
    assert "ages 18 and over" in " ".join(refused.value.message_dict["__all__"])


def test_a_clinician_cannot_override_the_age_check(make_patient, program_a, clinician_a):
    _, episode = make_patient(
        program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED, date_of_birth=_born_years_ago(program_a, 16)
    )
    with pytest.raises(ValidationError) as refused:
        _admit(episode, clinician_a, clinician_a, override_reason="Seems mature")
    assert "Only a program director" in refused.value.message_dict["override_reason"][0]
    assert not AdmissionOverride.objects.exists()


def test_a_director_admits_outside_the_bounds_with_a_recorded_and_audited_override(
    make_patient, program_a, director_a, clinician_a
):
    _, episode = make_patient(
        program_a, acting_user=director_a, status=EpisodeStatus.PLANNED, date_of_birth=_born_years_ago(program_a, 17)
    )
    admitted = _admit(episode, director_a, clinician_a, override_reason="Emancipated minor; court order on file")
    assert admitted.status == EpisodeStatus.ACTIVE
    override = AdmissionOverride.objects.get(episode=episode)
    assert (override.admission_check, override.approved_by, override.reason) == (
        "age",
        director_a,
        "Emancipated minor; court order on file",
    )
    assert "The patient is 17" in override.refusal
    event = AuditEvent.objects.filter(object_type="episode", object_id=str(episode.pk)).latest("sequence")
    assert event.detail["event"] == "admit" and event.detail["overrides"] == {"age": override.pk}
    assert "court order" not in str(event.detail)  # the reason is free text: kept on the override, not the audit


def test_a_director_changes_a_programs_age_bounds_in_its_settings(client_for, director_a, program_a):
    response = client_for(director_a).post(
        f"/programs/{program_a.pk}/settings/",
        {"action": "admission", "min_age": "16", "max_age": "", "packet_documents": ["consent_to_treatment"]},
    )
    assert response.status_code == 302
    program_a.refresh_from_db()
    assert (program_a.min_age, program_a.max_age, program_a.packet_documents) == (16, None, ["consent_to_treatment"])
    assert AuditEvent.objects.filter(object_type="program", object_id=str(program_a.pk), action="update").exists()


def test_the_age_bounds_are_refused_when_the_lower_is_above_the_upper(client_for, director_a, program_a):
    response = client_for(director_a).post(
        f"/programs/{program_a.pk}/settings/",
        {"action": "admission", "min_age": "18", "max_age": "12", "packet_documents": ["consent_to_treatment"]},
    )
    assert response.status_code == 200
    assert "cannot be above" in response.content.decode()
    program_a.refresh_from_db()
    assert program_a.min_age == 18 and program_a.max_age is None
