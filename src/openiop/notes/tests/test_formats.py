from openiop.notes.formats import FORMATS, GROUP, LATE_ENTRY_HOURS_DEFAULT, LATE_ENTRY_SOURCE


def test_dap_soap_and_birp_have_their_sections_in_order():
    titles = {key: [s.title for s in spec.sections] for key, spec in FORMATS.items()}
    assert titles == {
        "DAP": ["Data", "Assessment", "Plan"],
        "SOAP": ["Subjective", "Objective", "Assessment", "Plan"],
        "BIRP": ["Behavior", "Intervention", "Response", "Plan"],
    }


def test_every_format_names_its_source_and_every_section_has_a_prompt():
    for spec in [*FORMATS.values(), GROUP]:
        assert spec.source
        assert all(section.prompt for section in spec.sections)


def test_late_entry_is_a_configurable_policy_default_of_72_hours():
    assert LATE_ENTRY_HOURS_DEFAULT == 72
    assert "configurable" in LATE_ENTRY_SOURCE
