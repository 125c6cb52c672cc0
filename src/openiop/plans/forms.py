"""Plan forms. They check shape only; the services hold the rules. Choices come precomputed from the view,
so a page with many objectives renders its staff and diagnosis lists without a query per form."""

from django import forms

from openiop.accounts.forms import SigningSecretField
from openiop.measures.instruments import INSTRUMENTS
from openiop.patients.forms import DATE_INPUT

from .models import ReviewOutcome
from .rules import ASAM_DIMENSIONS, ASAM_DIMENSIONS_EDITION, COMPARATORS, Modality

TEXTAREA = forms.Textarea(attrs={"rows": 2})


def scored_instrument_choices():
    return [("", "— no measure —")] + [(n, f"{n} · {i.title}") for n, i in INSTRUMENTS.items() if i.total_range]


class ProblemForm(forms.Form):
    statement = forms.CharField(label="Problem", widget=TEXTAREA, max_length=2000)
    asam_dimensions = forms.TypedMultipleChoiceField(
        label="ASAM dimensions",
        coerce=int,
        required=False,
        choices=[(n, f"{n}. {name}") for n, name in ASAM_DIMENSIONS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=ASAM_DIMENSIONS_EDITION,
    )
    diagnoses = forms.TypedMultipleChoiceField(
        label="Diagnoses", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, diagnosis_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diagnoses"].choices = list(diagnosis_choices)


class GoalForm(forms.Form):
    statement = forms.CharField(
        label="Goal in the patient's own words", widget=TEXTAREA, max_length=2000, help_text="Quote the patient."
    )


class ObjectiveForm(forms.Form):
    description = forms.CharField(label="Measurable objective", widget=TEXTAREA, max_length=2000)
    target_on = forms.DateField(label="Target date", widget=DATE_INPUT)
    measure_instrument = forms.ChoiceField(label="Measure", required=False, choices=scored_instrument_choices)
    measure_comparator = forms.ChoiceField(
        label="Total should be",
        required=False,
        choices=[("", "—")] + [(k, f"{c.symbol} {c.words}") for k, c in COMPARATORS.items()],
    )
    measure_value = forms.IntegerField(label="Value", required=False)


class InterventionForm(forms.Form):
    modality = forms.ChoiceField(label="Modality", choices=Modality.choices)
    description = forms.CharField(label="What will be done", widget=TEXTAREA, required=False, max_length=2000)
    frequency = forms.CharField(label="Frequency", max_length=100, help_text="e.g. 3 groups/week")
    responsible_staff = forms.TypedChoiceField(label="Responsible staff", coerce=int)

    def __init__(self, *args, staff_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_staff"].choices = [("", "—")] + list(staff_choices)


class SignatureForm(forms.Form):
    typed_name = forms.CharField(label="Type the full name to sign", max_length=200)
    signing_secret = SigningSecretField(help_text="Staff signatures only: signing asks who you are again.")


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label="Review date", widget=DATE_INPUT)
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    outcome = forms.ChoiceField(label="Outcome", choices=ReviewOutcome.choices, widget=forms.RadioSelect)
