"""Shape of the screen form: collection fields and one result per analyte of the panel."""

from django import forms

from openiop.accounts.models import User
from openiop.accounts.roles import CAPABILITIES

from .models import Method, Specimen
from .panels import ANALYTES, Result

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ScreenForm(forms.Form):
    collected_at = forms.DateTimeField(widget=DATETIME_INPUT, label="Collected at", input_formats=["%Y-%m-%dT%H:%M"])
    specimen = forms.ChoiceField(choices=Specimen.choices)
    method = forms.ChoiceField(choices=Method.choices)
    chain_of_custody_id = forms.CharField(
        max_length=60, required=False, label="Chain-of-custody id", help_text="Required for confirmatory lab tests"
    )
    observed = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, label="Collection observed"
    )
    collected_by = _StaffChoice(queryset=User.objects.none())

    def __init__(self, *args, program_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collected_by"].queryset = (
            User.objects.filter(
                is_active=True, role__in=CAPABILITIES["screens.record"], memberships__program_id=program_id
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        for code, analyte in ANALYTES.items():
            self.fields[f"result_{code}"] = forms.ChoiceField(
                label=analyte.label, choices=Result.CHOICES, initial=Result.NOT_TESTED, required=False
            )

    def result_fields(self):
        return [self[f"result_{code}"] for code in ANALYTES]

    def collection_fields(self):
        return [
            self[name]
            for name in ("collected_at", "specimen", "method", "chain_of_custody_id", "observed", "collected_by")
        ]

    def results(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"result_{code}"] or Result.NOT_TESTED for code in ANALYTES}


class MarkExpectedForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why is this positive expected?")
