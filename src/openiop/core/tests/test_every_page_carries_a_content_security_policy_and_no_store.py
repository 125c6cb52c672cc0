"""Every page, API answer, CSV, PDF and document is sent with a Content-Security-Policy (scripts and style
sheets only from this site, none inline; style="..." attributes are still allowed) and ``Cache-Control: no-store``, so no browser or proxy cache keeps patient data;
static assets are cacheable. Page titles (browser history, tabs, bookmarks) carry no MRN, and no template
holds inline script or inline event handlers (the policy would block them)."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

import openiop
from openiop.episodes.models import Episode
from openiop.measures.services import self_report_link_issue


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def _assert_private(response):
    assert "no-store" in response["Cache-Control"]
    directives = _directives(response)
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"
    assert directives["default-src"] == "default-src 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"


def test_the_sign_in_page_carries_the_policy(db):
    _assert_private(Client().get(reverse("accounts:login")))


@pytest.mark.parametrize(
    "url",
    [
        lambda p: reverse("episodes:dashboard"),
        lambda p: reverse("patients:list"),
        lambda p: reverse("patients:chart", args=[p.pk]),
        lambda p: f"/api/v1/patients/{p.pk}/",
        lambda p: reverse("consent:accounting", args=[p.pk]) + "?format=csv",
    ],
    ids=["census", "patient list", "chart", "api", "accounting csv"],
)
def test_a_page_with_patient_data_is_never_stored(url, patient_a, clinician_a, client_for):
    response = client_for(clinician_a).get(url(patient_a))
    assert response.status_code == 200
    _assert_private(response)


def test_the_audit_csv_is_never_stored(privacy_officer, client_for):
    response = client_for(privacy_officer).get(reverse("audit:report_csv"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_the_temporary_password_page_is_never_stored(sysadmin, program_a, client_for):
    response = client_for(sysadmin).post(
        reverse("accounts:staff_new"),
        {
            "username": "new.person",
            "first_name": "New",
            "last_name": "Person",
            "email": "new@example.org",
            "role": "clinician",
            "programs": [program_a.pk],
        },
    )
    assert response.status_code == 200 and "temporary" in response.content.decode().lower()
    _assert_private(response)


def test_a_patient_link_page_is_never_stored(patient_a, clinician_a):
    episode = Episode.objects.get(patient=patient_a)
    _link, token = self_report_link_issue(
        acting_user=clinician_a, patient=patient_a, episode=episode, instrument="PHQ-9"
    )
    response = Client().get(reverse("self_report", args=[token]))
    assert response.status_code == 200
    _assert_private(response)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_assets_stay_cacheable(db):
    response = Client().get("/static/core/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_chart_title_carries_no_mrn(patient_a, clinician_a, client_for):
    page = client_for(clinician_a).get(reverse("patients:chart", args=[patient_a.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert patient_a.mrn in page and patient_a.mrn not in title
    assert patient_a.legal_last_name not in title


TEMPLATES = sorted(Path(openiop.__file__).parent.glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


# Rendered to PDF by WeasyPrint on the server, never sent to a browser as a page.
PDF_ONLY = {
    "plans/templates/plans/pdf.html",
    "continuity/templates/continuity/pdf.html",
    "consent/templates/consent/packet.html",
    "consent/templates/consent/accounting_pdf.html",
    "consent/templates/consent/_pdf_security_line.html",
}
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def test_no_page_template_holds_a_style_element():
    root = Path(openiop.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in TEMPLATES
        if str(path.relative_to(root)) not in PDF_ONLY and STYLE_ELEMENT.search(path.read_text())
    ]
    assert offenders == []
    assert all((root / name).exists() for name in PDF_ONLY)


def test_no_template_holds_inline_script_or_event_handlers():
    offenders = [
        str(path.relative_to(Path(openiop.__file__).parent))
        for path in TEMPLATES
        if INLINE_SCRIPT.search(text := path.read_text()) or EVENT_HANDLER.search(text) or JAVASCRIPT_URL.search(text)
    ]
    assert TEMPLATES and offenders == []


@override_settings(DEBUG=True)
def test_django_debug_error_pages_stay_readable_in_development(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404 and "Content-Security-Policy" not in response
    assert "no-store" in response["Cache-Control"]
