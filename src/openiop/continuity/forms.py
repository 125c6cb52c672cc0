"""Shapes of the continuity forms; the services hold the rules."""

from django import forms

from openiop.accounts.forms import SigningSecretField
from openiop.patients.forms import DATE_INPUT

from .checkin_rules import DAYS_MAX, DAYS_MIN
from .codes import EmploymentStatus, PatientSignatureMethod, ReferralCategory, ReferralStatus, SupportGroup

TEXT = {"rows": 4}
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SummaryForm(forms.Form):
    medications = forms.CharField(
        widget=forms.Textarea(attrs=TEXT),
        required=False,
        label="Medications at discharge",
        help_text="Starts from the Medications tab's list and MAT orders in force on the discharge date (shown "
        "above); note changes and instructions here. Printed for the patient.",
    )
    clinician_narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        label="Clinician narrative",
        help_text="Course of treatment, progress, condition at discharge. Required to sign.",
    )
    recommendations = forms.CharField(widget=forms.Textarea(attrs=TEXT), required=False, help_text="Required to sign.")


class AftercareForm(forms.Form):
    next_provider_name = forms.CharField(max_length=200, required=False, label="Next provider")
    next_provider_address = forms.CharField(max_length=300, required=False, label="Provider address")
    next_provider_phone = forms.CharField(max_length=40, required=False, label="Provider phone")
    first_appointment_at = forms.DateTimeField(
        widget=DATETIME_INPUT,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        required=False,
        label="First appointment (date and time)",
    )
    support_groups = forms.MultipleChoiceField(
        choices=SupportGroup.choices, widget=forms.CheckboxSelectMultiple, required=False, label="Support groups"
    )
    support_groups_other = forms.CharField(max_length=300, required=False, label="Other groups (meeting, place, time)")
    medications_to_continue = forms.CharField(widget=forms.Textarea(attrs=TEXT), required=False)
    relapse_triggers = forms.CharField(widget=forms.Textarea(attrs=TEXT), required=False, label="Triggers")
    coping_strategies = forms.CharField(widget=forms.Textarea(attrs=TEXT), required=False, label="Coping strategies")
    warning_signs = forms.CharField(widget=forms.Textarea(attrs=TEXT), required=False, label="Warning signs")
    local_crisis_line = forms.CharField(
        max_length=120,
        required=False,
        label="Local crisis line",
        help_text="The 988 Suicide & Crisis Lifeline is always printed on the plan.",
    )
    emergency_contacts = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Emergency contacts (name, relation, phone)"
    )


class SignForm(forms.Form):
    typed_name = forms.CharField(max_length=200, required=False, label="Type your full name to sign")
    signing_secret = SigningSecretField()


class PatientSignForm(forms.Form):
    """The patient's signature on the locked aftercare plan (the service holds the rules)."""

    signed_name = forms.CharField(max_length=200, required=False, label="Patient's full name")
    signed_on = forms.DateField(widget=DATE_INPUT, required=False, label="Date signed")
    method = forms.ChoiceField(
        choices=PatientSignatureMethod.choices, widget=forms.RadioSelect, initial="drawn", label="Signature"
    )
    drawn_signature = forms.CharField(widget=forms.HiddenInput, required=False)
    typed_signature = forms.CharField(
        max_length=200, required=False, label="Typed signature", help_text="The patient types their full name."
    )
    scan = forms.FileField(required=False, label="Scan or photo of the signed paper copy (PNG or JPEG)")


class ReferralForm(forms.Form):
    category = forms.ChoiceField(choices=ReferralCategory.choices)
    agency = forms.CharField(max_length=200, required=False)
    contact = forms.CharField(max_length=200, required=False, help_text="Person, phone or e-mail")
    reason = forms.CharField(max_length=500, required=False)
    suggested_on = forms.DateField(widget=DATE_INPUT, label="Suggested on")


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ReferralStatus.choices)
    on = forms.DateField(widget=DATE_INPUT, label="Date")
    note = forms.CharField(max_length=300, required=False)


class ReadmitForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False, label="Reason for readmission")


class SettingsForm(forms.Form):
    checkin_days = forms.CharField(
        max_length=300, label="Check-in days after discharge", help_text="Comma-separated, e.g. 30, 60, 90, 120"
    )

    def clean_checkin_days(self):
        raw = self.cleaned_data["checkin_days"]
        try:
            return [int(part) for part in raw.replace(" ", "").split(",") if part]
        except ValueError as error:
            raise forms.ValidationError("Use whole numbers separated by commas, e.g. 30, 60, 90.") from error


YES_NO = [("yes", "Yes"), ("no", "No")]


class CheckInForm(forms.Form):
    """The alumni check-in, in the patient's words; BAM-style items about the past 30 days."""

    days_alcohol_use = forms.IntegerField(
        min_value=DAYS_MIN,
        max_value=DAYS_MAX,
        label="In the past 30 days, on how many days did you drink any alcohol?",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    days_drug_use = forms.IntegerField(
        min_value=DAYS_MIN,
        max_value=DAYS_MAX,
        label="In the past 30 days, on how many days did you use any drugs or misuse any prescription medicine?",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    abstinent = forms.ChoiceField(
        choices=YES_NO, widget=forms.RadioSelect, label="Have you stayed free of alcohol and drugs in the past 30 days?"
    )
    employment = forms.ChoiceField(choices=EmploymentStatus.choices, widget=forms.RadioSelect, label="Work right now")
    stable_housing = forms.ChoiceField(
        choices=YES_NO, widget=forms.RadioSelect, label="Do you have a stable place to live?"
    )
    days_support_meetings = forms.IntegerField(
        min_value=DAYS_MIN,
        max_value=DAYS_MAX,
        label="In the past 30 days, on how many days did you go to support meetings (AA, NA, SMART, alumni group)?",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    wants_contact = forms.ChoiceField(
        choices=YES_NO, widget=forms.RadioSelect, label="Would you like someone from the program to contact you?"
    )
    anything_else = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000, label="Anything else?"
    )

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        for field in ("abstinent", "stable_housing", "wants_contact"):
            data[field] = data[field] == "yes"
        return data
