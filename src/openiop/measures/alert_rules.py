"""Which scored results raise a safety alert (clinical-standards.md §7.2 "Safety flags come before bands").

Data, not code: each rule names the instrument, the flag or band that triggers it, and its source.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AlertRule:
    kind: str
    instrument: str
    severity: str  # "high" or "moderate"
    title: str
    source: str
    flag: str | None = None
    band: str | None = None
    # The patient answered with thoughts of death, self-harm or suicide: a self-report shows them the crisis
    # lines at once (988, 911, the program's phone) instead of the ordinary thank-you page.
    patient_crisis: bool = False

    def matches(self, *, instrument: str, band: str | None, flags) -> bool:
        if instrument != self.instrument:
            return False
        return (self.flag is not None and self.flag in flags) or (self.band is not None and band == self.band)


ALERT_RULES = (
    AlertRule(
        kind="phq9_item9",
        patient_crisis=True,
        instrument="PHQ-9",
        severity="high",
        flag="item9_suicidality_positive",
        title="PHQ-9 item 9 above 0: thoughts of death or self-harm",
        source="clinical-standards.md §1.2.1: item 9 > 0 warrants immediate follow-up whatever the total [S]",
    ),
    AlertRule(
        kind="cssrs_high",
        patient_crisis=True,
        instrument="C-SSRS-Screener",
        severity="high",
        band="high",
        title="C-SSRS high risk: safety precautions until a mental-health professional evaluates",
        source="clinical-standards.md §1.1, §1.2.10: Q4/Q5 yes or behaviour within 3 months [C]",
    ),
    AlertRule(
        kind="cssrs_moderate",
        patient_crisis=True,
        instrument="C-SSRS-Screener",
        severity="moderate",
        band="moderate",
        title="C-SSRS moderate risk",
        source="clinical-standards.md §1.1: Q3 yes, or Q6 yes more than 3 months ago [C principle; mapping S]",
    ),
    AlertRule(
        kind="audit_q9_q10",
        instrument="AUDIT",
        severity="moderate",
        flag="q9_or_q10_scored_4_next_higher_intervention",
        title="AUDIT Q9 or Q10 scored 4: give the next-higher intervention",
        source="clinical-standards.md §1.2.3: WHO AUDIT manual (2001) [C]",
    ),
    AlertRule(
        kind="ciwa_severe",
        instrument="CIWA-Ar",
        severity="high",
        band="severe",
        title="CIWA-Ar severe alcohol withdrawal",
        source="clinical-standards.md §1.2.6: ASAM 2020 severe ≥19 (band scheme as scored) [C]",
    ),
    AlertRule(
        kind="cows_severe",
        instrument="COWS",
        severity="high",
        band="severe",
        title="COWS severe opioid withdrawal (>36)",
        source="clinical-standards.md §1.2.7: Wesson & Ling 2003 [C]",
    ),
)
ALERT_KINDS = {rule.kind: rule for rule in ALERT_RULES}


def shows_crisis_resources(*, instrument: str, band: str | None, flags) -> bool:
    """Whether a self-report with this result shows the patient the crisis page (and raised an alert)."""
    return any(rule.patient_crisis for rule in rules_triggered(instrument=instrument, band=band, flags=flags))


def rules_triggered(*, instrument: str, band: str | None, flags) -> list[AlertRule]:
    return [rule for rule in ALERT_RULES if rule.matches(instrument=instrument, band=band, flags=flags)]
