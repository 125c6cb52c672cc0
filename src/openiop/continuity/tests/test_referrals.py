"""Essential-services referrals: refused input names the field and saves nothing; the status moves
suggested → referred → connected, or ends declined/closed, each stamped with its date; and they work
during treatment, not only at discharge."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.continuity import services
from openiop.continuity.models import ServiceReferral
from openiop.core.timezones import local_today


def _today(episode):
    return local_today(episode.program.time_zone)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "haircut"}, "category"),
        ({"agency": "  "}, "agency"),
        ({"reason": ""}, "reason"),
        ({"suggested_on": None}, "suggested_on"),
        ({"future": True}, "suggested_on"),
    ],
)
def test_it_refuses_a_bad_referral_naming_the_field(patient_a, clinician_a, change, field):
    episode = patient_a.episodes.get()
    data = {"category": "housing", "agency": "Hope Housing", "reason": "Lease ends", "suggested_on": _today(episode)}
    if change.pop("future", False):
        data["suggested_on"] = _today(episode) + timedelta(days=1)
    data |= change
    with pytest.raises(ValidationError) as error:
        services.referral_create(acting_user=clinician_a, episode=episode, **data)
    assert field in error.value.message_dict
    assert ServiceReferral.objects.count() == 0


def test_a_referral_moves_through_its_statuses_with_dates(patient_a, clinician_a):
    episode = patient_a.episodes.get()  # still in treatment
    today = _today(episode)
    referral = services.referral_create(
        acting_user=clinician_a,
        episode=episode,
        category="employment",
        agency="WorkSource",
        reason="Looking for work",
        suggested_on=today - timedelta(days=5),
    )
    assert referral.status == "suggested"
    services.referral_set_status(
        acting_user=clinician_a, referral=referral, status="referred", on=today - timedelta(days=3)
    )
    services.referral_set_status(acting_user=clinician_a, referral=referral, status="connected", on=today)
    referral.refresh_from_db()
    assert (referral.status, referral.referred_on, referral.connected_on) == (
        "connected",
        today - timedelta(days=3),
        today,
    )
    with pytest.raises(ValidationError) as error:
        services.referral_set_status(acting_user=clinician_a, referral=referral, status="referred", on=today)
    assert "closed" in error.value.message_dict["status"][0]
    services.referral_set_status(acting_user=clinician_a, referral=referral, status="closed", on=today, note="Hired")
    referral.refresh_from_db()
    assert (referral.status, referral.closed_on, referral.status_note) == ("closed", today, "Hired")


def test_a_status_date_before_the_last_one_is_refused(patient_a, clinician_a):
    episode = patient_a.episodes.get()
    referral = services.referral_create(
        acting_user=clinician_a,
        episode=episode,
        category="legal",
        agency="Legal Aid",
        reason="Court date",
        suggested_on=_today(episode),
    )
    with pytest.raises(ValidationError) as error:
        services.referral_set_status(
            acting_user=clinician_a, referral=referral, status="referred", on=_today(episode) - timedelta(days=1)
        )
    assert "on" in error.value.message_dict
    referral.refresh_from_db()
    assert (referral.status, referral.referred_on) == ("suggested", None)


def test_the_add_form_rerenders_with_the_input_and_the_field_error(patient_a, clinician_a, client_for):
    response = client_for(clinician_a).post(
        reverse("continuity:referral_add", args=[patient_a.pk]),
        {"category": "housing", "agency": "Hope Housing", "reason": "", "suggested_on": "2020-01-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the reason for the referral." in body and 'value="Hope Housing"' in body
    assert ServiceReferral.objects.count() == 0


def test_the_chart_tab_shows_referrals_in_each_status(patient_a, clinician_a, client_for):
    episode = patient_a.episodes.get()
    for category in ("housing", "transportation"):
        services.referral_create(
            acting_user=clinician_a,
            episode=episode,
            category=category,
            agency=f"{category} agency",
            reason="Needed",
            suggested_on=_today(episode),
        )
    response = client_for(clinician_a).get(reverse("continuity:chart", args=[patient_a.pk]))
    body = response.content.decode()
    assert body.count('data-testid="referral-row"') == 2 and "transportation agency" in body
