"""Intake forms: shape only. Business rules (transitions, required reasons, codes) live in services."""

from django import forms

from openiop.accounts.models import User
from openiop.episodes.codes import ReferralSource
from openiop.episodes.forms import OVERRIDE_HELP, LevelOfCareField, _clinicians
from openiop.patients.forms import DATE_INPUT
from openiop.programs.levels import LEVELS
from openiop.programs.models import Program, Track

from . import asam
from .codes import (
    AgeAtFirstUse,
    Caller,
    Concern,
    Education,
    Employment,
    Frequency,
    LivingArrangement,
    PlannedMedicationAssistedTherapy,
    PreferredTimes,
    PriorEpisodes,
    Route,
    Substance,
)
from .models import ContactMethod, ContactOutcome, DifferenceReason, Stage
from .screening_rules import QUESTIONS, Answer, HigherLevel, Outcome
from .services import ASSESSMENT_TEXT_FIELDS, MAX_SUBSTANCES, SUBSTANCE_SLOTS


def _code_field(choices, label: str, *, required: bool = False, help_text: str = "") -> forms.TypedChoiceField:
    allowed_values = ", ".join(f"{value} {name}" for value, name in choices.choices)
    return forms.TypedChoiceField(
        choices=[("", "—"), *choices.choices],
        coerce=int,
        empty_value=None,
        required=required,
        label=label,
        help_text=help_text,
        error_messages={
            "invalid_choice": f"%(value)s is not allowed for {label}; choose one of: {allowed_values}.",
            "required": f"Choose {label}: {allowed_values}.",
        },
    )


class RequestHelpForm(forms.Form):
    """The public form: as little as we need to call back. ``website`` is a honeypot; ``started`` a signed
    timestamp (see views.request_help for the spam checks)."""

    program = forms.ModelChoiceField(queryset=Program.objects.none(), label="Program you are asking about")
    first_name = forms.CharField(max_length=100, label="First name (or what we should call you)")
    phone = forms.CharField(max_length=30, required=False, label="Phone")
    email = forms.EmailField(required=False, label="Email")
    concern = forms.ChoiceField(
        choices=Concern.choices, widget=forms.RadioSelect, label="What would you like help with?"
    )
    preferred_times = forms.ChoiceField(
        choices=PreferredTimes.choices, widget=forms.RadioSelect, label="When is it best to reach you?"
    )
    consent_to_contact = forms.BooleanField(
        required=False, label="I agree that the program may contact me by phone or email about this request."
    )
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.order_by("name")
        self.fields["program"].label_from_instance = lambda p: p.name


class PhoneInquiryForm(forms.Form):
    program = forms.ModelChoiceField(queryset=Program.objects.none(), label="Program of interest")
    caller = forms.ChoiceField(choices=Caller.choices, label="Who is calling")
    caller_name = forms.CharField(max_length=150, required=False, help_text="When someone calls for another person")
    caller_relationship = forms.CharField(max_length=60, required=False, label="Caller's relationship")
    first_name = forms.CharField(max_length=100, label="First name of the person who needs help")
    last_name = forms.CharField(max_length=100, required=False)
    date_of_birth = forms.DateField(required=False, widget=DATE_INPUT, help_text="Helps find an existing record")
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)
    referral_source = forms.TypedChoiceField(
        choices=[("", "—"), *ReferralSource.choices], coerce=int, label="Referral source (TEDS)"
    )
    concern = forms.ChoiceField(choices=Concern.choices)
    payer_name = forms.CharField(max_length=120, required=False, label="Insurance (payer name)")
    member_id = forms.CharField(max_length=60, required=False, label="Member ID")
    preferred_times = forms.ChoiceField(choices=PreferredTimes.choices)
    consent_to_contact = forms.BooleanField(required=False, label="Agreed that we may call back")
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Notes")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(pk__in=user.program_ids)


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices, label="Move to")
    reason = forms.CharField(max_length=300, required=False, help_text="Required for every exit")
    referred_to = forms.CharField(max_length=200, required=False, help_text="When referred elsewhere")

    def __init__(self, *args, allowed_stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_stages:
            self.fields["to_stage"].choices = [(s, Stage(s).label) for s in allowed_stages]


class ScreeningForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="Clinician's outcome")
    higher_level = forms.ChoiceField(
        choices=[("", "—"), *HigherLevel.choices], required=False, label="Higher level (when recommending higher)"
    )
    referred_to = forms.CharField(max_length=200, required=False, label="Referred out to")
    referral_reason = forms.CharField(max_length=300, required=False, label="Reason for the referral out")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for question in QUESTIONS:
            fields[f"{question.key}_answer"] = forms.ChoiceField(
                choices=Answer.choices, widget=forms.RadioSelect, label=question.text
            )
            fields[f"{question.key}_note"] = forms.CharField(max_length=500, required=False, label="Note")
        self.fields = {**fields, **self.fields}

    def question_rows(self):
        return [(q, self[f"{q.key}_answer"], self[f"{q.key}_note"]) for q in QUESTIONS]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {q.key: {"answer": data[f"{q.key}_answer"], "note": data[f"{q.key}_note"]} for q in QUESTIONS}


class AssessmentForm(forms.Form):
    """Every field optional: a draft may be saved at any point; signing checks the required sections."""

    prior_episodes = _code_field(PriorEpisodes, "Prior treatment episodes (TEDS NOPRIOR)")
    prior_treatment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    mental_health_history = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    trauma_history = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    eating_disorder_history = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    medical_history = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    allergies = forms.CharField(widget=forms.Textarea(attrs={"rows": 1}), required=False, help_text="Or 'None known'")
    current_medications = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="One per line: name, dose, how often"
    )
    family = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    social = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    legal = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    employment = _code_field(Employment, "Employment (TEDS EMPLOY)")
    employment_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 1}), required=False)
    education = _code_field(Education, "Education (TEDS EDUC)")
    living_arrangement = _code_field(LivingArrangement, "Housing (TEDS LIVARAG)")
    housing_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 1}), required=False)
    strengths = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    goals_in_own_words = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Goals, in the person's own words"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = {}
        for index in range(1, MAX_SUBSTANCES + 1):
            slot = SUBSTANCE_SLOTS[index - 1]
            rows[f"substance_{index}_substance"] = _code_field(Substance, f"{slot.title()} substance")
            rows[f"substance_{index}_route"] = _code_field(Route, "Route")
            rows[f"substance_{index}_frequency"] = _code_field(Frequency, "Frequency")
            rows[f"substance_{index}_age_at_first_use"] = _code_field(AgeAtFirstUse, "Age at first use")
        self.fields = {**rows, **self.fields}

    @staticmethod
    def initial_for(assessment) -> dict:
        initial = {name: getattr(assessment, name) for name in (*ASSESSMENT_TEXT_FIELDS, *_CODE_NAMES)}
        for index, row in enumerate(assessment.substances, start=1):
            for name, value in row.items():
                initial[f"substance_{index}_{name}"] = value
        return initial

    def substance_rows(self):
        return [
            [self[f"substance_{i}_{name}"] for name in ("substance", "route", "frequency", "age_at_first_use")]
            for i in range(1, MAX_SUBSTANCES + 1)
        ]

    def data_for_service(self) -> dict:
        data = self.cleaned_data
        result = {name: data[name] for name in (*ASSESSMENT_TEXT_FIELDS, *_CODE_NAMES)}
        result["substances"] = [
            {name: data[f"substance_{i}_{name}"] for name in ("substance", "route", "frequency", "age_at_first_use")}
            for i in range(1, MAX_SUBSTANCES + 1)
        ]
        return result


_CODE_NAMES = ("prior_episodes", "employment", "education", "living_arrangement")


class AddendumForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Addendum")


def _levels_of(edition: str):
    return [
        (f"{lvl.edition}:{lvl.code}", f"{lvl.code} {lvl.name}") for lvl in LEVELS.values() if lvl.edition == edition
    ]


class PlacementForm(forms.Form):
    recommended_level = LevelOfCareField(label="Recommended level (clinician's choice)")
    actual_level = LevelOfCareField(label="Actual level")
    difference_reason = forms.ChoiceField(
        choices=[("", "—"), *DifferenceReason.choices],
        required=False,
        label="Why the actual level differs",
        help_text="Required whenever the actual level differs from the recommended one",
    )
    difference_note = forms.CharField(max_length=300, required=False, label="Note on the difference")

    def __init__(self, *args, edition: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.dimension_set = asam.dimension_set(edition)
        fields = {}
        for dimension in self.dimension_set.dimensions:
            fields[f"{dimension.key}_rating"] = forms.TypedChoiceField(
                choices=[(n, str(n)) for n in range(asam.RATING_MIN, asam.RATING_MAX + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                label=f"Dimension {dimension.number}: {dimension.name}",
            )
            fields[f"{dimension.key}_note"] = forms.CharField(max_length=500, required=False, label="Note")
        self.fields = {**fields, **self.fields}
        for name in ("recommended_level", "actual_level"):
            self.fields[name].choices = [("", "—"), *_levels_of(edition)]

    def dimension_rows(self):
        return [(d, self[f"{d.key}_rating"], self[f"{d.key}_note"]) for d in self.dimension_set.dimensions]

    def ratings(self) -> dict:
        data = self.cleaned_data
        return {
            d.key: {"rating": data[f"{d.key}_rating"], "note": data[f"{d.key}_note"]}
            for d in self.dimension_set.dimensions
        }


class AdmissionForm(forms.Form):
    admitted_on = forms.DateField(widget=DATE_INPUT, label="Admission date")
    track = forms.ModelChoiceField(queryset=Track.objects.none())
    level_of_care = LevelOfCareField(label="Level of care", help_text="Defaults to the placement's actual level")
    primary_clinician = forms.ModelChoiceField(queryset=User.objects.none())
    # Required by admission_admit, which names the allowed codes in its errors.
    prior_episodes = _code_field(PriorEpisodes, "Prior treatment episodes (NOPRIOR)")
    employment = _code_field(Employment, "Employment (EMPLOY)")
    education = _code_field(Education, "Education (EDUC)")
    living_arrangement = _code_field(LivingArrangement, "Living arrangement (LIVARAG)")
    planned_medication_assisted_therapy = _code_field(
        PlannedMedicationAssistedTherapy, "Planned medication-assisted opioid therapy (METHUSE)"
    )
    override_reason = forms.CharField(
        required=False, max_length=500, label="Director override: reason", help_text=OVERRIDE_HELP
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(program=program, is_active=True)
        self.fields["primary_clinician"].queryset = _clinicians([program])
        self.fields["primary_clinician"].label_from_instance = lambda u: u.display_name
        for slot in SUBSTANCE_SLOTS:
            self.fields[f"{slot}_substance"] = _code_field(Substance, f"{slot.title()} substance (SUB)")
            self.fields[f"{slot}_route"] = _code_field(Route, f"{slot.title()} route (ROUTE)")
            self.fields[f"{slot}_frequency"] = _code_field(Frequency, f"{slot.title()} frequency (FREQ)")
            self.fields[f"{slot}_age_at_first_use"] = _code_field(
                AgeAtFirstUse, f"{slot.title()} age at first use (FRSTUSE)"
            )

    def teds(self) -> dict:
        skip = {"admitted_on", "track", "level_of_care", "primary_clinician", "override_reason"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


class ContactAttemptForm(forms.Form):
    method = forms.ChoiceField(choices=ContactMethod.choices, label="How")
    outcome = forms.ChoiceField(choices=ContactOutcome.choices)
    next_attempt_on = forms.DateField(
        widget=DATE_INPUT, required=False, label="Next attempt on", help_text="Empty if no further attempt is planned."
    )
    note = forms.CharField(max_length=300, required=False, help_text="No clinical details; e.g. 'call after 5 pm'.")
