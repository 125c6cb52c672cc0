"""Turn answers in the scoring engine's shape into the POST data the generated InstrumentForm expects.

One radio group per item named ``item_<key>`` (sub-items by their own key, BAM ``item_7A``); a null answer
(a skipped C-SSRS question, BAM item 7 left empty) is sent blank; context values as ``context_<key>``.
"""

from openiop.measures.instruments import get_instrument


def _encode(value) -> str:
    return "" if value is None else str(value)


def form_data(instrument_name: str, answers, context: dict | None = None) -> dict[str, str]:
    instrument = get_instrument(instrument_name)
    data: dict[str, str] = {}
    if instrument.answer_shape == "list":
        for item, value in zip(instrument.items, answers, strict=False):
            data[f"item_{item.key}"] = _encode(value)
    else:
        for item in instrument.items:
            value = answers.get(item.key)
            if item.sub_items:
                nested = value or {}
                for sub in item.sub_items:
                    data[f"item_{sub.key}"] = _encode(nested.get(sub.key))
            else:
                data[f"item_{item.key}"] = _encode(value)
    for key, value in (context or {}).items():
        data[f"context_{key}"] = _encode(value)
    return data
