"""Progress of one patient on one instrument across repeated totals (pure: no ORM, no Django).

Lower totals are better for every instrument that has a total here (PHQ-9, PHQ-2, GAD-7, GAD-2,
AUDIT, AUDIT-C, DAST-10, PCL-5, CIWA-Ar, COWS, SCOFF), so improvement is always a *decrease*
and every rule below is written as a reduction. BAM and the C-SSRS screener define no total,
so they have no progress: ``progress_for`` refuses them.

The rules are data with their sources (DESIGN.md rule 6). The remission thresholds are read
from the instruments' own band data (the top of the "minimal" band) rather than repeated here,
so they cannot drift from the bands the scores were given.

    >>> progress_for("PHQ-9", [18, 12, 7]).response
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .instruments import get_instrument
from .instruments.base import Instrument, ScoringError, describe_value


@dataclass(frozen=True)
class ResponseRule:
    """Response: the latest total is at least ``minimum_reduction_percent`` below the baseline."""

    minimum_reduction_percent: int
    source: str

    def met(self, baseline: int, latest: int) -> bool | None:
        if baseline == 0:
            # Nothing to reduce: a percentage of zero is undefined, so response cannot be judged.
            return None
        # Integer arithmetic so that exactly 50 % is never lost to float rounding.
        return (baseline - latest) * 100 >= self.minimum_reduction_percent * baseline


@dataclass(frozen=True)
class RemissionRule:
    """Remission: the latest total is below ``below``."""

    instrument: str
    below: int
    source: str

    def met(self, latest: int) -> bool:
        return latest < self.below


@dataclass(frozen=True)
class ChangeRule:
    """A decrease of at least ``minimum_decrease`` points from the baseline."""

    instrument: str
    minimum_decrease: int
    source: str

    def met(self, baseline: int, latest: int) -> bool:
        return baseline - latest >= self.minimum_decrease


def _below_minimal_band(instrument_name: str, band_label: str = "minimal") -> int:
    scheme = get_instrument(instrument_name).scheme(None)
    bands = scheme.bands if scheme else ()
    (band,) = (band for band in bands if band.label == band_label)
    return band.high + 1


RESPONSE = ResponseRule(
    minimum_reduction_percent=50,
    source=(
        "Response = a reduction of 50 % or more from the baseline (first) total: the common "
        "measurement-based-care definition, as named in OpenIOP issue #4"
    ),
)

# Response is defined for the depression and anxiety scales; PCL-5 change is judged by the point rules below,
# and a 50 % drop means little on withdrawal scales or screeners.
RESPONSE_INSTRUMENTS = frozenset({"PHQ-9", "GAD-7"})

REMISSION: dict[str, RemissionRule] = {
    "PHQ-9": RemissionRule(
        instrument="PHQ-9",
        below=_below_minimal_band("PHQ-9"),
        source=(
            "Remission = total in the minimal band 0-4 (below 5): Kroenke K, Spitzer RL, Williams JBW, "
            "J Gen Intern Med 2001;16:606 (clinical-standards.md §1.2.1)"
        ),
    ),
    "GAD-7": RemissionRule(
        instrument="GAD-7",
        below=_below_minimal_band("GAD-7"),
        source=(
            "Remission = total in the minimal band 0-4 (below 5): Spitzer RL et al., "
            "Arch Intern Med 2006;166:1092 (clinical-standards.md §1.2.2)"
        ),
    ),
}

_PCL5_CHANGE_SOURCE = "clinical-standards.md §1.1, PCL-5 row: reliable change ≈5 points, clinically meaningful ≈10 [S]"
RELIABLE_CHANGE: dict[str, ChangeRule] = {
    "PCL-5": ChangeRule(instrument="PCL-5", minimum_decrease=5, source=_PCL5_CHANGE_SOURCE),
}
CLINICALLY_MEANINGFUL_CHANGE: dict[str, ChangeRule] = {
    "PCL-5": ChangeRule(instrument="PCL-5", minimum_decrease=10, source=_PCL5_CHANGE_SOURCE),
}


@dataclass(frozen=True)
class Progress:
    """How the totals moved from the first (baseline) to the latest.

    Lower is better for every instrument with a total, so improvement shows as a negative
    ``change`` and ``percent_change``. Every judgement is None when it cannot be made:
    ``change``, ``percent_change``, ``response``, ``remission``, ``reliable_change`` and
    ``clinically_meaningful_change`` need at least two points; ``percent_change`` and
    ``response`` also need a baseline above 0; ``remission`` applies only to the instruments
    in ``REMISSION`` and the two change flags only to those in ``RELIABLE_CHANGE`` and
    ``CLINICALLY_MEANINGFUL_CHANGE`` (PCL-5).
    """

    instrument: str
    baseline: int | None
    latest: int | None
    change: int | None
    percent_change: float | None
    response: bool | None
    remission: bool | None
    reliable_change: bool | None
    clinically_meaningful_change: bool | None
    points: int


def has_progress(instrument_name: str) -> bool:
    """Whether the instrument defines a total whose change over time can be judged."""
    return get_instrument(instrument_name).total_range is not None


def progress_for(instrument_name: str, totals: Sequence[int]) -> Progress:
    """Progress over ``totals``, given in time order (first = baseline, last = latest).

    Raises ``ScoringError`` (a ``ValueError``) for an unknown instrument, an instrument without
    a total (BAM, C-SSRS-Screener), or a total that is not an integer in the instrument's range.
    """
    instrument = get_instrument(instrument_name)
    _check_totals(instrument, totals)
    if not totals:
        return Progress(instrument.name, None, None, None, None, None, None, None, None, 0)
    baseline, latest = totals[0], totals[-1]
    if len(totals) < 2:
        return Progress(instrument.name, baseline, latest, None, None, None, None, None, None, 1)

    remission_rule = REMISSION.get(instrument.name)
    reliable_rule = RELIABLE_CHANGE.get(instrument.name)
    meaningful_rule = CLINICALLY_MEANINGFUL_CHANGE.get(instrument.name)
    return Progress(
        instrument=instrument.name,
        baseline=baseline,
        latest=latest,
        change=latest - baseline,
        percent_change=None if baseline == 0 else (latest - baseline) * 100 / baseline,
        response=RESPONSE.met(baseline, latest) if instrument.name in RESPONSE_INSTRUMENTS else None,
        remission=remission_rule.met(latest) if remission_rule else None,
        reliable_change=reliable_rule.met(baseline, latest) if reliable_rule else None,
        clinically_meaningful_change=meaningful_rule.met(baseline, latest) if meaningful_rule else None,
        points=len(totals),
    )


def _check_totals(instrument: Instrument, totals: Sequence[int]) -> None:
    if instrument.total_range is None:
        raise ScoringError(
            f"{instrument.name} has no total score, so it has no progress over time", instrument=instrument.name
        )
    low, high = instrument.total_range
    for position, total in enumerate(totals, start=1):
        if type(total) is not int or not low <= total <= high:
            raise ScoringError(
                f"{instrument.name} total {position} is {describe_value(total)}; "
                f"totals must be whole numbers from {low} to {high}",
                instrument=instrument.name,
            )
