"""Security labels for records that carry substance-use-disorder information (clinical-standards.md §4.1,
§6.2): every export of such a record carries them so downstream systems can enforce Part 2.

This module is the one place labels are chosen and formatted: FHIR ``meta.security`` Codings for the APIs,
one printed line for PDFs and CSV files.
"""

from dataclasses import dataclass

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"


@dataclass(frozen=True)
class SecurityLabel:
    system: str
    code: str
    display: str

    def as_text(self) -> str:
        return f"{self.code} ({self.display})"

    def as_coding(self) -> dict[str, str]:
        """The label as a FHIR Coding, the shape of one entry of ``meta.security``."""
        return {"system": self.system, "code": self.code, "display": self.display}


PART2 = SecurityLabel(ACT_CODE, "42CFRPart2", "42 CFR Part 2")
RESTRICTED = SecurityLabel(CONFIDENTIALITY, "R", "restricted")
ETH = SecurityLabel(ACT_CODE, "ETH", "substance abuse information sensitivity")
NO_REDISCLOSURE = SecurityLabel(ACT_CODE, "NORDSCLCD", "no redisclosure without consent directive")

SUD_LABELS = (PART2, RESTRICTED, ETH, NO_REDISCLOSURE)
LABELS_BY_CODE = {label.code: label for label in SUD_LABELS}
# Programs whose records are Part 2 records: they hold SUD diagnosis and treatment.
SUD_FOCUSES = frozenset({"substance_use", "co_occurring"})


def labels_for(programs) -> tuple[SecurityLabel, ...]:
    """The labels for records drawn from ``programs``: all four when any of them is a SUD program."""
    return SUD_LABELS if any(p.clinical_focus in SUD_FOCUSES for p in programs) else ()


def in_sud_program():
    """An ``Exists`` to annotate patients with as ``in_sud_program``: lists then label each row without a query."""
    from django.db.models import Exists, OuterRef

    from openiop.episodes.models import Episode

    return Exists(Episode.objects.filter(patient=OuterRef("pk"), program__clinical_focus__in=SUD_FOCUSES))


def labels_for_patient(patient) -> tuple[SecurityLabel, ...]:
    """The labels for a patient's record: all four once the patient has had an episode in any SUD program
    (diagnoses, medications and screens are kept per patient, so a later mental-health episode does not
    make the earlier SUD information any less a Part 2 record). One query, none when annotated."""
    in_sud = getattr(patient, "in_sud_program", None)
    if in_sud is None:
        from openiop.episodes.models import Episode

        in_sud = Episode.objects.filter(patient=patient, program__clinical_focus__in=SUD_FOCUSES).exists()
    return SUD_LABELS if in_sud else ()


def security_codings(labels) -> list[dict[str, str]]:
    """FHIR ``meta.security``: one Coding per label, empty for a record without SUD information."""
    return [label.as_coding() for label in labels]


def label_line(labels) -> str:
    """The line printed on every page of a PDF and at the top of a CSV file; empty without labels.

    Only the policy name and the HL7 codes (§4.1): the legal wording a recipient must get is the §2.32
    notice in statements.py, which disclosures carry in full."""
    if not labels:
        return ""
    return f"Restricted: 42 CFR Part 2 record — security labels {', '.join(label.code for label in labels)}"
