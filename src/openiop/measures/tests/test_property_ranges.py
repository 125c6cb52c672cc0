"""Any valid answer set scores inside the instrument's range; any invalid answer is refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openiop.measures.instruments import INSTRUMENTS, ScoringError, cssrs, score
from openiop.measures.instruments.base import Instrument, describe_allowed

NAMES = sorted(INSTRUMENTS)
LIST_NAMES = [name for name in NAMES if INSTRUMENTS[name].answer_shape == "list"]


def _item_values(item):
    if item.sub_items:
        sub = st.fixed_dictionaries({}, optional={s.key: st.sampled_from(s.allowed) for s in item.sub_items})
        return st.none() | sub
    return st.sampled_from(item.allowed)


def _apply_skips(instrument: Instrument, answers: dict) -> dict:
    for rule in instrument.skip_rules:
        if answers[rule.when_key] == rule.when_value:
            for key in rule.skipped:
                answers[key] = None
    return answers


def valid_answers(instrument: Instrument):
    if instrument.answer_shape == "list":
        required = [st.sampled_from(i.allowed) for i in instrument.items if not i.optional]
        optional = [st.none() | st.sampled_from(i.allowed) for i in instrument.items if i.optional]
        return st.tuples(*required).map(list) | st.tuples(*required, *optional).map(list)
    values = st.fixed_dictionaries({item.key: _item_values(item) for item in instrument.items})
    return values.map(lambda answers: _apply_skips(instrument, answers))


def valid_context(instrument: Instrument):
    return st.fixed_dictionaries(
        {o.key: st.sampled_from(o.allowed) for o in instrument.context_options if o.required},
        optional={o.key: st.sampled_from(o.allowed) for o in instrument.context_options if not o.required},
    )


def known_flags(instrument: Instrument) -> set[str]:
    flags = {rule.flag for rule in instrument.flag_rules}
    return flags | {cssrs.HIGH_RISK_FLAG} if instrument is cssrs.INSTRUMENT else flags


def bad_values(allowed: tuple):
    """Everything an item must refuse: out-of-range and gap integers, look-alike types, other text."""
    return (
        st.integers(min_value=-100, max_value=100).filter(lambda v: v not in allowed)
        | st.booleans()
        | st.floats(allow_nan=False).filter(lambda v: v not in allowed)
        | st.text(max_size=5).filter(lambda v: v not in allowed)
    )


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_valid_answers_score_within_the_instruments_range(name, data):
    instrument = INSTRUMENTS[name]
    answers = data.draw(valid_answers(instrument), label="answers")
    context = data.draw(valid_context(instrument), label="context")
    scheme_names = [scheme.name for scheme in instrument.band_schemes]
    scheme = data.draw(st.sampled_from([None, *scheme_names]), label="scheme")

    result = score(name, answers, context, scheme)

    if instrument.total_range is None:
        assert result.total is None
    else:
        low, high = instrument.total_range
        assert low <= result.total <= high
    if instrument.band_schemes:
        assert result.band in instrument.scheme(scheme).labels()
    else:
        assert result.band is None
    for subscale in instrument.subscales:
        items = [instrument.item(key) for key in subscale.item_keys]
        lowest = sum(item.point_range[0] for item in items)
        highest = sum(item.point_range[1] for item in items)
        assert lowest <= result.subscores[subscale.name] <= highest
    assert set(result.flags) <= known_flags(instrument)
    assert len(set(result.flags)) == len(result.flags)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_invalid_value_for_any_item_is_refused_naming_the_item(name, data):
    instrument = INSTRUMENTS[name]
    answers = data.draw(valid_answers(instrument), label="answers")
    context = data.draw(valid_context(instrument), label="context")
    if instrument.answer_shape == "list":
        position = data.draw(st.integers(0, len(answers) - 1), label="position")
        item = instrument.items[position]
    else:
        item = data.draw(st.sampled_from(instrument.items), label="item")
        position = item.key
    answers[position] = data.draw(bad_values(item.allowed), label="bad value")

    with pytest.raises(ScoringError) as raised:
        score(name, answers, context)

    message = str(raised.value)
    assert re.match(rf"{re.escape(instrument.name)} {re.escape(item.ref)}\b", message), message
    if item.sub_items:
        assert ", ".join(sub.key for sub in item.sub_items) in message
    else:
        assert f"allowed values are {describe_allowed(item.allowed)}" in message


@pytest.mark.parametrize("name", LIST_NAMES)
@given(count=st.integers(min_value=0, max_value=40))
def test_a_list_of_the_wrong_length_is_refused_with_both_counts(name, count):
    instrument = INSTRUMENTS[name]
    if instrument.required_answers <= count <= len(instrument.items):
        return
    answers = [instrument.items[0].allowed[0]] * count
    expected = rf"^{re.escape(name)} expects {instrument.required_answers} answers, got {count}\b"
    with pytest.raises(ScoringError, match=expected):
        score(name, answers)
