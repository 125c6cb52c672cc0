"""Forms generated from an instrument's definition; the scoring engine does the real validation."""

from django import forms

from .instruments import ScoringError
from .instruments.base import Instrument, Item
from .presentation import answer_choices, question


def _field_name(item: Item) -> str:
    return f"item_{item.key}"


def _may_be_blank(instrument: Instrument, item: Item) -> bool:
    skipped = {key for rule in instrument.skip_rules for key in rule.skipped}
    return item.optional or item.key in skipped or item.key == "q6_past3mo"


def _label(instrument: Instrument, leaf: Item, parent: Item | None, patient_facing: bool) -> str:
    text = (
        question(leaf, instrument, patient_facing=patient_facing)
        if parent is None
        else (f"{question(parent)}: {leaf.label}")
    )
    # Clinicians see the instrument's own item numbers; the patient's page numbers the questions itself.
    return text if patient_facing else f"{leaf.key}. {text}"


def _coerce(item: Item, raw: str):
    if raw in ("", None):
        return None
    if item.value_type is int:
        return int(raw)
    return raw


class InstrumentForm(forms.Form):
    """One radio group per item (sub-items too), plus the context the instrument needs (e.g. sex)."""

    def __init__(
        self, *args, instrument: Instrument, context_initial: dict | None = None, patient_facing: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.leaf_items: list[tuple[Item, Item | None]] = []  # (item, parent)
        for item in instrument.items:
            for leaf, parent in ((sub, item) for sub in item.sub_items) if item.sub_items else [(item, None)]:
                self.leaf_items.append((leaf, parent))
                self.fields[_field_name(leaf)] = forms.ChoiceField(
                    label=_label(instrument, leaf, parent, patient_facing),
                    choices=(choices := answer_choices(instrument, leaf, patient_facing=patient_facing)),
                    error_messages={"required": "Choose an answer: " + "; ".join(label for _, label in choices) + "."},
                    required=not (_may_be_blank(instrument, leaf) or parent is not None),
                    widget=forms.RadioSelect,
                )
        for option in instrument.context_options:
            self.fields[f"context_{option.key}"] = forms.ChoiceField(
                label=option.key.replace("_", " ").capitalize(),
                choices=[("", "—"), *((str(v), str(v).replace("_", " ").capitalize()) for v in option.allowed)],
                required=option.required,
                initial=(context_initial or {}).get(option.key),
                error_messages={
                    "required": f"{option.key.replace('_', ' ').capitalize()} is needed to score "
                    f"{instrument.name}; allowed values are {', '.join(str(v) for v in option.allowed)}."
                },
            )

    def answers(self):
        data = self.cleaned_data
        if self.instrument.answer_shape == "list":
            values = [_coerce(leaf, data.get(_field_name(leaf))) for leaf, _ in self.leaf_items]
            # A trailing optional item (PHQ-9's unscored difficulty item) is left out when unanswered.
            while values and values[-1] is None and self.leaf_items[len(values) - 1][0].optional:
                values.pop()
            return values
        answers: dict = {}
        for leaf, parent in self.leaf_items:
            value = _coerce(leaf, data.get(_field_name(leaf)))
            if parent is None:
                answers[leaf.key] = value
            elif value is not None:
                answers.setdefault(parent.key, {})[leaf.key] = value
            else:
                answers.setdefault(parent.key, None)
        return answers

    def context(self) -> dict:
        context = {}
        for option in self.instrument.context_options:
            raw = self.cleaned_data.get(f"context_{option.key}")
            if raw:
                # Back to the allowed value's own type (CIWA-Ar's seizures_or_delirium is a bool).
                context[option.key] = next(v for v in option.allowed if str(v) == raw)
        return context

    def add_scoring_error(self, error: ScoringError) -> None:
        field = f"item_{error.item}" if error.item and f"item_{error.item}" in self.fields else None
        if field is None and error.item and f"context_{error.item}" in self.fields:
            field = f"context_{error.item}"
        self.add_error(field, str(error))


class SelfReportLinkForm(forms.Form):
    instrument = forms.ChoiceField()
    mode = forms.ChoiceField(
        choices=[
            ("self_report", "Link for the patient's own phone or computer (expires in 72 hours)"),
            ("kiosk", "Clinic kiosk: open it now on the clinic tablet (expires in 1 hour)"),
        ],
        widget=forms.RadioSelect,
        initial="self_report",
    )

    def __init__(self, *args, instruments: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = instruments


class RescoreForm(forms.Form):
    scheme = forms.ChoiceField(label="Band scheme")

    def __init__(self, *args, instrument: Instrument, exclude: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [
            (s.name, f"{s.name} — {s.source}") for s in instrument.band_schemes if s.name != exclude
        ]


class AcknowledgeForm(forms.Form):
    action = forms.ChoiceField(label="Action taken")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="What was done")

    def __init__(self, *args, **kwargs):
        from .models import AlertAction

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = AlertAction.choices
        allowed = "; ".join(label for _, label in AlertAction.choices)
        self.fields["action"].error_messages = {
            "required": f"Choose the action taken: {allowed}.",
            "invalid_choice": f"%(value)s is not one of the actions: {allowed}.",
        }
