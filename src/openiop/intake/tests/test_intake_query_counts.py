"""The pipeline board and the chart's Intake tab cost the same number of queries whatever the number of rows."""

import pytest

from openiop.conftest import count_queries
from openiop.intake import services
from openiop.intake.models import Stage
from openiop.intake.tests.factories import complete_assessment_data, make_inquiry

pytestmark = pytest.mark.django_db
BUDGET = {"board": 14, "chart tab": 25}  # chart tab + the MAT, allergies and consent status in the header

STAGES = [Stage.NEW, Stage.CONTACTED, Stage.SCREENED, Stage.ASSESSMENT_BOOKED]


def _inquiries(program, user, count, start=0):
    for n in range(start, start + count):
        inquiry = make_inquiry(program, acting_user=user, stage=STAGES[n % 4], first_name=f"Person{n}")
        if n % 5 == 4:
            services.inquiry_move(acting_user=user, inquiry=inquiry, to_stage=Stage.NOT_ADMITTED, reason="Declined")


def test_the_pipeline_board_takes_the_same_queries_for_10_and_40_inquiries(client_for, intake_a, program_a):
    client = client_for(intake_a)
    _inquiries(program_a, intake_a, 10)
    small = count_queries(client, "/intake/")
    _inquiries(program_a, intake_a, 30, start=10)
    large = count_queries(client, "/intake/")
    assert large == small <= BUDGET["board"]


def test_the_intake_chart_tab_takes_the_same_queries_however_many_records(
    client_for, clinician_a, patient_a, program_a
):
    client = client_for(clinician_a)

    def add_signed_assessment_with_addenda():
        draft = services.assessment_start(acting_user=clinician_a, patient=patient_a, program=program_a)
        services.assessment_save_draft(acting_user=clinician_a, assessment=draft, data=complete_assessment_data())
        signed = services.assessment_sign(acting_user=clinician_a, assessment=draft)
        for n in range(2):
            services.addendum_add(acting_user=clinician_a, assessment=signed, text=f"Addendum {n}")

    add_signed_assessment_with_addenda()
    small = count_queries(client, f"/patients/{patient_a.pk}/intake/")
    for _ in range(4):
        add_signed_assessment_with_addenda()
    large = count_queries(client, f"/patients/{patient_a.pk}/intake/")
    assert large == small <= BUDGET["chart tab"]
