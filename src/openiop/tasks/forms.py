from django import forms


class CompleteForm(forms.Form):
    outcome = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Who you reached and the outcome, e.g. 'Called, left a message; rebooked for Thursday'.",
    )
