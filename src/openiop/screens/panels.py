"""Drug and alcohol screen panels as data: analytes, the medications that explain a positive, and which
results need a clinician's follow-up.

Sources. The reference (clinical-standards.md §6.1–6.2) maps screens to FHIR Observation (US Core
Laboratory Result) with LOINC analyte codes from the CDC Opioid Prescribing IG value sets, e.g.
buprenorphine 38373-7, interpretation POS/NEG, specimen, and presumptive vs confirmatory method; and
notes payers' IOP reviewers check urine drug screens (§3.3). It lists no other analyte codes, so only the
buprenorphine LOINC is filled in; the others are left empty until looked up in LOINC.

"Explained by" is pharmacology, not a threshold: a positive is expected when the patient takes the drug
itself or a drug of the class the test detects. Each entry is a list of lower-case name fragments matched
against the patient's active medications and MAT orders (name and substance). Review locally: immunoassay
cross-reactivity differs by kit, which is why staff can also mark a result expected with a reason.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Analyte:
    code: str
    label: str
    explained_by: tuple[str, ...] = ()
    loinc: str = ""


ANALYTES: dict[str, Analyte] = {
    a.code: a
    for a in (
        Analyte("alcohol", "Alcohol (ethanol)"),
        Analyte("etg", "Alcohol metabolite (EtG/EtS)"),
        Analyte("amphetamines", "Amphetamines", ("amphetamine", "lisdexamfetamine", "adderall", "vyvanse")),
        Analyte("methamphetamine", "Methamphetamine", ("methamphetamine", "desoxyn")),
        Analyte("barbiturates", "Barbiturates", ("phenobarbital", "butalbital", "barbital")),
        Analyte(
            "benzodiazepines",
            "Benzodiazepines",
            ("alprazolam", "clonazepam", "diazepam", "lorazepam", "chlordiazepoxide", "temazepam", "oxazepam"),
        ),
        Analyte(
            "buprenorphine",
            "Buprenorphine",
            ("buprenorphine", "suboxone", "subutex", "zubsolv", "sublocade", "brixadi"),
            "38373-7",
        ),
        Analyte("cocaine", "Cocaine"),
        Analyte("fentanyl", "Fentanyl", ("fentanyl",)),
        Analyte("mdma", "MDMA (ecstasy)"),
        Analyte("methadone", "Methadone", ("methadone",)),
        Analyte("opiates", "Opiates (morphine, codeine)", ("morphine", "codeine")),
        Analyte("oxycodone", "Oxycodone", ("oxycodone", "oxycontin", "percocet")),
        Analyte("thc", "Cannabinoids (THC)", ("dronabinol", "marinol")),
        Analyte("xylazine", "Xylazine"),
        Analyte("tramadol", "Tramadol", ("tramadol",)),
        Analyte("gabapentin", "Gabapentin", ("gabapentin",)),
    )
}


class Result:
    POSITIVE = "positive"
    NEGATIVE = "negative"
    INVALID = "invalid"
    DILUTE = "dilute"
    NOT_TESTED = "not_tested"

    CHOICES = [
        (NOT_TESTED, "Not tested"),
        (NEGATIVE, "Negative"),
        (POSITIVE, "Positive"),
        (INVALID, "Invalid (adulterated or substituted)"),
        (DILUTE, "Dilute"),
    ]
    VALUES = tuple(value for value, _ in CHOICES)


# Which results open a follow-up task for the patient's primary clinician. A positive does only when no
# active medication explains it (and no one marked it expected). Programs that want dilute specimens
# followed up too can turn that on here.
RAISES_TASK = {
    Result.POSITIVE: True,  # unexpected positives only
    Result.INVALID: True,
    Result.DILUTE: False,
}


def explaining_prescription(analyte: Analyte, prescriptions) -> str:
    """The label of the first active prescription that explains a positive for ``analyte``, or ""."""
    for prescription in prescriptions:
        if any(fragment in prescription.searchable for fragment in analyte.explained_by):
            return prescription.label
    return ""
