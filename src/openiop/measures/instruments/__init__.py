"""Pure-Python scoring for the screening and measurement instruments (no Django).

    >>> score("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 1]).as_dict()["band"]
    'mild'

``score`` raises ``ScoringError`` (a ``ValueError``) for any invalid input, with a message
that names the item and the values it allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import audit, audit_c, bam, ciwa_ar, cows, cssrs, dast10, gad2, gad7, pcl5, phq2, phq9, scoff
from .base import Band, BandScheme, Instrument, Item, ScoreResult, ScoringError, describe_value

_MODULES = (phq9, phq2, gad7, gad2, audit, audit_c, dast10, pcl5, cssrs, ciwa_ar, cows, bam, scoff)

INSTRUMENTS: dict[str, Instrument] = {module.INSTRUMENT.name: module.INSTRUMENT for module in _MODULES}
_SCORERS = {module.INSTRUMENT.name: module.score for module in _MODULES}

__all__ = [
    "INSTRUMENTS",
    "Band",
    "BandScheme",
    "Instrument",
    "Item",
    "ScoreResult",
    "ScoringError",
    "get_instrument",
    "score",
]


def get_instrument(name: str) -> Instrument:
    try:
        return INSTRUMENTS[name]
    except (KeyError, TypeError):
        raise _unknown(name) from None


def score(
    name: str,
    answers: Any,
    context: Mapping[str, Any] | None = None,
    scheme: str | None = None,
) -> ScoreResult:
    """Validate and score one response. ``scheme`` picks a band scheme by name (default: the
    instrument's documented default); ``context`` carries facts such as AUDIT-C ``sex``."""
    try:
        scorer = _SCORERS[name]
    except (KeyError, TypeError):
        raise _unknown(name) from None
    return scorer(answers, context, scheme)


def _unknown(name: Any) -> ScoringError:
    known = ", ".join(INSTRUMENTS)
    return ScoringError(f"Unknown instrument {describe_value(name)}; known instruments are {known}")
