from django import forms

from openiop.patients.forms import DATE_INPUT

from .codes import CODE_SET_VERSION, get_code
from .models import DiagnosisRank


class DiagnosisForm(forms.Form):
    code = forms.CharField(
        label="ICD-10-CM code",
        max_length=10,
        help_text=f"Search by code (F11.2) or words (opioid dep) and pick one. {CODE_SET_VERSION}.",
    )
    rank = forms.ChoiceField(label="Rank", choices=DiagnosisRank.choices, widget=forms.RadioSelect)
    diagnosed_on = forms.DateField(label="Date of diagnosis", widget=DATE_INPUT)
    onset_on = forms.DateField(label="Onset", required=False, widget=DATE_INPUT)

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if get_code(code) is None:
            raise forms.ValidationError(f"{code} is not in the {CODE_SET_VERSION} list; search and pick a code.")
        return code


class ResolveForm(forms.Form):
    resolved_on = forms.DateField(label="Resolved on", widget=DATE_INPUT)
    note = forms.CharField(label="Note", max_length=300, required=False)


class MarkErrorForm(forms.Form):
    note = forms.CharField(label="What was wrong", max_length=300)
