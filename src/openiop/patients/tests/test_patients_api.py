from openiop.audit.models import AuditEvent
from openiop.conftest import signed_in


def test_the_api_lists_only_patients_of_my_programs(clinician_a, patient_a, patient_b):
    response = signed_in(clinician_a).get("/api/v1/patients/")
    assert response.status_code == 200
    mrns = [row["mrn"] for row in response.json()["results"]]
    assert mrns == [patient_a.mrn]
    assert response.json()["results"][0]["current_episode"]["level_of_care"] == {
        "edition": "asam3",
        "code": "2.1",
        "name": "Intensive Outpatient",
    }


def test_the_api_answers_404_for_a_patient_of_another_program_and_audits_it(clinician_a, patient_b):
    response = signed_in(clinician_a).get(f"/api/v1/patients/{patient_b.pk}/")
    assert response.status_code == 404
    assert patient_b.mrn not in response.content.decode()
    denied = AuditEvent.objects.get(outcome="denied", patient_id=patient_b.pk)
    assert denied.user_id == clinician_a.pk


def test_the_api_refuses_the_record_to_front_desk(front_desk_a, patient_a):
    response = signed_in(front_desk_a).get(f"/api/v1/patients/{patient_a.pk}/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(outcome="denied", user_id=front_desk_a.pk).exists()


def test_the_openapi_schema_describes_the_endpoints(sysadmin):
    response = signed_in(sysadmin).get("/api/v1/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/patients/{patient_id}/" in body and "/api/v1/measures/score" in body
