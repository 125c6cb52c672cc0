"""A signed form is accepted by what the file is (its first bytes: PDF, PNG or JPEG), not by the type the
browser declared, and is no larger than 5 MB. Stored documents are served as downloads (attachment),
with nosniff and no-store, under the type their bytes show."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openiop.consent.models import Consent
from openiop.consent.services import MAX_DOCUMENT_BYTES

from .builders import consent_for

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _upload(patient, user, content: bytes, declared: str, name: str = "signed.pdf") -> Consent:
    document = SimpleUploadedFile(name, content, content_type=declared)
    return consent_for(patient, user, signature_method="uploaded", document=document)


@pytest.mark.parametrize("declared", ["application/pdf", "image/png", "image/jpeg"])
def test_html_declared_as_a_signed_form_is_refused_on_the_document_field(declared, patient_a, clinician_a):
    with pytest.raises(ValidationError) as refused:
        _upload(patient_a, clinician_a, HTML, declared)
    assert "PDF, PNG or JPEG" in " ".join(refused.value.message_dict["document"])
    assert not Consent.objects.filter(patient=patient_a).exists()


@pytest.mark.parametrize(
    ("content", "real_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
    ids=["pdf", "png", "jpeg"],
)
def test_a_real_pdf_png_or_jpeg_is_kept_under_the_type_its_bytes_show(content, real_type, patient_a, clinician_a):
    consent = _upload(patient_a, clinician_a, content, "application/pdf")
    assert bytes(consent.document) == content and consent.document_type == real_type


def test_a_file_over_5_mb_is_refused(patient_a, clinician_a):
    with pytest.raises(ValidationError) as refused:
        _upload(patient_a, clinician_a, PDF + b"0" * MAX_DOCUMENT_BYTES, "application/pdf")
    assert "5 MB" in " ".join(refused.value.message_dict["document"])


def test_the_signed_form_downloads_as_an_attachment_with_nosniff_and_no_store(patient_a, clinician_a, client_for):
    consent = _upload(patient_a, clinician_a, PDF, "application/pdf")
    response = client_for(clinician_a).get(reverse("consent:document", args=[patient_a.pk, consent.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="consent-{consent.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_document_stored_before_the_check_is_served_as_an_opaque_download(patient_a, clinician_a, client_for):
    consent = _upload(patient_a, clinician_a, PDF, "application/pdf")
    Consent.objects.filter(pk=consent.pk).update(document=HTML, document_type="application/pdf")
    response = client_for(clinician_a).get(reverse("consent:document", args=[patient_a.pk, consent.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
