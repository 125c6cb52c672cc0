"""The record form refuses incomplete or impossible answers beside the item, saves nothing and keeps the draft."""

import html
import re

from django.urls import reverse

from openiop.core.tests.html_forms import error_summary, field_error, form_values
from openiop.measures.models import MeasureResponse, SafetyAlert
from openiop.measures.tests.form_data import form_data


def _record_url(patient, instrument: str) -> str:
    return reverse("measures:record", args=[patient.pk, instrument])


def error_in_block(page: str, field: str) -> str:
    """The error text inside the ``.field`` block (a div or a fieldset) that holds ``field``'s inputs.

    Radio groups have no single id to hang an error on, so this looks for the error by position: the
    block that renders the inputs named ``field``.
    """
    for block in re.split(r'(?=<(?:div|fieldset) class="field)', page):
        if f'name="{field}"' in block:
            match = re.search(r'<p class="error"[^>]*>(.*?)</p>', block, re.S)
            return html.unescape(match.group(1)).strip() if match else ""
    raise AssertionError(f"no field {field} on the page")


def _items(values: dict) -> dict:
    return {name: value for name, value in values.items() if name.startswith("item_")}


def test_a_missing_required_item_is_refused_beside_it_and_the_other_answers_stay_checked(
    patient_a, clinician_a, client_for
):
    data = form_data("PHQ-9", [1, 2, 3, 0, 1, 2, 3, 0, 2])
    del data["item_3"]
    before = MeasureResponse.objects.count()

    response = client_for(clinician_a).post(_record_url(patient_a, "PHQ-9"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert error_in_block(page, "item_3") == (
        "Choose an answer: Not at all (0); Several days (1); More than half the days (2); Nearly every day (3)."
    )
    assert [error_in_block(page, name) for name in data] == [""] * len(data)
    assert "Nothing was saved" in error_summary(page)
    assert MeasureResponse.objects.count() == before
    assert not SafetyAlert.objects.exists()  # item 9 = 2 would have raised one had it been saved
    assert _items(form_values(page)) == {name: [value] for name, value in data.items()}


def test_the_error_on_a_radio_item_is_linked_to_that_item_for_screen_readers(patient_a, clinician_a, client_for):
    data = form_data("PHQ-9", [1, 2, 3, 0, 1, 2, 3, 0, 2])
    del data["item_3"]

    page = client_for(clinician_a).post(_record_url(patient_a, "PHQ-9"), data).content.decode()

    # The error carries the item's id (not a blank "-error") and the summary links to the item, not to "#".
    assert field_error(page, "item_3").startswith("Choose an answer: Not at all (0);")
    assert 'href="#id_item_3' in page
    assert 'id="-error"' not in page
    assert 'href="#"' not in page


def test_a_cssrs_question_asked_because_of_q2_yes_is_required_and_named(patient_a, clinician_a, client_for):
    answers = {"q1": "yes", "q2": "yes", "q3": None, "q4": "no", "q5": "no", "q6": "no", "q6_past3mo": None}
    data = form_data("C-SSRS-Screener", answers)

    response = client_for(clinician_a).post(_record_url(patient_a, "C-SSRS-Screener"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'q3 is required because q2 is "yes"' in error_in_block(page, "item_q3")
    assert not MeasureResponse.objects.exists()
    assert _items(form_values(page)) == {name: [value] for name, value in data.items() if value}


def test_an_answer_to_a_cssrs_question_the_skip_logic_skips_is_refused_naming_the_item(
    patient_a, clinician_a, client_for
):
    answers = {"q1": "yes", "q2": "no", "q3": "yes", "q4": None, "q5": None, "q6": "no", "q6_past3mo": None}

    response = client_for(clinician_a).post(
        _record_url(patient_a, "C-SSRS-Screener"), form_data("C-SSRS-Screener", answers)
    )

    page = response.content.decode()
    assert response.status_code == 200
    error = error_in_block(page, "item_q3")
    assert 'q3 must be null because q2 is "no"' in error
    assert "skip logic" in error
    assert not MeasureResponse.objects.exists()
    kept = form_values(page)
    assert (kept["item_q1"], kept["item_q2"], kept["item_q3"], kept["item_q6"]) == (["yes"], ["no"], ["yes"], ["no"])


def test_the_follow_up_to_q6_is_refused_when_q6_is_no(patient_a, clinician_a, client_for):
    answers = {"q1": "no", "q2": "no", "q6": "no", "q6_past3mo": "yes"}

    response = client_for(clinician_a).post(
        _record_url(patient_a, "C-SSRS-Screener"), form_data("C-SSRS-Screener", answers)
    )

    assert response.status_code == 200
    assert 'q6_past3mo must be null because q6 is "no"' in error_in_block(response.content.decode(), "item_q6_past3mo")
    assert not MeasureResponse.objects.exists()


def test_audit_c_without_sex_is_refused_naming_the_allowed_values(patient_a, clinician_a, client_for):
    response = client_for(clinician_a).post(_record_url(patient_a, "AUDIT-C"), form_data("AUDIT-C", [2, 2, 1]))

    page = response.content.decode()
    assert response.status_code == 200
    error = error_in_block(page, "context_sex")
    assert re.search(r"\bfemale\b", error) and re.search(r"\bmale\b", error), error
    assert not MeasureResponse.objects.exists()
    assert _items(form_values(page)) == {"item_1": ["2"], "item_2": ["2"], "item_3": ["1"]}


def test_audit_c_with_a_sex_the_cut_offs_do_not_cover_is_refused(patient_a, clinician_a, client_for):
    data = form_data("AUDIT-C", [2, 2, 1], {"sex": "unknown"})

    response = client_for(clinician_a).post(_record_url(patient_a, "AUDIT-C"), data)

    assert response.status_code == 200
    assert "unknown" in error_in_block(response.content.decode(), "context_sex")
    assert not MeasureResponse.objects.exists()


def test_an_audit_q9_answer_of_3_is_refused_not_rounded(patient_a, clinician_a, client_for):
    data = form_data("AUDIT", [0, 0, 0, 0, 0, 0, 0, 0, 3, 0])  # Q9 takes only 0, 2 or 4

    response = client_for(clinician_a).post(_record_url(patient_a, "AUDIT"), data)

    assert response.status_code == 200
    assert "3 is not one of the available choices" in error_in_block(response.content.decode(), "item_9")
    assert not MeasureResponse.objects.exists()


def test_an_unknown_instrument_is_not_found(patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)

    assert browser.get(_record_url(patient_a, "PHQ-10")).status_code == 404
    assert browser.post(_record_url(patient_a, "PHQ-10"), {"item_1": "1"}).status_code == 404
    assert not MeasureResponse.objects.exists()
