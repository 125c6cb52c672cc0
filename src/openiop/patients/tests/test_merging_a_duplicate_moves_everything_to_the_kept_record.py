"""Issue 12.5: a duplicate that slipped through is merged into the kept record by the privacy officer or an
administrator: every row of every app pointing at the duplicate moves, a manifest of the moved rows (model
and ids) is stored so it can be undone, the duplicate is marked merged, its chart leads to the kept one (or
is "not found"), and both records' audit trails show the merge."""

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.episodes.models import Episode, EpisodeStatus
from openiop.intake.models import Inquiry
from openiop.intake.tests.factories import make_inquiry
from openiop.patients.models import Patient, PatientMerge
from openiop.patients.services import patient_merge, patient_unmerge


@pytest.fixture
def pair(make_patient, program_a, clinician_a, intake_a):
    keep = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.FINISHED)[0]
    Episode.objects.filter(patient=keep).update(status=EpisodeStatus.CANCELLED)
    duplicate = make_patient(program_a, acting_user=clinician_a, different_person_reason="Looked different")[0]
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    Inquiry.objects.filter(pk=inquiry.pk).update(patient=duplicate)
    return keep, duplicate


def test_everything_of_the_duplicate_moves_with_a_manifest_and_audit(pair, privacy_officer):
    keep, duplicate = pair
    episode_ids = list(Episode.objects.filter(patient=duplicate).values_list("pk", flat=True))
    merge = patient_merge(acting_user=privacy_officer, keep=keep, duplicate=duplicate, reason="Registered twice")
    assert merge.moved["episodes.Episode.patient"] == episode_ids
    assert merge.moved["intake.Inquiry.patient"] == list(Inquiry.objects.values_list("pk", flat=True))
    assert not Episode.objects.filter(patient=duplicate).exists()
    assert Episode.objects.filter(patient=keep, pk__in=episode_ids).count() == len(episode_ids)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    for patient in (keep, duplicate):
        event = AuditEvent.objects.get(object_type="patient_merge", patient_id=patient.pk)
        assert event.detail["merged_id"] == duplicate.pk and event.detail["moved"]["episodes.Episode.patient"] == 1


def test_only_the_privacy_officer_or_an_administrator_merges(pair, director_a, sysadmin):
    keep, duplicate = pair
    with pytest.raises(ValidationError):
        patient_merge(acting_user=director_a, keep=keep, duplicate=duplicate, reason="Same")
    assert patient_merge(acting_user=sysadmin, keep=keep, duplicate=duplicate, reason="Same").moved


def test_a_merge_needs_a_reason_and_two_open_episodes_in_one_program_are_refused(
    make_patient, program_a, clinician_a, privacy_officer
):
    keep = make_patient(program_a, acting_user=clinician_a)[0]
    duplicate = make_patient(program_a, acting_user=clinician_a)[0]
    with pytest.raises(ValidationError) as refused:
        patient_merge(acting_user=privacy_officer, keep=keep, duplicate=duplicate, reason=" ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        patient_merge(acting_user=privacy_officer, keep=keep, duplicate=duplicate, reason="Same person")
    assert "open episode in Program A" in refused.value.message_dict["__all__"][0]
    assert not PatientMerge.objects.exists()


def test_the_manifest_undoes_the_merge(pair, privacy_officer):
    keep, duplicate = pair
    before = set(Episode.objects.filter(patient=duplicate).values_list("pk", flat=True))
    merge = patient_merge(acting_user=privacy_officer, keep=keep, duplicate=duplicate, reason="Registered twice")
    patient_unmerge(acting_user=privacy_officer, merge=merge)
    assert set(Episode.objects.filter(patient=duplicate).values_list("pk", flat=True)) == before
    assert Patient.objects.get(pk=duplicate.pk).merged_into is None
    merge.refresh_from_db()
    assert merge.undone_by == privacy_officer


def test_the_merged_chart_leads_to_the_kept_one_or_is_not_found(
    pair, privacy_officer, clinician_a, clinician_b, client_for
):
    keep, duplicate = pair
    patient_merge(acting_user=privacy_officer, keep=keep, duplicate=duplicate, reason="Registered twice")
    response = client_for(clinician_a).get(f"/patients/{duplicate.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/patients/{keep.pk}/"
    assert client_for(clinician_b).get(f"/patients/{duplicate.pk}/").status_code == 404


def test_duplicates_do_not_match_a_merged_record(pair, privacy_officer):
    from openiop.patients.duplicates import likely_duplicates

    keep, duplicate = pair
    patient_merge(acting_user=privacy_officer, keep=keep, duplicate=duplicate, reason="Registered twice")
    found = likely_duplicates(
        first_name=duplicate.legal_first_name,
        last_name=duplicate.legal_last_name,
        date_of_birth=duplicate.date_of_birth,
    )
    assert duplicate.pk not in [p.pk for p, _ in found]


def test_the_merge_page_previews_then_merges(pair, privacy_officer, clinician_a, client_for):
    keep, duplicate = pair
    assert client_for(clinician_a).get("/patients/merge/").status_code == 403
    client = client_for(privacy_officer)
    data = {"keep_mrn": keep.mrn.lower(), "duplicate_mrn": duplicate.mrn, "reason": "Registered twice"}
    html = client.post("/patients/merge/", data | {"action": "preview"}).content.decode()
    assert 'data-testid="merge-preview"' in html and "episodes.Episode.patient: 1" in html
    assert not PatientMerge.objects.exists()
    response = client.post("/patients/merge/", data | {"action": "merge"})
    assert response.status_code == 302
    merge = PatientMerge.objects.get()
    assert (merge.kept, merge.merged, merge.merged_by) == (keep, duplicate, privacy_officer)


def test_every_foreign_key_to_patient_is_covered():
    from openiop.patients.services import _patient_references

    labels = {f"{model._meta.label}.{field.name}" for model, field in _patient_references()}
    assert {"episodes.Episode.patient", "consent.Consent.patient", "notes.ProgressNote.patient"} <= labels
    assert {"patients.DuplicateDecision.patient"} <= labels
    assert "patients.PatientMerge.kept" not in labels and "patients.Patient.merged_into" not in labels


def test_a_restricted_duplicate_keeps_the_merged_record_restricted(pair, privacy_officer):
    keep, duplicate = pair
    Patient.objects.filter(pk=duplicate.pk).update(is_restricted=True)
    patient_merge(acting_user=privacy_officer, keep=keep, duplicate=duplicate, reason="Registered twice")
    assert Patient.objects.get(pk=keep.pk).is_restricted
