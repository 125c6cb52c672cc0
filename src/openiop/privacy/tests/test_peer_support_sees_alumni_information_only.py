"""Peer support sees alumni information (issue 8): people who finished an episode in their programs, and of
those the aftercare plan, check-ins, referrals and schedule — not scores, notes, plans, medications, screens,
diagnoses, consents or the discharge summary's clinical record. A patient still in treatment is "not found"."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.testing import signature_of
from openiop.audit.models import AuditEvent, Outcome
from openiop.continuity import services as continuity
from openiop.continuity.tests.builders import AFTERCARE, alumni_episode, complete_draft, drafted_summary
from openiop.episodes.services import care_team_add, episode_admit
from openiop.tasks.models import TaskKind
from openiop.tasks.services import task_raise


@pytest.fixture
def alumnus(make_patient, program_a, clinician_a):
    episode = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=20)
    summary = complete_draft(drafted_summary(episode, clinician=clinician_a), clinician=clinician_a)
    continuity.aftercare_plan_update(
        acting_user=clinician_a, plan=summary.aftercare, **{**AFTERCARE, "medications_to_continue": "Naltrexone 50 mg"}
    )
    continuity.discharge_summary_sign(
        acting_user=clinician_a,
        summary=summary,
        typed_name=clinician_a.get_full_name(),
        signature=signature_of(clinician_a),
    )
    return episode.patient, summary


def test_a_patient_in_treatment_is_not_found_and_the_refusal_is_audited(client_for, peer_support_a, patient_a):
    response = client_for(peer_support_a).get(reverse("patients:chart", args=[patient_a.pk]))
    assert response.status_code == 404
    assert patient_a.legal_last_name not in response.content.decode()
    denied = AuditEvent.objects.get(user_id=peer_support_a.pk, outcome=Outcome.DENIED)
    assert denied.detail["reason"] == "scope" and denied.patient_id == patient_a.pk


def test_the_patient_list_shows_alumni_only(client_for, peer_support_a, patient_a, alumnus):
    html = client_for(peer_support_a).get(reverse("patients:list")).content.decode()
    assert alumnus[0].mrn in html
    assert patient_a.mrn not in html


def test_the_aftercare_tab_shows_the_signed_plan_without_medications_or_the_summary(
    client_for, peer_support_a, alumnus
):
    patient, summary = alumnus
    response = client_for(peer_support_a).get(reverse("continuity:chart", args=[patient.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Riverbend Counseling" in html and "County crisis line 555-0199" in html
    assert "Naltrexone" not in html and "Medications to continue" not in html
    assert reverse("continuity:summary", args=[patient.pk, summary.pk]) not in html


def test_the_care_team_still_opens_the_summary_and_sees_the_medications(client_for, clinician_a, alumnus):
    patient, summary = alumnus
    client = client_for(clinician_a)
    tab = client.get(reverse("continuity:chart", args=[patient.pk])).content.decode()
    assert reverse("continuity:summary", args=[patient.pk, summary.pk]) in tab
    page = client.get(reverse("continuity:summary", args=[patient.pk, summary.pk])).content.decode()
    assert "Naltrexone" in page


@pytest.mark.parametrize(
    "name",
    [
        "measures:chart",
        "notes:chart",
        "plans:chart",
        "medications:chart",
        "screens:chart",
        "diagnoses:chart",
        "consent:chart",
        "intake:chart",
    ],
)
def test_clinical_tabs_of_an_alumnus_are_refused_by_role(client_for, peer_support_a, alumnus, name):
    patient, _ = alumnus
    response = client_for(peer_support_a).get(reverse(name, args=[patient.pk]))
    assert response.status_code == 403
    assert patient.legal_last_name not in response.content.decode()
    assert AuditEvent.objects.filter(user_id=peer_support_a.pk, outcome=Outcome.DENIED, detail__reason="role").exists()


def test_the_summary_and_its_pdf_are_refused(client_for, peer_support_a, alumnus):
    patient, summary = alumnus
    client = client_for(peer_support_a)
    for name in ("continuity:summary", "continuity:summary_pdf"):
        assert client.get(reverse(name, args=[patient.pk, summary.pk])).status_code == 403


def test_the_chart_tabs_offer_only_what_peer_support_may_open(client_for, peer_support_a, alumnus):
    patient, _ = alumnus
    html = client_for(peer_support_a).get(reverse("patients:chart", args=[patient.pk])).content.decode()
    for name in ("continuity:chart", "schedule:chart"):
        assert reverse(name, args=[patient.pk]) in html
    for name in ("measures:chart", "notes:chart", "plans:chart", "medications:chart", "consent:chart"):
        assert reverse(name, args=[patient.pk]) not in html


def test_tasks_about_patients_in_treatment_stay_out_of_the_peer_support_list(
    client_for, peer_support_a, clinician_a, patient_a, alumnus
):
    active_episode = patient_a.episodes.get()
    alumni_episode_ = alumnus[0].episodes.get()
    for episode, title in ((active_episode, "Absence follow-up"), (alumni_episode_, "Alumni call back")):
        task_raise(
            acting_user=clinician_a,
            episode=episode,
            kind=TaskKind.GENERAL,
            title=title,
            due_on=date(2026, 12, 1),
            assigned_to=peer_support_a,
        )
    html = client_for(peer_support_a).get(reverse("tasks:list"), {"scope": "all"}).content.decode()
    assert "Alumni call back" in html and "Absence follow-up" not in html


def test_peer_support_may_join_a_care_team_but_not_be_the_primary_clinician(
    make_patient, program_a, director_a, peer_support_a
):
    from openiop.core.timezones import local_today
    from openiop.episodes.models import EpisodeStatus

    _, planned = make_patient(program_a, acting_user=director_a, status=EpisodeStatus.PLANNED)
    with pytest.raises(ValidationError) as refused:
        episode_admit(
            acting_user=director_a,
            episode=planned,
            admitted_on=local_today(program_a.time_zone),
            track=program_a.tracks.first(),
            level_of_care=program_a.level_of_care,
            primary_clinician=peer_support_a,
        )
    assert "primary_clinician" in refused.value.message_dict
    _, active = make_patient(program_a, acting_user=director_a)
    member = care_team_add(acting_user=director_a, episode=active, user=peer_support_a, team_role="Peer recovery coach")
    assert member.user == peer_support_a
