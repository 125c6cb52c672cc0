"""The plan prints to a PDF for the patient with their goal in their own words, the objectives, the
interventions and the signatures; the download is audited as an export."""

import subprocess

from django.urls import reverse

from openiop.audit.models import AuditEvent

from .builders import GOAL_WORDS, complete_plan, sign_all


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


def test_the_pdf_holds_the_goal_objective_intervention_and_signatures(
    patient_a, clinician_a, director_a, client_for, tmp_path
):
    plan = sign_all(
        complete_plan(patient_a.episodes.get(), acting_user=clinician_a), clinician=clinician_a, supervisor=director_a
    )
    response = client_for(clinician_a).get(reverse("plans:pdf", args=[patient_a.pk, plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    assert GOAL_WORDS in text
    assert "Depressive symptoms fall below the moderate range" in text
    # The narrow column may wrap "3 groups/week" after the slash.
    assert "Cognitive behavioral therapy (CBT), 3 groups/" in text and "Relapse-prevention group" in text
    assert "Alma Quinlan" in text and director_a.get_full_name() in text
    event = AuditEvent.objects.filter(action="export", object_type="treatment_plan").get()
    assert (event.object_id, event.patient_id, event.detail["format"]) == (str(plan.pk), patient_a.pk, "pdf")
