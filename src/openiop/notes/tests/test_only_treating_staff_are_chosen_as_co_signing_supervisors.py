"""Co-signing supervisors are treating staff who may co-sign (a supervisor also reads the supervisee's SUD
counselling notes, 42 CFR 2.11), and only note writers are supervised (12.12). The settings page offers no one
else, and the service refuses anyone else, naming the field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.notes.models import NoteSupervision
from openiop.notes.services import note_supervision_set

NOT_TREATING = ("front_desk_a", "billing_a", "peer_support_a", "intake_a")


def _choices(form, field: str) -> set[int]:
    return {user.pk for user in form.fields[field].queryset}


def test_the_settings_page_offers_treating_staff_only(request, client_for, director_a, clinician_a, nurse_a, program_a):
    others = [request.getfixturevalue(name) for name in NOT_TREATING]
    response = client_for(director_a).get(reverse("notes:settings"), {"program": program_a.pk})
    form = response.context["supervision_form"]
    supervisors, supervisees = _choices(form, "supervisor"), _choices(form, "supervisee")
    assert director_a.pk in supervisors
    assert not {u.pk for u in others} & supervisors
    assert {clinician_a.pk, nurse_a.pk} <= supervisees
    assert not {u.pk for u in others} & supervisees


@pytest.mark.parametrize("persona", NOT_TREATING)
def test_a_non_treating_supervisor_is_refused(request, client_for, director_a, clinician_a, program_a, persona):
    other = request.getfixturevalue(persona)
    response = client_for(director_a).post(
        f"{reverse('notes:settings')}?program={program_a.pk}",
        {"action": "supervision", "supervisee": clinician_a.pk, "supervisor": other.pk},
    )
    assert response.status_code == 200 and "supervisor" in response.context["supervision_form"].errors
    assert not NoteSupervision.objects.exists()
    with pytest.raises(ValidationError) as refused:
        note_supervision_set(acting_user=director_a, program=program_a, supervisee=clinician_a, supervisor=other)
    assert "supervisor" in refused.value.message_dict


@pytest.mark.parametrize("persona", NOT_TREATING)
def test_only_note_writers_are_supervised(request, director_a, program_a, persona):
    other = request.getfixturevalue(persona)
    with pytest.raises(ValidationError) as refused:
        note_supervision_set(acting_user=director_a, program=program_a, supervisee=other, supervisor=director_a)
    assert "supervisee" in refused.value.message_dict
    assert not NoteSupervision.objects.exists()
