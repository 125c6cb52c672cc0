from django import forms

from openiop.accounts.forms import SigningSecretField
from openiop.accounts.models import User
from openiop.core.timezones import local_time
from openiop.schedule.models import APPOINTMENT_TYPES, SessionType

from .formats import FORMAT_CHOICES, FORMATS


class ProgressNoteForm(forms.Form):
    """The draft's sections (from its format), goals addressed, next steps and a late-entry reason."""

    def __init__(self, *args, note_format, goal_choices, **kwargs):
        super().__init__(*args, **kwargs)
        for section in note_format.sections:
            self.fields[f"section_{section.key}"] = forms.CharField(
                label=section.title, help_text=section.prompt, required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        self.fields["goals"] = forms.MultipleChoiceField(
            label="Treatment-plan goals addressed",
            choices=goal_choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="From the plan in force for this episode" if goal_choices else "No plan in force yet",
        )
        self.fields["next_steps"] = forms.CharField(
            label="Next steps", required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        self.fields["late_entry_reason"] = forms.CharField(
            label="Late entry reason",
            required=False,
            max_length=300,
            help_text="Only if you are marking this note as a late entry yourself",
        )


class SignForm(forms.Form):
    typed_name = forms.CharField(label="Type your full name to sign", max_length=200, required=False)
    signing_secret = SigningSecretField()


class AddendumForm(forms.Form):
    text = forms.CharField(label="Addendum", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What should the addendum cover?", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class NoteSettingsForm(forms.Form):
    note_format = forms.ChoiceField(label="Progress-note format", choices=FORMAT_CHOICES)
    late_entry_hours = forms.IntegerField(
        label="Late entry after (hours)",
        min_value=1,
        max_value=720,
        help_text="Individual sessions: program documentation policy (common default 72 h); not a clinical "
        "threshold. Notes to write marks notes overdue after it",
    )
    group_late_entry_hours = forms.IntegerField(
        label="Group notes due within (hours)",
        required=False,
        min_value=1,
        max_value=720,
        help_text="Group sessions: program documentation policy (common default 24 h). Notes to write marks group "
        "notes overdue after it. Empty keeps the current value",
    )


def template_section_keys() -> list[str]:
    """Every section of the DAP, SOAP and BIRP formats, once each, in format order."""
    return list(dict.fromkeys(key for spec in FORMATS.values() for key in spec.section_keys))


class NoteTemplateForm(forms.Form):
    """A program's note template: one text box per section of any format; only the chosen format's are kept
    (the service names a filled box that does not belong to it)."""

    name = forms.CharField(label="Name", max_length=120, required=False, help_text="e.g. Individual session (SOAP)")
    session_types = forms.MultipleChoiceField(
        label="Offered for sessions of type",
        choices=[(value, label) for value, label in SessionType.choices if value in APPOINTMENT_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Individual, family and medication visits; group sessions are documented in the group note",
    )
    note_format = forms.ChoiceField(label="Note format", choices=FORMAT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in template_section_keys():
            spec_names = [name for name, spec in FORMATS.items() if key in spec.section_keys]
            title = next(s.title for spec in FORMATS.values() for s in spec.sections if s.key == key)
            self.fields[f"section_{key}"] = forms.CharField(
                label=f"{title} ({', '.join(spec_names)})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Prefilled text; fill only the sections of the chosen format",
            )

    @property
    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"section_{key}", "") for key in template_section_keys()}


class SupervisionForm(forms.Form):
    supervisee = forms.ModelChoiceField(label="Staff member", queryset=User.objects.none())
    supervisor = forms.ModelChoiceField(
        label="Co-signing supervisor", queryset=User.objects.none(), required=False, help_text="Empty: no co-signature"
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        from openiop.accounts.roles import CAPABILITIES, TREATING_ROLES

        staff = User.objects.filter(memberships__program=program, is_active=True).order_by("last_name", "first_name")
        # Note writers are supervised; treating staff who may co-sign supervise (they also read the supervisee's
        # SUD counselling notes), nobody else (12.12).
        self.fields["supervisee"].queryset = staff.filter(role__in=CAPABILITIES["notes.write"])
        self.fields["supervisor"].queryset = staff.filter(role__in=CAPABILITIES["notes.cosign"] & TREATING_ROLES)
        self.fields["supervisee"].label_from_instance = self.fields["supervisor"].label_from_instance = lambda user: (
            user.display_name
        )


class CounsellingNoteForm(forms.Form):
    """A new SUD counselling note: which attended counselling session, and the note."""

    attendance = forms.TypedChoiceField(label="Counselling session", coerce=int, required=False)
    text = forms.CharField(
        label="Counselling note",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="Kept apart from the record: only you and your supervisor can read it.",
    )

    def __init__(self, *args, attendances=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.attendances = {a.pk: a for a in attendances}
        self.fields["attendance"].choices = [("", "Choose a session")] + [
            (
                a.pk,
                f"{local_time(a.session.starts_at, '%Y-%m-%d')} · {a.session.get_session_type_display()} · "
                f"{a.session.title}",
            )
            for a in attendances
        ]

    def clean_attendance(self):
        value = self.cleaned_data.get("attendance")
        if value in (None, ""):
            raise forms.ValidationError("Choose the counselling session the note is about.")
        return self.attendances[value]


class CounsellingNoteEditForm(forms.Form):
    text = forms.CharField(label="Counselling note", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    typed_name = forms.CharField(
        label="Type your full name to sign (signing locks the note)", max_length=200, required=False
    )
    signing_secret = SigningSecretField()
