"""The patient signs the aftercare plan once the clinician has signed and locked it: typed name and date with a
typed or drawn signature, or an uploaded signed scan. The signature is shown on the plan and on its PDF, and
recorded (audited) once; a bad signature names the field and saves nothing."""

import base64
import io
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from openiop.accounts.testing import signature_of
from openiop.audit.models import AuditEvent
from openiop.continuity import services
from openiop.continuity.models import AftercarePlan

from .builders import AFTERCARE, complete_draft, drafted_summary, treated_and_discharged


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


@pytest.fixture
def summary(patient_a, clinician_a, director_a):
    episode, _plan = treated_and_discharged(patient_a.episodes.get(), clinician=clinician_a, director=director_a)
    summary = complete_draft(drafted_summary(episode, clinician=clinician_a), clinician=clinician_a)
    services.aftercare_plan_update(acting_user=clinician_a, plan=summary.aftercare, **AFTERCARE)
    return summary


def _sign_url(summary):
    return reverse("continuity:aftercare_patient_sign", args=[summary.patient_id, summary.pk])


def _staff_sign(summary, clinician):
    return services.discharge_summary_sign(
        acting_user=clinician, summary=summary, typed_name=clinician.get_full_name(), signature=signature_of(clinician)
    )


def test_the_patient_signs_only_a_plan_the_clinician_has_signed(summary, clinician_a):
    with pytest.raises(ValidationError, match="signed and locked"):
        services.aftercare_patient_sign(
            acting_user=clinician_a,
            plan=summary.aftercare,
            method="typed",
            signed_name="Alma Quinlan",
            signed_on=summary.episode.discharged_on,
            typed_signature="Alma Quinlan",
        )


def test_a_typed_signature_is_on_the_page_and_the_pdf_and_audited(summary, clinician_a, client_for, tmp_path):
    _staff_sign(summary, clinician_a)
    browser = client_for(clinician_a)
    page = browser.get(reverse("continuity:summary", args=[summary.patient_id, summary.pk])).content.decode()
    assert _sign_url(summary) in page and "data-signature-pad" in page
    day = summary.episode.discharged_on
    response = browser.post(
        _sign_url(summary),
        {"method": "typed", "signed_name": "Alma Quinlan", "signed_on": day.isoformat(), "typed_signature": "Alma Q"},
    )
    assert response.status_code == 400 and "typed_signature" in str(response.context["patient_sign_form"].errors)
    assert "Nothing was saved" in response.content.decode()  # not the discharge summary's name as the heading
    response = browser.post(
        _sign_url(summary),
        {
            "method": "typed",
            "signed_name": "Alma Quinlan",
            "signed_on": day.isoformat(),
            "typed_signature": "alma quinlan",
        },
    )
    assert response.status_code == 302
    page = browser.get(reverse("continuity:summary", args=[summary.patient_id, summary.pk])).content.decode()
    assert 'data-testid="patient-signature"' in page and "Alma Quinlan" in page
    text = _pdf_text(
        browser.get(reverse("continuity:summary_pdf", args=[summary.patient_id, summary.pk])).content, tmp_path
    )
    assert f"Patient signature: Alma Quinlan, signed {day:%Y-%m-%d} (typed signature: alma quinlan)" in text
    assert AuditEvent.objects.filter(
        object_type="aftercare_plan", object_id=str(summary.aftercare.pk), detail__event="patient_signature"
    ).exists()


def test_a_drawn_signature_is_kept_as_an_image_and_printed(summary, clinician_a, client_for, tmp_path):
    _staff_sign(summary, clinician_a)
    drawn = "data:image/png;base64," + base64.b64encode(_png()).decode()
    response = client_for(clinician_a).post(
        _sign_url(summary),
        {
            "method": "drawn",
            "signed_name": "Alma Quinlan",
            "signed_on": summary.episode.discharged_on.isoformat(),
            "drawn_signature": drawn,
        },
    )
    assert response.status_code == 302
    plan = AftercarePlan.objects.get(pk=summary.aftercare.pk)
    assert plan.patient_signature_method == "drawn" and plan.patient_signature_image.startswith(b"\x89PNG")
    pdf = client_for(clinician_a).get(reverse("continuity:summary_pdf", args=[summary.patient_id, summary.pk]))
    text = _pdf_text(pdf.content, tmp_path)
    assert "Patient signature: Alma Quinlan" in text and "(drawn signature)" in text


def test_an_uploaded_signed_scan_is_kept_and_named_on_the_pdf(summary, clinician_a, client_for, tmp_path):
    _staff_sign(summary, clinician_a)
    scan = SimpleUploadedFile("scan1.png", _png(), content_type="image/png")
    response = client_for(clinician_a).post(
        _sign_url(summary),
        {
            "method": "scan",
            "signed_name": "Alma Quinlan",
            "signed_on": summary.episode.discharged_on.isoformat(),
            "scan": scan,
        },
    )
    assert response.status_code == 302
    text = _pdf_text(
        client_for(clinician_a).get(reverse("continuity:summary_pdf", args=[summary.patient_id, summary.pk])).content,
        tmp_path,
    )
    assert "(signed paper copy scanned: scan1.png)" in text


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"method": "typed", "signed_name": "", "typed_signature": "Alma"}, "signed_name"),
        ({"method": "drawn", "signed_name": "Alma Quinlan", "drawn_signature": ""}, "drawn_signature"),
        (
            {"method": "drawn", "signed_name": "Alma Quinlan", "drawn_signature": "data:text/html;base64,PGI+"},
            "drawn_signature",
        ),
        ({"method": "scan", "signed_name": "Alma Quinlan"}, "scan"),
        ({"method": "stamp", "signed_name": "Alma Quinlan"}, "method"),
    ],
)
def test_a_bad_patient_signature_names_the_field_and_saves_nothing(summary, clinician_a, fields, field):
    _staff_sign(summary, clinician_a)
    with pytest.raises(ValidationError) as error:
        services.aftercare_patient_sign(
            acting_user=clinician_a, plan=summary.aftercare, signed_on=summary.episode.discharged_on, **fields
        )
    assert field in error.value.message_dict
    assert AftercarePlan.objects.get(pk=summary.aftercare.pk).patient_signature_method == ""


def test_the_signature_date_is_not_in_the_future_and_the_patient_signs_once(summary, clinician_a):
    _staff_sign(summary, clinician_a)
    common = dict(acting_user=clinician_a, plan=summary.aftercare, method="typed", signed_name="Alma Quinlan")
    with pytest.raises(ValidationError) as error:
        services.aftercare_patient_sign(
            signed_on=summary.episode.discharged_on + timedelta(days=400), typed_signature="Alma Quinlan", **common
        )
    assert "signed_on" in error.value.message_dict
    services.aftercare_patient_sign(signed_on=summary.episode.discharged_on, typed_signature="Alma Quinlan", **common)
    with pytest.raises(ValidationError, match="already signed"):
        services.aftercare_patient_sign(
            signed_on=summary.episode.discharged_on, typed_signature="Alma Quinlan", **common
        )
