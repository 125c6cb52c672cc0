"""Medications for opioid and alcohol use disorder (MAT/MOUD/MAUD) as data.

Source. The reference (docs/reference/clinical-standards.md) names MOUD and opioid treatment programs
(ASAM 4th edition level 1.7 "includes OTP/MOUD"; TEDS METHUSE "planned medication-assisted opioid
therapy") and maps medications to FHIR MedicationRequest / MedicationAdministration / MedicationDispense
(§6.2). It gives **no dose limits**, so none are coded here: orders and doses are validated for shape only
(a positive amount in a known unit, a route the formulation is given by). The formulations are the
FDA-approved medications for OUD (buprenorphine, buprenorphine-naloxone, extended-release buprenorphine,
methadone through an opioid treatment program, naltrexone) and AUD (naltrexone, acamprosate, disulfiram).
"""

from dataclasses import dataclass

OUD = "oud"
AUD = "aud"
INDICATIONS = {OUD: "Opioid use disorder (OUD)", AUD: "Alcohol use disorder (AUD)"}

SOURCE = (
    "FDA-approved medications for OUD/AUD; reference §2.2 (level 1.7 OTP/MOUD), §5 (TEDS METHUSE), §6.2 "
    "(FHIR medication resources). No dose limits in the reference: shape only."
)


@dataclass(frozen=True)
class MatMedication:
    code: str
    name: str  # as it reads in lists and the chart header
    substance: str  # what a drug screen detects (screens/panels.py matches on it)
    indications: frozenset[str]
    routes: tuple[str, ...]  # medications.models.Route values this formulation is given by
    units: tuple[str, ...]  # medications.models.DoseUnit values a dose of it is written in
    injectable: bool = False  # a given dose needs a lot number and an injection site
    dispensed_by_program: bool = False  # methadone for OUD: an opioid treatment program dispenses it
    source: str = SOURCE


CATALOGUE: dict[str, MatMedication] = {
    m.code: m
    for m in (
        MatMedication("buprenorphine_sl", "buprenorphine", "buprenorphine", frozenset({OUD}), ("sublingual",), ("mg",)),
        MatMedication(
            "buprenorphine_naloxone_sl",
            "buprenorphine-naloxone",
            "buprenorphine",
            frozenset({OUD}),
            ("sublingual", "buccal"),
            ("mg",),
        ),
        MatMedication(
            "buprenorphine_xr_injection",
            "extended-release buprenorphine injection",
            "buprenorphine",
            frozenset({OUD}),
            ("subcutaneous_injection",),
            ("mg",),
            injectable=True,
        ),
        MatMedication(
            "methadone",
            "methadone",
            "methadone",
            frozenset({OUD}),
            ("oral",),
            ("mg",),
            dispensed_by_program=True,
        ),
        MatMedication("naltrexone_oral", "naltrexone", "naltrexone", frozenset({OUD, AUD}), ("oral",), ("mg",)),
        MatMedication(
            "naltrexone_xr_injection",
            "extended-release naltrexone injection",
            "naltrexone",
            frozenset({OUD, AUD}),
            ("im_injection",),
            ("mg",),
            injectable=True,
        ),
        MatMedication("acamprosate", "acamprosate", "acamprosate", frozenset({AUD}), ("oral",), ("mg",)),
        MatMedication("disulfiram", "disulfiram", "disulfiram", frozenset({AUD}), ("oral",), ("mg",)),
    )
}


def mat_medication(code: str) -> MatMedication | None:
    return CATALOGUE.get(code)
