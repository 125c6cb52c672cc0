from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm

from openiop.programs.models import Program

from .roles import Role


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # django-axes counts failures through authenticate(request=...), and refuses locked-out users.
        self.user = authenticate(self.request, username=data["username"], password=data["password"])
        if self.user is None:
            raise forms.ValidationError("The user name or password is not right.")
        return data


class OneTimeCodeInput(forms.TextInput):
    """Visible while typed, never rendered back: a rejected one-time code is not shown again."""

    def format_value(self, value):
        return None


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=OneTimeCodeInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip().replace(" ", "")


class NewStaffForm(forms.Form):
    username = forms.RegexField(
        regex=r"^[a-z0-9._-]{3,150}$",
        max_length=150,
        label="User name",
        help_text="Lower-case letters, digits, dots, dashes; e.g. jane.doe",
        error_messages={"invalid": "Use 3 or more lower-case letters, digits, dots or dashes."},
    )
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    credentials = forms.CharField(max_length=60, required=False, help_text="e.g. LCSW, LADC, MD, RN")
    role = forms.ChoiceField(choices=Role.choices)
    programs = forms.ModelMultipleChoiceField(
        queryset=Program.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )


class StaffForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    programs = forms.ModelMultipleChoiceField(
        queryset=Program.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(required=False, label="Active (may sign in)")


class NewPasswordChangeForm(PasswordChangeForm):
    """The new password must differ from the current one (a temporary password may not be kept)."""

    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and self.user.check_password(new):
            raise forms.ValidationError("Choose a password different from the current one.", code="password_unchanged")
        return new


class SigningPinForm(forms.Form):
    current_password = forms.CharField(
        label="Your current password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    pin = forms.CharField(
        label="New signing PIN",
        max_length=12,
        help_text="4 to 12 digits. You type it (or your password) each time you sign a note, plan or summary.",
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    pin_again = forms.CharField(
        label="The same PIN again",
        max_length=12,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class SigningSecretField(forms.CharField):
    """The password or signing PIN a signer types to sign; never rendered back."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your password or signing PIN")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 128)
        kwargs.setdefault("widget", forms.PasswordInput(attrs={"autocomplete": "off"}))
        kwargs.setdefault("help_text", "Signing is an act of identity: it asks who you are again.")
        super().__init__(**kwargs)
