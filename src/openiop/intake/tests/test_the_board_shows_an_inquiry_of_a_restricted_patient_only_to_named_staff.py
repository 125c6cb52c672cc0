"""The intake board goes through the access policy: an inquiry linked to a restricted patient (e.g. a staff
member who is also a patient) is off the board, and its page "not found", for staff the privacy officer did not
name; the named staff see it. Inquiries not yet linked to a patient stay with the program's intake team."""

from django.urls import reverse

from openiop.intake import services
from openiop.intake.tests.factories import make_inquiry
from openiop.privacy.services import patient_restrict


def test_an_inquiry_of_a_restricted_patient_shows_only_to_named_staff(
    client_for, intake_a, director_a, privacy_officer, program_a, patient_a
):
    linked = make_inquiry(program_a, acting_user=intake_a, first_name="Alma", last_name="Quinlan")
    services.inquiry_link_patient(acting_user=intake_a, inquiry=linked, patient=patient_a)
    make_inquiry(program_a, acting_user=intake_a, first_name="Robin", last_name="Castellano")
    patient_restrict(acting_user=privacy_officer, patient=patient_a, allowed_users=[director_a], reason="Staff")

    board = client_for(intake_a).get(reverse("intake:board")).content.decode()
    assert "Quinlan" not in board and "Castellano" in board
    refused = client_for(intake_a).get(reverse("intake:inquiry", args=[linked.pk]))
    assert refused.status_code == 404 and "Quinlan" not in refused.content.decode()

    assert "Quinlan" in client_for(director_a).get(reverse("intake:board")).content.decode()
    assert client_for(director_a).get(reverse("intake:inquiry", args=[linked.pk])).status_code == 200
