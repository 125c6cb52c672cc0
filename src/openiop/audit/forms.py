from django import forms

from .models import Action, Outcome
from .selectors import SORTABLE_COLUMNS


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    username = forms.CharField(required=False, label="User name", max_length=150)
    mrn = forms.CharField(required=False, label="Patient MRN", max_length=20)
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *Action.choices])
    outcome = forms.ChoiceField(required=False, choices=[("", "Any outcome"), *Outcome.choices])
    sort = forms.ChoiceField(
        required=False,
        choices=[(c, c) for c in SORTABLE_COLUMNS] + [(f"-{c}", f"-{c}") for c in SORTABLE_COLUMNS],
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("'From' must be on or before 'To'.")
        return data
