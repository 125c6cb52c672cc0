"""A step down, step up or transfer shows the evidence it rests on and keeps it with the history row."""

from django.urls import reverse

from openiop.core.timezones import local_today
from openiop.episodes.models import LevelOfCareChange
from openiop.measures.services import measure_record


def test_the_transfer_page_shows_the_evidence_and_the_history_keeps_it(client_for, clinician_a, patient_a):
    episode = patient_a.episodes.get()
    measure_record(
        acting_user=clinician_a, patient=patient_a, episode=episode, instrument="PHQ-9", answers=[1] * 8 + [0]
    )
    client = client_for(clinician_a)
    url = reverse("episodes:transfer", args=[episode.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="step-evidence"' in page and "PHQ-9 8" in page
    morning = patient_a.episodes.get().program.tracks.exclude(pk=episode.track_id).first() or episode.track
    client.post(
        url,
        {
            "kind": "step_down",
            "effective_on": local_today(episode.program.time_zone).isoformat(),
            "program": episode.program_id,
            "track": morning.pk,
            "level_of_care": "asam3:1",
            "reason": "Goals met",
        },
    )
    step = LevelOfCareChange.objects.get(episode=episode, kind="step_down")
    assert [m["instrument"] for m in step.evidence["measures"]] == ["PHQ-9"]
    assert len(step.evidence["attendance"]) == 4 and "latest scores: PHQ-9 8" in step.evidence_summary
