"""The Diagnoses tab: a clinician picks a searched code and adds it; a refused add keeps the search and choice."""

from django.urls import reverse

from openiop.core.timezones import local_today
from openiop.diagnoses.models import Diagnosis


def test_a_clinician_adds_a_primary_diagnosis_from_the_tab(patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)
    url = reverse("diagnoses:chart", args=[patient_a.pk])
    today = local_today("America/New_York").isoformat()
    response = browser.post(url, {"q": "opioid dep", "code": "F11.20", "rank": "primary", "diagnosed_on": today})
    assert response.status_code == 302
    diagnosis = Diagnosis.objects.get()
    assert (diagnosis.code, diagnosis.description, diagnosis.diagnosed_by) == (
        "F11.20",
        "Opioid dependence, uncomplicated",
        clinician_a,
    )
    page = browser.get(url).content.decode()
    assert 'data-testid="diagnosis-F11.20"' in page and "ICD-10-CM FY2024" in page


def test_a_refused_add_keeps_the_search_and_the_chosen_code(patient_a, clinician_a, client_for):
    response = client_for(clinician_a).post(
        reverse("diagnoses:chart", args=[patient_a.pk]),
        {
            "q": "opioid dep",
            "code": "F11.20",
            "rank": "secondary",
            "diagnosed_on": local_today("America/New_York").isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "the first active diagnosis must be primary" in body
    assert 'value="opioid dep"' in body
    assert 'value="F11.20" checked' in body
    assert not Diagnosis.objects.exists()
