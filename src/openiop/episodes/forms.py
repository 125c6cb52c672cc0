from django import forms

from openiop.accounts.models import User
from openiop.accounts.roles import CLINICAL_ROLES, TREATING_ROLES
from openiop.patients.forms import DATE_INPUT, DifferentPersonForm
from openiop.privacy.models import RecordCategory
from openiop.programs.levels import level_choices, parse_level_choice
from openiop.programs.models import Phase, Program, Track

from .codes import DischargeReason, ReferralSource
from .models import EpisodeStatus, LevelOfCareChangeKind, PacketSignatureMethod, PacketSigner

OVERRIDE_HELP = (
    "Program director only: admit although the patient's age is outside the program's bounds or the consent "
    "packet is not signed. Give the reason; it is recorded with your name."
)


class LevelOfCareField(forms.ChoiceField):
    """One select of edition-qualified levels; cleans to a LevelOfCare."""

    def __init__(self, **kwargs):
        super().__init__(choices=level_choices(), **kwargs)

    def validate(self, value):
        # Only "required" here: parse_level_choice names the editions and the codes allowed in them.
        forms.Field.validate(self, value)

    def clean(self, value):
        value = super().clean(value)
        return parse_level_choice(value) if value else None


def _clinicians(programs, roles=TREATING_ROLES):
    return (
        User.objects.filter(is_active=True, role__in=roles, memberships__program__in=programs)
        .distinct()
        .order_by("last_name", "first_name")
    )


class _ProgramScopedForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.programs = Program.objects.filter(pk__in=user.program_ids)
        if "program" in self.fields:
            self.fields["program"].queryset = self.programs
        if "track" in self.fields:
            self.fields["track"].queryset = Track.objects.filter(
                program__in=self.programs, is_active=True
            ).select_related("program")
            self.fields["track"].label_from_instance = lambda t: f"{t.program.short_name} · {t.name}"
        if "phase" in self.fields:
            self.fields["phase"].queryset = Phase.objects.filter(program__in=self.programs).select_related("program")
            self.fields["phase"].label_from_instance = lambda p: f"{p.program.short_name} · {p.name} ({p.weekdays})"
        if "primary_clinician" in self.fields:
            self.fields["primary_clinician"].queryset = _clinicians(self.programs)
            self.fields["primary_clinician"].label_from_instance = lambda u: u.display_name


class RegistrationForm(DifferentPersonForm):
    program = forms.ModelChoiceField(queryset=Program.objects.none())
    track = forms.ModelChoiceField(
        queryset=Track.objects.none(), required=False, help_text="Can be chosen at admission."
    )
    referral_source = forms.TypedChoiceField(
        choices=ReferralSource.choices, coerce=int, help_text="TEDS referral source"
    )
    status = forms.ChoiceField(
        choices=[(EpisodeStatus.PLANNED, "Planned (admission expected)"), (EpisodeStatus.WAITLIST, "Waitlist")]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        programs = Program.objects.filter(pk__in=user.program_ids)
        self.fields["program"].queryset = programs
        self.fields["track"].queryset = Track.objects.filter(program__in=programs, is_active=True).select_related(
            "program"
        )
        self.fields["track"].label_from_instance = lambda t: f"{t.program.short_name} · {t.name}"


class AdmitForm(_ProgramScopedForm):
    admitted_on = forms.DateField(widget=DATE_INPUT, label="Admission date")
    track = forms.ModelChoiceField(queryset=Track.objects.none())
    phase = forms.ModelChoiceField(
        queryset=Phase.objects.none(), required=False, help_text="Empty: the program's first phase, if it has phases."
    )
    level_of_care = LevelOfCareField(label="Level of care")
    primary_clinician = forms.ModelChoiceField(queryset=User.objects.none())
    override_reason = forms.CharField(
        required=False, max_length=500, label="Director override: reason", help_text=OVERRIDE_HELP
    )


class ConsentPacketForm(forms.Form):
    agreed = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="The signer has read and agrees to",
        help_text="Tick each document the signer has read and agrees to; every one is needed.",
        required=False,
    )
    signed_by_name = forms.CharField(max_length=200, label="Signature: type the signer's full name", required=False)
    signer_relationship = forms.ChoiceField(choices=PacketSigner.choices, label="Who signs")
    signature_method = forms.ChoiceField(choices=PacketSignatureMethod.choices, label="How it is signed")
    document = forms.FileField(
        required=False, label="Signed paper packet (PDF, PNG or JPEG)", help_text="Only for a paper packet."
    )

    def __init__(self, *args, program, **kwargs):
        from openiop.programs.models import PACKET_DOCUMENTS

        super().__init__(*args, **kwargs)
        self.fields["agreed"].choices = [(key, PACKET_DOCUMENTS.get(key, key)) for key in program.packet_documents]


class TransferForm(_ProgramScopedForm):
    kind = forms.ChoiceField(
        choices=[
            (LevelOfCareChangeKind.TRANSFER, "Transfer (track or program)"),
            (LevelOfCareChangeKind.STEP_DOWN, "Step down (less intensive)"),
            (LevelOfCareChangeKind.STEP_UP, "Step up (more intensive)"),
        ]
    )
    effective_on = forms.DateField(widget=DATE_INPUT, label="Effective date")
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), help_text="Another program ends this episode and opens a linked one."
    )
    track = forms.ModelChoiceField(queryset=Track.objects.none())
    phase = forms.ModelChoiceField(
        queryset=Phase.objects.none(),
        required=False,
        help_text="Which days of the track the patient attends from the effective date (e.g. Phase 2: 3 days).",
    )
    level_of_care = LevelOfCareField(label="Level of care")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="Clinical reason and supporting evidence (attendance, measures, screens).",
    )
    records_moved = forms.MultipleChoiceField(
        choices=RecordCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Records that move with the patient (to another program only)",
        help_text=(
            "The new program's staff read these parts of this program's record; the rest stays with this "
            "program (42 CFR 2.12(c)(3), decision 0009)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records_moved"].initial = list(RecordCategory.values)


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(widget=DATE_INPUT, label="Discharge date")
    reason = forms.TypedChoiceField(
        choices=DischargeReason.choices,
        coerce=int,
        label="Reason (TEDS)",
        error_messages={
            "invalid_choice": "%(value)s is not a TEDS discharge reason; choose one of: "
            + ", ".join(f"{value} {label}" for value, label in DischargeReason.choices)
            + "."
        },
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=300, required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=EpisodeStatus.choices, label="New status")
    reason = forms.CharField(max_length=300, required=False)


class CareTeamForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label="Staff member")
    team_role = forms.CharField(max_length=60, label="Role on the team")

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _clinicians([program], roles=CLINICAL_ROLES)
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.get_role_display()})"
