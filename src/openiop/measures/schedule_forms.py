from django import forms

from .instruments import INSTRUMENTS
from .models import ScheduleTrigger


class ScheduleRuleForm(forms.Form):
    instrument = forms.ChoiceField(choices=[(name, i.title) for name, i in INSTRUMENTS.items()])
    trigger = forms.ChoiceField(choices=ScheduleTrigger.choices)
    interval_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="Days",
        help_text="Every N days (14 = every two weeks), or N days after discharge",
    )
    window_days = forms.IntegerField(min_value=0, max_value=60, initial=3, label="Overdue after (days)")
