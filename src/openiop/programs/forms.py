from django import forms

from .hours_rules import PAYER_RULES
from .models import WEEKDAYS

WEEKDAY_CHOICES = list(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


class ProgramSettingsForm(forms.Form):
    payer_codes = forms.MultipleChoiceField(
        choices=[(code, f"{rule.title} — {rule.requirement}") for code, rule in PAYER_RULES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Payer rules checked each week",
    )
    plan_review_days = forms.IntegerField(
        label="Treatment-plan review every (days)", help_text="Also due on every level-of-care change."
    )
    phone = forms.CharField(
        max_length=30,
        required=False,
        label="Program phone",
        help_text="Shown to patients, e.g. with the crisis lines after a self-report that needs follow-up.",
    )


class PhaseForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="e.g. Phase 2 (three days)")
    order = forms.IntegerField(label="Place", help_text="1 is the most intensive")
    weekdays = forms.MultipleChoiceField(
        choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple, label="Days of the track attended"
    )
    description = forms.CharField(max_length=300, required=False)
