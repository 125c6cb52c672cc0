"""Security labels for records that carry substance-use-disorder information (clinical-standards.md §4.1,
§6.2): exports and, later, FHIR resources carry them so downstream systems can enforce Part 2."""

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


PART2 = SecurityLabel(ACT_CODE, "42CFRPart2", "42 CFR Part 2")
RESTRICTED = SecurityLabel(CONFIDENTIALITY, "R", "restricted")
ETH = SecurityLabel(ACT_CODE, "ETH", "substance abuse information sensitivity")
NO_REDISCLOSURE = SecurityLabel(ACT_CODE, "NORDSCLCD", "no redisclosure without consent directive")

SUD_LABELS = (PART2, RESTRICTED, ETH, NO_REDISCLOSURE)
# Programs whose records are Part 2 records: they hold SUD diagnosis and treatment.
SUD_FOCUSES = frozenset({"substance_use", "co_occurring"})


def labels_for(programs) -> tuple[SecurityLabel, ...]:
    """The labels for records drawn from ``programs``: all four when any of them is a SUD program."""
    return SUD_LABELS if any(p.clinical_focus in SUD_FOCUSES for p in programs) else ()
