"""Safety and escalation flags, described as data.

Each rule names the flag it raises and the published source of its threshold. Rules see the
per-item points in item order, the total, and the validated context. ``only_when`` makes a
rule opt-in through context (used where the reference says the published wording is
ambiguous and the project must choose a reading explicitly).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class _Rule:
    flag: str
    source: str

    def applies(self, points: Sequence[int], total: int, context: Mapping[str, Any]) -> bool:
        raise NotImplementedError

    def _enabled(self, context: Mapping[str, Any]) -> bool:
        only_when = getattr(self, "only_when", None)
        return only_when is None or context.get(only_when[0]) == only_when[1]


@dataclass(frozen=True)
class TotalAtLeast(_Rule):
    threshold: int
    only_when: tuple[str, Any] | None = None

    def applies(self, points, total, context):
        return self._enabled(context) and total >= self.threshold


@dataclass(frozen=True)
class ItemAtLeast(_Rule):
    """Raised when any of the listed items (0-based positions) reaches ``threshold`` points."""

    positions: tuple[int, ...]
    threshold: int
    only_when: tuple[str, Any] | None = None

    def applies(self, points, total, context):
        return self._enabled(context) and any(points[p] >= self.threshold for p in self.positions)


@dataclass(frozen=True)
class ItemsSumAtLeast(_Rule):
    positions: tuple[int, ...]
    threshold: int
    only_when: tuple[str, Any] | None = None

    def applies(self, points, total, context):
        return self._enabled(context) and sum(points[p] for p in self.positions) >= self.threshold


@dataclass(frozen=True)
class SymptomClusterRule(_Rule):
    """DSM-5 style rule: an item at or above ``symptom_threshold`` counts as a symptom, and
    each cluster (a tuple of 0-based positions) needs at least its minimum count."""

    symptom_threshold: int
    clusters: tuple[tuple[tuple[int, ...], int], ...]

    def applies(self, points, total, context):
        return all(
            sum(1 for p in positions if points[p] >= self.symptom_threshold) >= minimum
            for positions, minimum in self.clusters
        )
