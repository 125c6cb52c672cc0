"""A disclosure under a consent releases the records the consent's program holds (decision 0009): a consent
the SUD program recorded sends the SUD program's scores and screens, never the MH program's PCL-5."""

from openiop.consent.packet import sections_for

from .patient_record_fixture import build_two_program_patients


def _rows(patient, consent, category):
    (section,) = sections_for(patient, [category], program_id=consent.program_id)
    return section.rows


def test_an_sud_consent_releases_the_sud_programs_scores_and_not_the_mental_health_programs(
    make_patient, make_user, program_a, program_b, clinician_a, clinician_b, prescriber_a, nurse_a, intake_a
):
    patients = build_two_program_patients(
        make_patient=make_patient,
        make_user=make_user,
        program_a=program_a,
        program_b=program_b,
        clinician_a=clinician_a,
        clinician_b=clinician_b,
        prescriber_a=prescriber_a,
        nurse_a=nurse_a,
        intake_a=intake_a,
    )
    dual = patients["dual"]
    consent = dual.sud.consent
    assert consent.program_id == program_a.pk  # recorded under the SUD program
    measures = {row[0] for row in _rows(dual.patient, consent, "measures")}
    assert measures == {"AUDIT", "DAST-10"}
    diagnoses = {row[0] for row in _rows(dual.patient, consent, "diagnoses")}
    assert "F43.10" not in diagnoses and "F11.20" in diagnoses
    programs = {row[0] for row in _rows(dual.patient, consent, "discharge")}
    assert programs == {program_a.name}
