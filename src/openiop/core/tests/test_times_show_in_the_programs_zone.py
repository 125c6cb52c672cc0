"""Times are stored in UTC and shown in the program's time zone (the zone the middleware activates for the user),
with the zone named once on the page: no screen mixes a UTC time with a local one."""

import re
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from openiop.measures.models import SelfReportLink
from openiop.privacy.models import BreakGlassAccess

ZONE = ZoneInfo("America/New_York")  # both test programs' zone


def _emergency_form(patient):
    return {
        "mrn": patient.mrn,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "receiving_personnel": "Dr. Ana Ruiz",
        "receiving_facility": "County General ED",
        "disclosing_person": "Casey B",
        "occurred_at": timezone.localtime(timezone=ZONE).strftime("%Y-%m-%dT%H:%M"),
        "emergency_nature": "Unresponsive after suspected overdose; ED needs current medications",
        "attest": "on",
    }


def test_the_emergency_access_message_and_banner_give_the_same_local_end_time(patient_a, clinician_b, client_for):
    page = (
        client_for(clinician_b)
        .post(reverse("privacy:break_glass"), _emergency_form(patient_a), follow=True)
        .content.decode()
    )

    ends = timezone.localtime(BreakGlassAccess.objects.get().expires_at, ZONE)
    assert f"ends at {ends:%H:%M}" in page
    assert f"until {ends:%H:%M}" in page
    assert "UTC" not in page


def test_a_self_report_links_expiry_is_local_and_not_labelled_utc(patient_a, clinician_a, client_for):
    page = (
        client_for(clinician_a)
        .post(reverse("measures:link", args=[patient_a.pk]), {"instrument": "PHQ-9", "mode": "self_report"})
        .content.decode()
    )

    expires = timezone.localtime(SelfReportLink.objects.get().expires_at, ZONE)
    assert f"until {expires:%Y-%m-%d %H:%M}" in page
    assert "UTC" not in page


def test_every_staff_page_names_the_programs_zone_once(patient_a, clinician_a, client_for):
    page = client_for(clinician_a).get(reverse("episodes:dashboard")).content.decode()

    assert len(re.findall(r"America/New_York", page)) == 1
    assert "Times in America/New_York" in page
