"""The bundled ICD-10-CM subset states its source and year, and the loader refuses a malformed list."""

import pytest

from openiop.diagnoses.codes import CODE_FORMAT, DATA_FILE, CodeListError, all_codes, parse_code_list


def test_the_file_states_its_source_fiscal_year_and_that_it_is_a_subset():
    header = [line for line in DATA_FILE.read_text().splitlines() if line.startswith("#")]
    text = " ".join(header)
    assert "CMS ICD-10-CM" in text and "fiscal year 2024" in text and "SUBSET" in text


def test_every_code_is_well_formed_unique_and_described():
    codes = all_codes()
    assert len(codes) > 150
    assert all(CODE_FORMAT.match(code) and item.description for code, item in codes.items())


@pytest.mark.parametrize(
    ("code", "description"),
    [
        ("F10.20", "Alcohol dependence, uncomplicated"),
        ("F10.21", "Alcohol dependence, in remission"),
        ("F10.230", "Alcohol dependence with withdrawal, uncomplicated"),
        ("F11.20", "Opioid dependence, uncomplicated"),
        ("F11.23", "Opioid dependence with withdrawal"),
        ("F43.12", "Post-traumatic stress disorder, chronic"),
        ("F50.81", "Binge eating disorder"),
        ("F60.3", "Borderline personality disorder"),
        ("Z59.01", "Sheltered homelessness"),
    ],
)
def test_common_iop_codes_carry_their_official_descriptions(code, description):
    assert all_codes()[code].description == description


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["code,description", "F11.20,Opioid dependence", "F11.20,Again"], "appears twice"),
        (["code,description", "F1120,Opioid dependence"], "not an ICD-10-CM code"),
        (["code,description", "F11.20,Opioid, dependence"], "expected 2 columns"),
        (["code,description", "F11.20,"], "no description"),
        (["code,text", "F11.20,Opioid dependence"], "header"),
        (["# only a comment"], "empty"),
    ],
)
def test_the_loader_refuses_a_malformed_list_naming_the_line(lines, message):
    with pytest.raises(CodeListError, match=message):
        parse_code_list(lines)
