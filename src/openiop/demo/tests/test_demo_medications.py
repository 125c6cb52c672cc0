from io import StringIO

from django.core.management import call_command

from openiop.medications.models import MatAdministration, MatOrder, Medication
from openiop.screens.models import ScreenResult
from openiop.tasks.models import Task


def test_the_demo_has_mat_patients_weekly_screens_and_one_unexpected_fentanyl_task(db):
    call_command("demo", stdout=StringIO())
    assert set(MatOrder.objects.values_list("medication", flat=True)) == {
        "buprenorphine_naloxone_sl",
        "naltrexone_xr_injection",
        "methadone",
    }
    assert MatAdministration.objects.filter(outcome="given").count() > 10
    assert MatAdministration.objects.exclude(lot_number="").exists()
    assert Medication.objects.filter(source="patient_reported").exists()
    assert ScreenResult.objects.filter(analyte="buprenorphine", result="positive", expected=True).exists()
    unexpected = ScreenResult.objects.filter(result="positive", expected=False)
    assert list(unexpected.values_list("analyte", flat=True)) == ["fentanyl"]
    assert Task.objects.filter(kind="screen_unexpected_result").count() == 1
