from django import forms

from .hours_rules import PAYER_RULES
from .models import PACKET_DOCUMENTS, WEEKDAYS

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


class AdmissionRulesForm(forms.Form):
    min_age = forms.IntegerField(
        required=False, min_value=0, max_value=120, label="Youngest age admitted", help_text="Empty: no lower bound."
    )
    max_age = forms.IntegerField(
        required=False, min_value=0, max_value=120, label="Oldest age admitted", help_text="Empty: no upper bound."
    )
    packet_documents = forms.MultipleChoiceField(
        choices=list(PACKET_DOCUMENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        label="Consent-to-treat packet",
        help_text="Signed by the patient (or guardian) before admission.",
    )


class PhaseForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="e.g. Phase 2 (three days)")
    order = forms.IntegerField(label="Place", help_text="1 is the most intensive")
    weekdays = forms.MultipleChoiceField(
        choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple, label="Days of the track attended"
    )
    description = forms.CharField(max_length=300, required=False)
