"""Shapes of the medication forms; the rules (who may prescribe, dose against the order) live in services."""

from django import forms

from openiop.accounts.models import User
from openiop.accounts.roles import Role
from openiop.patients.forms import DATE_INPUT

from .mat import CATALOGUE, INDICATIONS
from .models import AdministrationOutcome, AllergySeverity, DoseUnit, Frequency, MatOrderStatus, MedicationSource, Route

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YES_NO = [("", "—"), ("yes", "Yes"), ("no", "No")]


def _staff(program_id: int, roles):
    return (
        User.objects.filter(is_active=True, role__in=roles, memberships__program_id=program_id)
        .distinct()
        .order_by("last_name", "first_name")
    )


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class MedicationForm(forms.Form):
    name = forms.CharField(max_length=120)
    dose_amount = forms.DecimalField(label="Dose", max_digits=10, decimal_places=3)
    dose_unit = forms.ChoiceField(label="Unit", choices=DoseUnit.choices)
    route = forms.ChoiceField(choices=Route.choices)
    frequency = forms.ChoiceField(choices=Frequency.choices)
    frequency_detail = forms.CharField(
        max_length=120, required=False, label="Frequency detail", help_text="e.g. at bedtime"
    )
    source = forms.ChoiceField(choices=MedicationSource.choices, widget=forms.RadioSelect)
    prescriber = _StaffChoice(queryset=User.objects.none(), required=False, label="Prescriber here")
    outside_prescriber_name = forms.CharField(max_length=120, required=False, label="Outside prescriber")
    started_on = forms.DateField(widget=DATE_INPUT, label="Start date")

    def __init__(self, *args, program_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prescriber"].queryset = _staff(program_id, [Role.PRESCRIBER])


class AllergyForm(forms.Form):
    allergen = forms.CharField(max_length=120, help_text="A medication, food or substance, e.g. penicillin")
    reaction = forms.CharField(max_length=200, required=False, help_text="e.g. hives, anaphylaxis, nausea")
    severity = forms.ChoiceField(choices=[("", "—"), *AllergySeverity.choices])


class StopForm(forms.Form):
    stopped_on = forms.DateField(widget=DATE_INPUT, label="Stop date")
    reason = forms.CharField(max_length=300, label="Why was it stopped?")


class ErrorForm(forms.Form):
    reason = forms.CharField(max_length=300, label="What was wrong with this entry?")


class MatOrderForm(forms.Form):
    medication = forms.ChoiceField(label="MAT medication", choices=[(m.code, m.name) for m in CATALOGUE.values()])
    dose_amount = forms.DecimalField(label="Dose", max_digits=10, decimal_places=3)
    dose_unit = forms.ChoiceField(label="Unit", choices=DoseUnit.choices)
    route = forms.ChoiceField(choices=Route.choices)
    frequency = forms.ChoiceField(choices=Frequency.choices)
    indication = forms.ChoiceField(choices=list(INDICATIONS.items()))
    prescriber = _StaffChoice(queryset=User.objects.none())
    started_on = forms.DateField(widget=DATE_INPUT, label="Start date")
    otp_name = forms.CharField(max_length=120, required=False, label="Opioid treatment program (methadone)")
    dispensing_schedule = forms.CharField(max_length=120, required=False, help_text="Methadone: e.g. daily observed")
    take_homes_allowed = forms.ChoiceField(choices=YES_NO, required=False, label="Take-home doses allowed (methadone)")
    take_home_doses = forms.IntegerField(min_value=0, required=False, label="Number of take-home doses")

    def __init__(self, *args, program_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prescriber"].queryset = _staff(program_id, [Role.PRESCRIBER])

    def take_homes(self) -> bool | None:
        return _yes_no(self.cleaned_data.get("take_homes_allowed", ""))


class _OrderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.summary} (since {obj.started_on:%Y-%m-%d})"


class AdministrationForm(forms.Form):
    order = _OrderChoice(queryset=None, label="MAT order", empty_label=None, required=False)
    given_at = forms.DateTimeField(widget=DATETIME_INPUT, label="Date and time", input_formats=["%Y-%m-%dT%H:%M"])
    outcome = forms.ChoiceField(choices=AdministrationOutcome.choices, widget=forms.RadioSelect, initial="given")
    dose_amount = forms.DecimalField(label="Dose given", max_digits=10, decimal_places=3, required=False)
    dose_unit = forms.ChoiceField(label="Unit", choices=DoseUnit.choices, initial=DoseUnit.MG, required=False)
    route = forms.ChoiceField(choices=[("", "—"), *Route.choices], required=False)
    lot_number = forms.CharField(max_length=60, required=False, help_text="Injectables")
    injection_site = forms.CharField(max_length=60, required=False, help_text="Injections")
    given_by = _StaffChoice(queryset=User.objects.none(), help_text="A nurse or prescriber")
    observed = forms.ChoiceField(choices=YES_NO[1:], initial="yes", label="Dose observed", widget=forms.RadioSelect)
    dose_difference_reason = forms.CharField(
        max_length=300, required=False, label="Why the dose differs from the order"
    )
    not_given_reason = forms.CharField(max_length=300, required=False, label="Why missed or refused")

    def __init__(self, *args, patient, program_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import MatOrder

        # Doses are given in this program under this program's orders (decision 0009).
        self.fields["order"].queryset = MatOrder.objects.filter(
            patient=patient, status=MatOrderStatus.ACTIVE, episode__program_id=program_id
        )
        self.fields["given_by"].queryset = _staff(program_id, [Role.NURSE, Role.PRESCRIBER])

    def observed_value(self) -> bool:
        return self.cleaned_data.get("observed") == "yes"
