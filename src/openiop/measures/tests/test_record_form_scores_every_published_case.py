"""Every published case, entered through the generated record form, is stored exactly as published."""

from collections import Counter

import pytest
from django.urls import reverse

from openiop.measures.instruments import get_instrument
from openiop.measures.models import AdministrationMode, MeasureResponse
from openiop.measures.tests.form_data import form_data
from openiop.measures.tests.test_published_cases import CASES, _case_ids


def test_there_are_published_cases_to_enter():
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=_case_ids(CASES))
def test_the_record_form_stores_the_published_case_as_published(case, patient_a, clinician_a, client_for):
    name = case["instrument"]
    instrument = get_instrument(name)
    url = reverse("measures:record", args=[patient_a.pk, name])
    browser = client_for(clinician_a)
    assert browser.get(url).status_code == 200  # the form renders for every instrument

    response = browser.post(url, form_data(name, case["answers"], case.get("context")))

    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("measures:chart", args=[patient_a.pk])
    stored = MeasureResponse.objects.get(patient=patient_a)
    assert stored.instrument == name
    assert stored.total == case["expected_total"]
    assert (stored.band or None) == case["expected_band"]
    assert Counter(stored.flags) == Counter(case["flags"])
    if "expected_subscores" in case:
        assert stored.subscores == case["expected_subscores"]
    assert stored.answers == case["answers"]
    assert stored.context == (case.get("context") or {})
    scheme = instrument.scheme(None)
    assert (stored.scheme, stored.scheme_version) == ((scheme.name, scheme.version) if scheme else ("", ""))
    assert stored.administered_by == clinician_a
    assert stored.mode == AdministrationMode.CLINICIAN
    assert stored.rescored_from is None
    assert stored.episode.patient_id == patient_a.pk
