"""A record in another program answers exactly like one that does not exist, so a probe learns nothing."""

import re

import pytest
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.episodes.models import Episode

MISSING_ID = 987654


def _without_csrf(body: bytes) -> str:
    # The masked CSRF token differs on every render; nothing else may.
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", body.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.mark.parametrize(
    ("url_name", "record"),
    [
        ("patients:chart", "patient"),
        ("patients:edit", "patient"),
        ("episodes:transfer", "episode"),
        ("episodes:discharge", "episode"),
        ("episodes:status", "episode"),
        ("episodes:care_team", "episode"),
    ],
)
def test_a_clinician_of_another_program_gets_the_same_404_as_for_a_missing_record_and_both_are_audited(
    url_name, record, patient_a, clinician_b, client_for
):
    record_id = patient_a.pk if record == "patient" else Episode.objects.get(patient=patient_a).pk
    browser = client_for(clinician_b)

    existing = browser.get(reverse(url_name, args=[record_id]))
    missing = browser.get(reverse(url_name, args=[MISSING_ID]))

    assert existing.status_code == missing.status_code == 404
    assert _without_csrf(existing.content) == _without_csrf(missing.content)
    denied = AuditEvent.objects.filter(user_id=clinician_b.pk, outcome=Outcome.DENIED).order_by("sequence")
    # The privacy officer can tell them apart (the response cannot): a real record out of reach, a made-up id.
    assert [(e.object_type, e.object_id, e.detail["reason"]) for e in denied] == [
        (record, str(record_id), "scope"),
        (record, str(MISSING_ID), "not_found"),
    ]
