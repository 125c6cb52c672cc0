"""Shapes of the calendar forms. The rules (conflicts, capacity, who may facilitate) live in services."""

from django import forms

from openiop.accounts.models import User
from openiop.accounts.roles import CLINICAL_ROLES
from openiop.patients.forms import DATE_INPUT
from openiop.programs.forms import WEEKDAY_CHOICES
from openiop.programs.models import Program, Track

from .models import APPOINTMENT_TYPES, GROUP_TYPES, Room, SessionType

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _staff(program_ids):
    return (
        User.objects.filter(is_active=True, role__in=CLINICAL_ROLES, memberships__program_id__in=program_ids)
        .distinct()
        .order_by("last_name", "first_name")
    )


class _PlaceFields(forms.Form):
    facilitators = forms.ModelMultipleChoiceField(queryset=User.objects.none(), help_text="Clinical staff")
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=False)
    telehealth_url = forms.URLField(
        assume_scheme="https", required=False, label="Telehealth link", help_text="Instead of, or with, a room"
    )

    def scope(self, program_ids):
        self.fields["facilitators"].queryset = _staff(program_ids)
        self.fields["facilitators"].label_from_instance = lambda u: f"{u.display_name} ({u.get_role_display()})"
        self.fields["room"].queryset = Room.objects.filter(program_id__in=program_ids).select_related("program")
        self.fields["room"].label_from_instance = lambda r: f"{r.program.short_name} · {r.name} (holds {r.capacity})"


class SeriesForm(_PlaceFields):
    program = forms.ModelChoiceField(queryset=Program.objects.none())
    track = forms.ModelChoiceField(
        queryset=Track.objects.none(), required=False, help_text="Its patients are on every session's roster"
    )
    session_type = forms.ChoiceField(
        label="Type", choices=[(v, label) for v, label in SessionType.choices if v in GROUP_TYPES]
    )
    title = forms.CharField(max_length=120, help_text="e.g. Relapse prevention")
    weekdays = forms.MultipleChoiceField(choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple, label="Days")
    start_time = forms.TimeField(widget=TIME_INPUT, help_text="Wall-clock time in the program's time zone")
    duration_minutes = forms.IntegerField(min_value=15, max_value=720, label="Length (minutes)", initial=180)
    starts_on = forms.DateField(widget=DATE_INPUT, label="First day")
    ends_on = forms.DateField(
        widget=DATE_INPUT, required=False, label="Last day", help_text="Empty: laid out 26 weeks ahead"
    )
    capacity = forms.IntegerField(min_value=1, max_value=200, initial=12)
    field_order = ["program", "track", "session_type", "title", "weekdays", "start_time", "duration_minutes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(pk__in=user.program_ids)
        self.fields["track"].queryset = Track.objects.filter(
            program_id__in=user.program_ids, is_active=True
        ).select_related("program")
        self.fields["track"].label_from_instance = lambda t: f"{t.program.short_name} · {t.name}"
        self.scope(user.program_ids)


class AppointmentForm(_PlaceFields):
    session_type = forms.ChoiceField(
        label="Type", choices=[(v, label) for v, label in SessionType.choices if v in APPOINTMENT_TYPES]
    )
    day = forms.DateField(widget=DATE_INPUT, label="Date")
    start_time = forms.TimeField(widget=TIME_INPUT, help_text="In the program's time zone")
    duration_minutes = forms.IntegerField(min_value=15, max_value=240, label="Length (minutes)", initial=50)
    family_members = forms.CharField(
        max_length=200, required=False, help_text="Family therapy: who is invited (e.g. mother, partner)"
    )
    title = forms.CharField(max_length=120, required=False, help_text="Empty: the type of visit")
    field_order = ["session_type", "day", "start_time", "duration_minutes", "facilitators", "room"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope([program.pk])


class TopicForm(forms.Form):
    topic = forms.CharField(max_length=200, required=False, label="Curriculum topic")


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=200, label="Why is it cancelled?")


class MoveForm(forms.Form):
    day = forms.DateField(widget=DATE_INPUT, label="New date")
    start_time = forms.TimeField(widget=TIME_INPUT, label="New start time", help_text="In the program's time zone")
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=False, help_text="Empty: keep the room")

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(program=program)
