"""Front desk sees schedules and contact details only (issue 8): the patient list gives them the name, MRN,
phone, program and status so they can call about appointments, but not the level of care, and no chart."""

from django.urls import reverse


def test_front_desk_sees_the_phone_but_not_the_level_of_care(client_for, front_desk_a, patient_a):
    patient_a.phone = "555-0142"
    patient_a.save(update_fields=["phone"])
    html = client_for(front_desk_a).get(reverse("patients:list")).content.decode()
    assert "555-0142" in html and patient_a.mrn in html
    assert "Level of care" not in html and "Intensive Outpatient" not in html
    assert reverse("patients:chart", args=[patient_a.pk]) not in html


def test_clinicians_and_billing_see_the_level_of_care(client_for, clinician_a, billing_a, patient_a):
    for user in (clinician_a, billing_a):
        html = client_for(user).get(reverse("patients:list")).content.decode()
        assert "Level of care" in html and "2.1 Intensive Outpatient" in html
