from django import forms

from openiop.patients.forms import DATE_INPUT
from openiop.programs.models import Program

from .models import ConsentKind, DisclosureMethod, ExpiryKind, InformationCategory, SignatureMethod, SignerRelationship
from .services import TPO_PURPOSE, TPO_RECIPIENTS


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(choices=ConsentKind.choices, label="Kind of consent")
    disclosing_party = forms.CharField(max_length=300, label="Who may disclose")
    information = forms.MultipleChoiceField(
        choices=InformationCategory.choices, widget=forms.CheckboxSelectMultiple, label="Information covered"
    )
    information_detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="The information, described specifically",
        help_text="As the patient would say it, e.g. 'my attendance and drug-screen results since admission'",
    )
    recipient_name = forms.CharField(max_length=300, label="Recipient (name or class)", initial=TPO_RECIPIENTS)
    recipient_is_covered_entity = forms.BooleanField(
        required=False, label="The recipient is a HIPAA covered entity or business associate (TPO)"
    )
    purpose = forms.CharField(max_length=300, initial=TPO_PURPOSE)
    expiry_kind = forms.ChoiceField(choices=ExpiryKind.choices, label="Expires")
    expires_on = forms.DateField(widget=DATE_INPUT, required=False, label="Expiry date")
    expiry_event = forms.CharField(max_length=300, required=False, label="Expiry event or condition")
    signed_by_name = forms.CharField(max_length=200, label="Signed by (full name)")
    signer_relationship = forms.ChoiceField(choices=SignerRelationship.choices, label="Signer is")
    signed_on = forms.DateField(widget=DATE_INPUT, label="Date signed")
    signature_method = forms.ChoiceField(choices=SignatureMethod.choices, widget=forms.RadioSelect)
    document = forms.FileField(required=False, label="Signed form (PDF, PNG or JPEG)")

    def __init__(self, *args, disclosing_party: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosing_party"].initial = disclosing_party


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(widget=DATE_INPUT, label="Date of the written revocation")
    revocation_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="The patient's written revocation"
    )
    document = forms.FileField(required=False, label="Or the signed letter (PDF, PNG or JPEG)")


class ReleaseForm(forms.Form):
    information = forms.MultipleChoiceField(
        choices=InformationCategory.choices, widget=forms.CheckboxSelectMultiple, label="Information to release"
    )
    # API disclosures are made by the outside party's own registered system, never from this form.
    method = forms.ChoiceField(
        choices=[(value, label) for value, label in DisclosureMethod.choices if value != DisclosureMethod.API],
        label="How it is sent",
    )
    purpose = forms.CharField(max_length=300, required=False, help_text="Empty: the consent's purpose")


class OutsidePartyForm(forms.Form):
    name = forms.CharField(
        max_length=300,
        label="Organisation",
        help_text="Exactly as consents name the recipient, e.g. 'Blue Prairie Health Plan'",
        error_messages={"required": "Give the organisation's name exactly as consents name the recipient."},
    )
    receives_under_tpo = forms.BooleanField(
        required=False,
        label="Treating provider, health plan or payer: it may receive under a patient's TPO consent",
    )
    programs = forms.ModelMultipleChoiceField(
        queryset=Program.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        label="Programs whose patients it may ask about",
        error_messages={"required": "Choose the programs whose patients it may ask about."},
    )
