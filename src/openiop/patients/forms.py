from datetime import date

from django import forms

from openiop.core.validation import phone_problem

from .models import Patient
from .services import DEMOGRAPHIC_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# USPS codes of the states, DC and the territories.
USPS_STATE_CODES = frozenset(
    {
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "AS",
        "GU",
        "MP",
        "PR",
        "VI",
        "UM",
    }
)


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = DEMOGRAPHIC_FIELDS
        widgets = {"date_of_birth": DATE_INPUT}
        help_texts = {
            "preferred_name": "The name staff use when speaking with the patient.",
            "pronouns": "e.g. she/her, he/him, they/them",
            "state": "Two-letter code, e.g. OR",
        }

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = date.today()
        if born > today:
            raise forms.ValidationError("Date of birth cannot be in the future.")
        if today.year - born.year > 120:
            raise forms.ValidationError("Date of birth is more than 120 years ago; check the year.")
        return born

    def clean_state(self):
        state = self.cleaned_data["state"].strip().upper()
        if state and state not in USPS_STATE_CODES:
            raise forms.ValidationError(
                f"{state!r} is not a US state or territory; use the two-letter state code (USPS), e.g. OR, IL, DC, PR."
            )
        return state

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])

    def clean_emergency_contact_phone(self):
        return _clean_phone(self.cleaned_data["emergency_contact_phone"])


def _clean_phone(value: str) -> str:
    value = value.strip()
    if problem := phone_problem(value):
        raise forms.ValidationError(problem)
    return value


class DifferentPersonForm(PatientForm):
    """A new patient's demographics, and — when likely duplicates were found — why this is another person."""

    different_person_reason = forms.CharField(
        required=False,
        max_length=300,
        label="This is a different person: why",
        help_text="Only when possible matches are listed, e.g. 'different middle name and address; checked by phone'.",
    )


def visible_candidates(user, candidates) -> tuple[list, int]:
    """Split likely duplicates into those the user may see (shown) and a count of the others (not shown)."""
    visible_ids = set(
        Patient.objects.visible_to(user).filter(pk__in=[p.pk for p, _ in candidates]).values_list("pk", flat=True)
    )
    shown = [(p, reasons) for p, reasons in candidates if p.pk in visible_ids]
    return shown, len(candidates) - len(shown)


class PatientSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search by name or MRN")
    status = forms.ChoiceField(required=False, label="Episode status")

    def __init__(self, *args, **kwargs):
        from openiop.episodes.models import EpisodeStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *EpisodeStatus.choices]


class MergeForm(forms.Form):
    keep_mrn = forms.CharField(max_length=12, label="MRN of the record to keep")
    duplicate_mrn = forms.CharField(max_length=12, label="MRN of the duplicate (merged into the kept record)")
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Why these are the same person",
        help_text="e.g. 'Registered twice; same DOB, phone and address; confirmed with the patient'.",
    )

    def clean_keep_mrn(self):
        return self.cleaned_data["keep_mrn"].strip().upper()

    def clean_duplicate_mrn(self):
        return self.cleaned_data["duplicate_mrn"].strip().upper()
