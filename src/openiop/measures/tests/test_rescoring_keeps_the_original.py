"""Re-scoring under another published band scheme adds a row; the result as first scored never changes."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.measures.models import MeasureResponse
from openiop.measures.services import measure_rescore
from openiop.measures.tests.form_data import form_data

# 17: moderate under ASAM 2020 (10-18), severe under the PMC table (>15), moderate in the four-band scheme.
CIWA_17 = [3, 3, 3, 3, 3, 2, 0, 0, 0, 0]


@pytest.fixture
def original(patient_a, clinician_a, client_for) -> MeasureResponse:
    response = client_for(clinician_a).post(
        reverse("measures:record", args=[patient_a.pk, "CIWA-Ar"]), form_data("CIWA-Ar", CIWA_17)
    )
    assert response.status_code == 302
    return MeasureResponse.objects.get(patient=patient_a)


def _snapshot(response: MeasureResponse) -> dict:
    response.refresh_from_db()
    return model_to_dict(response) | {"created_at": response.created_at, "updated_at": response.updated_at}


def _rescore_url(patient, response) -> str:
    return reverse("measures:response", args=[patient.pk, response.pk])


def test_rescoring_adds_a_row_pointing_at_the_original_with_the_other_schemes_band(
    original, patient_a, clinician_a, client_for
):
    before = _snapshot(original)
    assert (original.total, original.band, original.scheme) == (17, "moderate", "asam_2020")

    response = client_for(clinician_a).post(_rescore_url(patient_a, original), {"scheme": "pmc_table"})

    rescored = MeasureResponse.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302
    assert response["Location"] == _rescore_url(patient_a, rescored)
    assert rescored.rescored_from_id == original.pk
    assert (rescored.total, rescored.band, rescored.scheme, rescored.scheme_version) == (17, "severe", "pmc_table", "1")
    assert rescored.answers == original.answers
    assert (rescored.administered_at, rescored.administered_by, rescored.mode) == (
        original.administered_at,
        original.administered_by,
        original.mode,
    )
    assert _snapshot(original) == before


def test_the_original_page_lists_its_rescorings_and_the_copy_links_back(original, patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)
    browser.post(_rescore_url(patient_a, original), {"scheme": "pmc_table"})
    rescored = MeasureResponse.objects.get(rescored_from=original)

    original_page = browser.get(_rescore_url(patient_a, original)).content.decode()
    copy_page = browser.get(_rescore_url(patient_a, rescored)).content.decode()

    listed = re.search(rf'<li><a href="{_rescore_url(patient_a, rescored)}">([^<]*)</a>:? ([^<]*)</li>', original_page)
    assert listed, "the original does not list its re-scoring"
    assert "pmc" in listed.group(1) and "17 severe" in listed.group(2)
    assert f'href="{_rescore_url(patient_a, original)}"' in copy_page


def test_rescoring_under_the_scheme_it_was_scored_with_is_refused(original, patient_a, clinician_a, client_for):
    before = _snapshot(original)

    response = client_for(clinician_a).post(_rescore_url(patient_a, original), {"scheme": "asam_2020"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert MeasureResponse.objects.count() == 1
    assert _snapshot(original) == before
    with pytest.raises(ValidationError, match="already scored with asam_2020"):
        measure_rescore(acting_user=clinician_a, response=original, scheme="asam_2020")
    assert MeasureResponse.objects.count() == 1


def test_a_rescoring_is_itself_rescored_from_the_original(original, patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)
    browser.post(_rescore_url(patient_a, original), {"scheme": "pmc_table"})
    first = MeasureResponse.objects.get(rescored_from=original)

    refused = browser.post(_rescore_url(patient_a, first), {"scheme": "asam_2020"})
    accepted = browser.post(_rescore_url(patient_a, first), {"scheme": "timeofcare_four_band"})

    assert refused.status_code == 200
    second = MeasureResponse.objects.get(scheme="timeofcare_four_band")
    assert accepted["Location"] == _rescore_url(patient_a, second)
    assert (second.rescored_from_id, second.band) == (original.pk, "moderate")
    assert MeasureResponse.objects.count() == 3


def test_an_unknown_scheme_is_refused(original, patient_a, clinician_a, client_for):
    response = client_for(clinician_a).post(_rescore_url(patient_a, original), {"scheme": "made_up"})

    assert response.status_code == 200
    assert MeasureResponse.objects.count() == 1


def test_rescoring_is_audited_with_the_original_and_the_scheme(original, patient_a, clinician_a, client_for):
    client_for(clinician_a).post(_rescore_url(patient_a, original), {"scheme": "pmc_table"})
    rescored = MeasureResponse.objects.get(rescored_from=original)

    event = AuditEvent.objects.get(object_type="measure_response", object_id=str(rescored.pk), action="create")
    assert (event.user_id, event.patient_id, event.outcome) == (clinician_a.pk, patient_a.pk, Outcome.ALLOWED)
    assert event.detail == {"rescored_from": original.pk, "scheme": "pmc_table"}
