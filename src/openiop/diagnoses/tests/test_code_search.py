"""Searching the code list by code prefix or by the start of words, and the search fragment endpoint."""

from django.urls import reverse

from openiop.diagnoses.codes import search_codes


def _codes(query):
    return [c.code for c in search_codes(query)]


def test_words_match_the_start_of_description_words():
    found = _codes("opioid dep")
    assert found[:3] == ["F11.20", "F11.21", "F11.220"]
    assert all(code.startswith("F11.2") for code in found)


def test_a_code_prefix_finds_the_codes_below_it_with_or_without_the_dot():
    assert _codes("F11.2") == ["F11.20", "F11.21", "F11.220", "F11.23", "F11.24"]
    assert _codes("f112") == _codes("F11.2")


def test_words_in_any_order_and_case_all_have_to_match():
    assert _codes("CHRONIC stress post") == ["F43.12"]
    assert _codes("homeless sheltered") == ["Z59.01"]


def test_nothing_is_found_for_an_empty_or_unknown_query():
    assert _codes("") == [] and _codes("   ") == [] and _codes("xylophone") == []


def test_the_search_fragment_lists_codes_as_choices(clinician_a, client_for):
    response = client_for(clinician_a).get(reverse("diagnoses:search"), {"q": "binge eating"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="F50.81"' in body and "Binge eating disorder" in body
    assert "<html" not in body


def test_billing_cannot_use_the_search(billing_a, client_for):
    assert client_for(billing_a).get(reverse("diagnoses:search"), {"q": "F11"}).status_code == 403
