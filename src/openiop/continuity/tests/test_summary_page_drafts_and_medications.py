"""The discharge summary page saves each form as a draft through HTMX (the intake assessment's autosave), with
no inline script or event handler (the Content-Security-Policy forbids them); the summary lists the medications
and the MAT in force at discharge from the medications app."""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from openiop.audit.models import AuditEvent
from openiop.core.timezones import local_today
from openiop.medications.services import allergy_record_none, mat_order_create, medication_add

from .builders import AFTERCARE, drafted_summary, treated_and_discharged


def _summary(patient, clinician, director):
    episode, _plan = treated_and_discharged(patient.episodes.get(), clinician=clinician, director=director)
    return drafted_summary(episode, clinician=clinician)


def _aftercare_post(**changes):
    data = {k: v for k, v in AFTERCARE.items() if v is not None}
    data.update(changes)
    return data


def test_an_htmx_save_of_one_form_answers_with_a_status_line_and_keeps_the_draft(
    patient_a, clinician_a, director_a, client_for
):
    summary = _summary(patient_a, clinician_a, director_a)
    browser = client_for(clinician_a)
    url = reverse("continuity:aftercare_edit", args=[patient_a.pk, summary.pk])
    response = browser.post(url, _aftercare_post(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["X-Draft-Status"] == "saved"
    assert "Draft saved" in response.content.decode()
    summary.aftercare.refresh_from_db()
    assert summary.aftercare.relapse_triggers == "Payday Fridays"

    before = AuditEvent.objects.filter(object_type="aftercare_plan").count()
    again = browser.post(url, _aftercare_post(), HTTP_HX_REQUEST="true")
    assert "up to date" in again.content.decode()
    assert AuditEvent.objects.filter(object_type="aftercare_plan").count() == before

    refused = browser.post(
        url, _aftercare_post(first_appointment_at="2001-01-01T10:00", relapse_triggers="New"), HTTP_HX_REQUEST="true"
    )
    assert refused["X-Draft-Status"] == "refused"
    assert "First appointment" in refused.content.decode() and "Not saved" in refused.content.decode()


def test_the_summary_form_saves_as_a_draft_through_htmx(patient_a, clinician_a, director_a, client_for):
    summary = _summary(patient_a, clinician_a, director_a)
    response = client_for(clinician_a).post(
        reverse("continuity:summary_edit", args=[patient_a.pk, summary.pk]),
        {"medications": "", "clinician_narrative": "Typed so far", "recommendations": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["X-Draft-Status"] == "saved"
    summary.refresh_from_db()
    assert summary.clinician_narrative == "Typed so far"


def test_the_page_autosaves_warns_before_leaving_and_has_no_inline_script(
    patient_a, clinician_a, director_a, client_for
):
    summary = _summary(patient_a, clinician_a, director_a)
    html = client_for(clinician_a).get(reverse("continuity:summary", args=[patient_a.pk, summary.pk])).content.decode()
    for form_id, url_name in (("summary-form", "summary_edit"), ("aftercare-form", "aftercare_edit")):
        form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>', html).group(0)
        assert f'hx-post="{reverse(f"continuity:{url_name}", args=[patient_a.pk, summary.pk])}"' in form
        assert "data-unsaved-warning" in form
    assert "core/unsaved_changes.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "when that module exists" not in html


def test_the_summary_lists_the_medications_and_mat_in_force_at_discharge(
    patient_a, clinician_a, director_a, prescriber_a, client_for
):
    episode = patient_a.episodes.get()
    today = local_today(episode.program.time_zone)
    medication_add(
        acting_user=clinician_a, patient=patient_a, episode=episode, source="patient_reported",
        name="Sertraline", dose_amount=Decimal("50"), dose_unit="mg", route="oral", frequency="daily",
        started_on=today - timedelta(days=10),
    )  # fmt: skip
    allergy_record_none(acting_user=clinician_a, patient=patient_a)
    mat_order_create(
        acting_user=prescriber_a, patient=patient_a, episode=episode, medication="buprenorphine_naloxone_sl",
        dose_amount="16", dose_unit="mg", route="sublingual", frequency="daily", indication="oud",
        prescriber=prescriber_a, started_on=today - timedelta(days=10),
    )  # fmt: skip
    summary = _summary(patient_a, clinician_a, director_a)
    assert summary.record["medications_in_force"] == {
        "medications": ["Sertraline 50 mg oral daily"],
        "mat": ["buprenorphine-naloxone 16 mg SL daily · Opioid use disorder (OUD)"],
    }
    html = client_for(clinician_a).get(reverse("continuity:summary", args=[patient_a.pk, summary.pk])).content.decode()
    listed = html.split('data-testid="medications-in-force"')[1].split("</section>")[0]
    assert "Sertraline 50 mg oral daily" in listed
    assert "buprenorphine-naloxone 16 mg SL daily · Opioid use disorder (OUD)" in listed
