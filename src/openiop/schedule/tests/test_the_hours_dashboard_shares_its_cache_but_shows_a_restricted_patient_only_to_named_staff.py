"""The hours dashboard's numbers are computed once per program and cached for everyone who opens it; the access
policy is applied after the cache, so a restricted record (e.g. a staff member who is also a patient) that a
named director's visit put in the cache still does not show to a clinician the privacy officer did not name."""

from datetime import date

from django.urls import reverse

from openiop.privacy.services import patient_restrict
from openiop.schedule import selectors


def test_a_restricted_patient_cached_for_a_named_director_stays_hidden_from_a_clinician_not_named(
    client_for, clinician_a, director_a, privacy_officer, program_a, patient_a, make_patient, monkeypatch
):
    evening = program_a.tracks.get(time_of_day="evening")
    other = make_patient(program_a, acting_user=clinician_a, legal_first_name="Bruno", legal_last_name="Keller")[1]
    for episode in (patient_a.episodes.get(), other):
        episode.track, episode.admitted_on = evening, date(2026, 1, 5)
        episode.save()
    patient_restrict(acting_user=privacy_officer, patient=patient_a, allowed_users=[director_a], reason="Staff")
    computed = []
    engine = selectors._program_week_hours
    monkeypatch.setattr(selectors, "_program_week_hours", lambda **kw: computed.append(1) or engine(**kw))
    url = reverse("schedule:compliance") + "?show=all"

    named = client_for(director_a).get(url).content.decode()
    not_named = client_for(clinician_a).get(url).content.decode()

    assert "Quinlan" in named and "Keller" in named
    assert "Quinlan" not in not_named and "Keller" in not_named
    assert "of 1 patients in treatment" in not_named
    assert len(computed) == 1  # the second visit read the cache
