"""The patient's PDF holds the record facts, the narrative, the aftercare plan and the crisis numbers; the
download is audited as an export."""

import subprocess

from django.urls import reverse

from openiop.accounts.testing import signature_of
from openiop.audit.models import AuditEvent
from openiop.continuity import services

from .builders import AFTERCARE, complete_draft, drafted_summary, treated_and_discharged


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


def test_the_pdf_holds_summary_aftercare_and_crisis_plan(patient_a, clinician_a, director_a, client_for, tmp_path):
    episode, _plan = treated_and_discharged(patient_a.episodes.get(), clinician=clinician_a, director=director_a)
    summary = complete_draft(drafted_summary(episode, clinician=clinician_a), clinician=clinician_a)
    services.aftercare_plan_update(acting_user=clinician_a, plan=summary.aftercare, **AFTERCARE)
    services.referral_create(
        acting_user=clinician_a,
        episode=episode,
        category="housing",
        agency="Hope Housing",
        reason="Lease ends",
        suggested_on=episode.discharged_on,
    )
    services.discharge_summary_sign(
        acting_user=clinician_a,
        summary=summary,
        typed_name=clinician_a.get_full_name(),
        signature=signature_of(clinician_a),
    )

    response = client_for(clinician_a).get(reverse("continuity:summary_pdf", args=[patient_a.pk, summary.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    for expected in (
        "Alma Quinlan",
        "988",
        "Treatment completed",
        "4 sessions attended, 9.5 hours",
        "PHQ-9",
        "Attended all phases; mood improved.",
        "Riverbend Counseling",
        "SMART Recovery",
        "Payday Fridays",
        "County crisis line 555-0199",
        "Housing: Hope Housing",
        f"Signed by {clinician_a.get_full_name()}",
    ):
        assert expected in text, expected
    event = AuditEvent.objects.filter(action="export", object_type="discharge_summary").get()
    assert (event.object_id, event.patient_id) == (str(summary.pk), patient_a.pk)
