from io import StringIO

from django.core.management import call_command

from openiop.medications.models import Allergy, AllergyStatus, MatOrder
from openiop.medications.selectors import allergy_status_for_patients


def test_demo_patients_have_allergies_or_no_known_allergies_and_every_mat_patient_has_them_recorded(db):
    call_command("demo", stdout=StringIO())
    active = Allergy.objects.filter(status=AllergyStatus.ACTIVE)
    assert active.filter(no_known_allergies=True).exists()
    assert active.filter(allergen="Penicillin", reaction="Hives", severity="moderate").exists()
    mat_patients = set(MatOrder.objects.values_list("patient_id", flat=True))
    states = allergy_status_for_patients(mat_patients)
    assert {line.state for line in states.values()} <= {"allergies", "none"}
