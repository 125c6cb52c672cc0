"""Generic validation and scoring driven by ``Instrument`` data.

Instrument modules call these; only rules that cannot be expressed as data (the C-SSRS risk
ladder, BAM's nested item 7) add code of their own. The list path is the hot path for bulk
scoring, so it does one type check and one dict lookup per answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import (
    BandScheme,
    Instrument,
    Item,
    ScoreResult,
    ScoringError,
    describe_allowed,
    describe_value,
)

_NO_CONTEXT: Mapping[str, Any] = {}


def item_error(instrument: Instrument, item: Item, value: Any) -> ScoringError:
    allowed = describe_allowed(item.allowed)
    if item.optional:
        allowed += " or null"
    return ScoringError(
        f"{instrument.name} {item.ref}: {describe_value(value)} is not allowed; allowed values are {allowed}",
        instrument=instrument.name,
        item=item.key,
    )


def check_context(instrument: Instrument, context: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Validate the context keys this instrument uses; other keys are ignored on purpose,
    because callers pass one patient context to every instrument."""
    if context is None:
        context = _NO_CONTEXT
    elif not isinstance(context, Mapping):
        raise ScoringError(
            f"{instrument.name} context must be an object, got {type(context).__name__}",
            instrument=instrument.name,
        )
    for option in instrument.context_options:
        value = context.get(option.key)
        allowed = describe_allowed(option.allowed)
        if value is None:
            if option.required:
                raise ScoringError(
                    f'{instrument.name} context "{option.key}" is required; allowed values are {allowed}',
                    instrument=instrument.name,
                    item=option.key,
                )
            continue
        if type(value) is not type(option.allowed[0]) or value not in option.allowed:
            raise ScoringError(
                f'{instrument.name} context "{option.key}": {describe_value(value)} is not allowed; '
                f"allowed values are {allowed}",
                instrument=instrument.name,
                item=option.key,
            )
    return context


def check_list(instrument: Instrument, answers: Any) -> list[int]:
    """Validate answers given in item order and return the points of each answer."""
    if not isinstance(answers, list | tuple):
        raise ScoringError(
            f"{instrument.name} expects a list of answers in item order, got {type(answers).__name__}",
            instrument=instrument.name,
        )
    items = instrument.items
    count = len(answers)
    if count < instrument.required_answers or count > len(items):
        raise ScoringError(_count_message(instrument, count), instrument=instrument.name)
    points: list[int] = []
    append = points.append
    for item, value in zip(items, answers, strict=False):
        # ``type(...) is`` rather than isinstance: True must not pass as 1, nor 2.0 as 2.
        if type(value) is item.value_type:
            point = item.points_by_value.get(value)
            if point is not None:
                append(point)
                continue
        elif value is None and item.optional:
            append(0)
            continue
        raise item_error(instrument, item, value)
    return points


def _count_message(instrument: Instrument, count: int) -> str:
    message = f"{instrument.name} expects {instrument.required_answers} answers, got {count}"
    optional = [item.ref for item in instrument.items if item.optional]
    if optional:
        message += f" ({', '.join(optional)} may follow as an optional answer)"
    return message


def check_object(instrument: Instrument, answers: Any) -> dict[str, Any]:
    """Validate answers keyed by item key, including skip logic and nested sub-items.

    A missing key is treated like null, so forms may omit skipped questions. Returns every
    item key mapped to its validated value (None where skipped or left blank).
    """
    if not isinstance(answers, Mapping):
        raise ScoringError(
            f"{instrument.name} expects an object keyed by {_keys(instrument.items)}, got {type(answers).__name__}",
            instrument=instrument.name,
        )
    known = {item.key for item in instrument.items}
    for key in answers:
        if type(key) is not str:
            message = f'{instrument.name}: answer key {key!r} must be text, e.g. "{key}"'
            raise ScoringError(message, instrument=instrument.name)
        if key not in known:
            raise ScoringError(
                f"{instrument.name}: unknown answer key {describe_value(key)}; "
                f"expected keys are {_keys(instrument.items)}",
                instrument=instrument.name,
            )
    values: dict[str, Any] = {}
    for item in instrument.items:
        value = answers.get(item.key)
        if value is not None:
            if item.sub_items:
                _check_sub_items(instrument, item, value)
            elif type(value) is not item.value_type or value not in item.allowed:
                raise item_error(instrument, item, value)
        values[item.key] = value

    skipped: dict[str, Any] = {}
    for rule in instrument.skip_rules:
        if values[rule.when_key] == rule.when_value:
            for key in rule.skipped:
                skipped[key] = rule
    for item in instrument.items:
        value = values[item.key]
        rule = skipped.get(item.key)
        if rule is not None and value is not None:
            trigger = instrument.item(rule.when_key)
            raise ScoringError(
                f"{instrument.name} {item.ref} must be null because {trigger.ref} is "
                f"{describe_value(rule.when_value)} (skip logic: {rule.explanation})",
                instrument=instrument.name,
                item=item.key,
            )
        if rule is None and value is None and not item.optional:
            raise ScoringError(
                f"{instrument.name} {item.ref} is required{_asked_because(instrument, item, values)}; "
                f"allowed values are {describe_allowed(item.allowed)}",
                instrument=instrument.name,
                item=item.key,
            )
    return values


def _asked_because(instrument: Instrument, item: Item, values: dict[str, Any]) -> str:
    """Explain why a question that skip logic can hide was asked this time."""
    for rule in instrument.skip_rules:
        trigger_value = values[rule.when_key]
        if item.key in rule.skipped and trigger_value is not None:
            return f" because {instrument.item(rule.when_key).ref} is {describe_value(trigger_value)}"
    return ""


def _check_sub_items(instrument: Instrument, item: Item, value: Any) -> None:
    if not isinstance(value, Mapping):
        raise ScoringError(
            f"{instrument.name} {item.ref}: {describe_value(value)} is not allowed; expected null or an "
            f"object keyed by {_keys(item.sub_items)}",
            instrument=instrument.name,
            item=item.key,
        )
    by_key = {sub.key: sub for sub in item.sub_items}
    for key, sub_value in value.items():
        sub = by_key.get(key)
        if sub is None:
            raise ScoringError(
                f"{instrument.name} {item.ref}: unknown sub-item {describe_value(key)}; "
                f"expected keys are {_keys(item.sub_items)}",
                instrument=instrument.name,
                item=item.key,
            )
        if type(sub_value) is not sub.value_type or sub_value not in sub.allowed:
            raise item_error(instrument, sub, sub_value)


def _keys(items: tuple[Item, ...]) -> str:
    return ", ".join(item.key for item in items)


def band_for(scheme: BandScheme | None, score: int, context: Mapping[str, Any]) -> str | None:
    if scheme is None:
        return None
    variant = context.get(scheme.context_key) if scheme.context_key else None
    return scheme.label_for(score, variant)


def score_list(
    instrument: Instrument,
    answers: Any,
    context: Mapping[str, Any] | None = None,
    scheme: str | None = None,
) -> ScoreResult:
    """Score a summed instrument whose answers come as a list in item order."""
    # Answers first: they are what a person typed, so their errors matter most.
    points = check_list(instrument, answers)
    context = check_context(instrument, context)
    chosen = instrument.scheme(scheme)
    total = sum(points)
    return ScoreResult(
        instrument=instrument.name,
        total=total,
        band=band_for(chosen, total, context),
        flags=tuple(rule.flag for rule in instrument.flag_rules if rule.applies(points, total, context)),
        subscores={name: sum(points[i] for i in idx) for name, idx in instrument.subscale_indices},
        scheme=chosen.name if chosen else None,
        scheme_version=chosen.version if chosen else None,
    )
