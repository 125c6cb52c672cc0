"""Shorthand for building the item tuples that most instruments share."""

from __future__ import annotations

from collections.abc import Sequence

from .base import YES_NO, Item


def numbered_items(
    labels: Sequence[str],
    allowed: tuple[int, ...],
    loincs: Sequence[str] | None = None,
) -> tuple[Item, ...]:
    """Items numbered from 1 that all share one response scale."""
    codes = list(loincs) if loincs is not None else [None] * len(labels)
    return tuple(
        Item(key=str(number), label=label, allowed=allowed, loinc=code)
        for number, (label, code) in enumerate(zip(labels, codes, strict=True), start=1)
    )


def yes_no_items(labels: Sequence[str], reverse_scored: frozenset[int] = frozenset()) -> tuple[Item, ...]:
    """Yes/no items numbered from 1 scoring Yes = 1, except reverse-scored numbers where No = 1."""
    return tuple(
        Item(
            key=str(number),
            label=label,
            allowed=YES_NO,
            points=(0, 1) if number in reverse_scored else (1, 0),
            reverse_scored=number in reverse_scored,
        )
        for number, label in enumerate(labels, start=1)
    )


def zero_to(top: int) -> tuple[int, ...]:
    return tuple(range(top + 1))
