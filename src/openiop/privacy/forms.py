from django import forms
from django.utils import timezone

from openiop.accounts.models import User
from openiop.accounts.roles import CLINICAL_ROLES, Role
from openiop.patients.forms import DATE_INPUT


class BreakGlassForm(forms.Form):
    mrn = forms.CharField(label="Patient MRN", max_length=12)
    date_of_birth = forms.DateField(widget=DATE_INPUT, label="Patient's date of birth")
    receiving_personnel = forms.CharField(
        max_length=200, label="Receiving medical personnel", help_text="Name of the doctor, nurse or paramedic"
    )
    receiving_facility = forms.CharField(max_length=200, label="Their facility", help_text="e.g. County ED")
    disclosing_person = forms.CharField(max_length=200, label="Person making the disclosure")
    occurred_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    emergency_nature = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Nature of the medical emergency", max_length=2000
    )
    attest = forms.BooleanField(
        label="This is a bona fide medical emergency and the patient's consent cannot be obtained (42 CFR 2.51).",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosing_person"].initial = user.display_name
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class ReviewForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Review outcome")


class RestrictForm(forms.Form):
    mrn = forms.CharField(label="Patient MRN", max_length=12)
    allowed_users = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True, role__in=CLINICAL_ROLES | {Role.BILLING, Role.FRONT_DESK}),
        label="Staff who keep access",
        help_text="Everyone else sees nothing of the patient (break-glass excepted).",
    )
    reason = forms.CharField(max_length=300, help_text="e.g. the patient is a staff member")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allowed_users"].queryset = self.fields["allowed_users"].queryset.order_by("last_name")
        self.fields["allowed_users"].label_from_instance = lambda u: f"{u.display_name} ({u.get_role_display()})"


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        max_length=100, label="Find a patient", help_text="Name or MRN; patients of every program are searched."
    )
