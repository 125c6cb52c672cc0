"""Decision 0009 (42 CFR 2.12(c)(3)): a substance-use program's records reach the staff of the organization's
mental-health program only when the patient's care moves there (a transfer, with what moved recorded) or under
a consent naming that program, and the other way round. Each chart tab shows a program's staff its own
program's records, plus what moved, in the same number of queries.

Program A is the SUD program (clinician_a), program B the MH program (clinician_b); see two_programs_fixture.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from openiop.conftest import count_queries
from openiop.consent.services import consent_record
from openiop.core.timezones import local_today
from openiop.programs.models import RecordScope

from .patient_record_fixture import build_two_program_patients, more_sud_records


def _build(request, **kwargs):
    names = ("make_patient", "make_user", "program_a", "program_b", "clinician_a", "clinician_b")
    names += ("prescriber_a", "nurse_a", "intake_a")
    return build_two_program_patients(**{n: request.getfixturevalue(n) for n in names}, **kwargs)


@pytest.fixture
def patients(db, request):
    return _build(request)


def _ids(objects) -> set[int]:
    return {o[0].pk if isinstance(o, tuple) else o.pk for o in objects}


def shown(client, patient) -> dict[str, set[int]]:
    """The record ids each chart tab shows (from what the page rendered), and the header's MAT line."""
    pid = patient.pk

    def context(name):
        response = client.get(reverse(name, args=[pid]))
        assert response.status_code == 200, name
        return response.context

    meds = context("medications:chart")
    plans = context("plans:chart")
    continuity = context("continuity:chart")
    return {
        "plan": _ids(plans.get("other_plans", [])) | ({plans["plan"].pk} if plans.get("plan") else set()),
        "summary": _ids(continuity["moved_summaries"])
        | {d["summary"].pk for d in continuity["discharged"] if d["summary"]},
        "medication": _ids(meds["current"] + meds["history"]),
        "mat_order": _ids(meds["orders"]),
        "dose": _ids(meds["administrations"]),
        "mat_header": meds["mat_status"](),
        "screen": _ids(context("screens:chart")["collections"]),
        "measures": _ids(context("measures:chart")["responses"]),
        "consent": _ids(context("consent:chart")["consents"]),
        "diagnosis": _ids(context("diagnoses:chart")["diagnoses"]),
        "note": _ids(context("notes:chart")["notes"]),
        "assessment": _ids(context("intake:chart")["assessments"]),
    }


KINDS = ("medication", "mat_order", "dose", "screen", "measures", "consent", "diagnosis", "note", "assessment")
KINDS += ("plan", "summary")


def _opens(client, url: str) -> int:
    return client.get(url).status_code


def test_mental_health_staff_see_none_of_the_sud_record_of_a_patient_in_both_programs(
    patients, client_for, clinician_b
):
    dual = patients["dual"]
    seen = shown(client_for(clinician_b), dual.patient)
    for kind in KINDS:
        assert not dual.sud.ids(kind) & seen[kind], f"the MH clinician sees the SUD program's {kind}"
    assert seen["mat_header"] == ""
    assert dual.mh.ids("measures") <= seen["measures"] and dual.mh.ids("diagnosis") <= seen["diagnosis"]


def test_sud_staff_see_none_of_the_mental_health_record_of_a_patient_in_both_programs(
    patients, client_for, clinician_a
):
    dual = patients["dual"]
    seen = shown(client_for(clinician_a), dual.patient)
    assert not dual.mh.ids("measures") & seen["measures"], "the SUD clinician sees the PCL-5"
    assert not dual.mh.ids("diagnosis") & seen["diagnosis"]
    for kind in KINDS:
        assert dual.sud.ids(kind) <= seen[kind], f"the SUD clinician misses their own program's {kind}"


def test_a_record_opened_by_its_id_is_not_found_in_the_other_program(patients, client_for, clinician_b):
    dual, client = patients["dual"], client_for(clinician_b)
    pid = dual.patient.pk
    audit = dual.sud.measures[0]
    assert _opens(client, reverse("measures:response", args=[pid, audit.pk])) == 404
    assert _opens(client, reverse("screens:collection", args=[pid, dual.sud.screen.pk])) == 404
    assert _opens(client, reverse("consent:document", args=[pid, dual.sud.consent.pk])) == 404
    assert _opens(client, reverse("notes:detail", args=[pid, dual.sud.note.pk])) == 404
    assert _opens(client, reverse("intake:assessment", args=[pid, dual.sud.assessment.pk])) == 404
    assert _opens(client, reverse("medications:stop", args=[pid, dual.sud.medication.pk])) == 404


def test_an_audit_c_from_a_finished_sud_episode_stays_with_the_sud_program(patients, client_for, clinician_b):
    alumnus, client = patients["alumnus"], client_for(clinician_b)
    seen = shown(client, alumnus.patient)
    assert not alumnus.sud.ids("measures") & seen["measures"]
    assert not alumnus.sud.ids("summary") & seen["summary"]
    summary_url = reverse("continuity:summary", args=[alumnus.patient.pk, alumnus.sud.summary.pk])
    assert _opens(client, summary_url) == 404


def test_the_record_moves_with_the_patients_care_on_a_transfer(patients, client_for, clinician_b):
    transferred, client = patients["transferred"], client_for(clinician_b)
    seen = shown(client, transferred.patient)
    for kind in KINDS:
        assert transferred.sud.ids(kind) <= seen[kind], f"the {kind} did not move with the transfer"
    assert "buprenorphine" in seen["mat_header"]
    summary_url = reverse("continuity:summary", args=[transferred.patient.pk, transferred.sud.summary.pk])
    assert _opens(client, summary_url) == 200


def test_what_the_transfer_leaves_behind_stays_with_the_sud_program(request, client_for, clinician_b):
    transferred = _build(request, records_moved=["medications"])["transferred"]
    seen = shown(client_for(clinician_b), transferred.patient)
    assert transferred.sud.ids("medication") <= seen["medication"]
    assert transferred.sud.ids("mat_order") <= seen["mat_order"]
    for kind in ("screen", "measures", "consent", "diagnosis", "note", "assessment", "plan", "summary"):
        assert not transferred.sud.ids(kind) & seen[kind], f"the {kind} moved though the transfer left it behind"


def test_a_consent_naming_the_mental_health_program_opens_what_it_covers(
    patients, client_for, clinician_a, clinician_b, program_a
):
    dual = patients["dual"]
    today = local_today(program_a.time_zone)
    consent_record(
        acting_user=clinician_a,
        patient=dual.patient,
        kind="specific",
        disclosing_party="Test Health — Program A",
        information=["drug_screens"],
        information_detail="My drug screens, for my therapist",
        recipient_name="program b",
        recipient_is_covered_entity=False,
        purpose="At my request",
        expiry_kind="date",
        expires_on=today + timedelta(days=30),
        expiry_event="",
        signed_by_name=dual.patient.legal_name,
        signer_relationship="patient",
        signed_on=today,
        signature_method="on_screen",
    )
    seen = shown(client_for(clinician_b), dual.patient)
    assert dual.sud.ids("screen") <= seen["screen"]
    for kind in ("medication", "mat_order", "measures", "diagnosis", "note"):
        assert not dual.sud.ids(kind) & seen[kind], f"a drug-screen consent opened the {kind}"


def test_an_organization_may_choose_to_share_records_between_its_programs(
    patients, client_for, clinician_b, organization
):
    organization.record_scope = RecordScope.ORGANIZATION
    organization.save(update_fields=["record_scope"])
    dual = patients["dual"]
    seen = shown(client_for(clinician_b), dual.patient)
    for kind in KINDS:
        assert dual.sud.ids(kind) <= seen[kind], f"a sharing organization hides the {kind}"


def test_the_default_is_that_records_follow_their_program(organization):
    assert organization.record_scope == RecordScope.PROGRAM


def test_chart_tabs_take_the_same_queries_however_many_records_the_other_program_has(
    patients, client_for, clinician_b, clinician_a, nurse_a
):
    dual, client = patients["dual"], client_for(clinician_b)
    tabs = ("medications:chart", "screens:chart", "measures:chart", "diagnoses:chart", "consent:chart")
    tabs += ("notes:chart", "intake:chart")
    before = {tab: count_queries(client, reverse(tab, args=[dual.patient.pk])) for tab in tabs}
    more_sud_records(dual.sud.episode, clinician=clinician_a, nurse=nurse_a)
    after = {tab: count_queries(client, reverse(tab, args=[dual.patient.pk])) for tab in tabs}
    assert after == before


def test_another_programs_score_neither_shows_nor_counts_in_the_measures_due(
    patients, clinician_a, clinician_b, program_b
):
    """The MH program gives AUDIT at admission: the SUD program's AUDIT of today does not make it done."""
    from openiop.measures.models import MeasureScheduleRule
    from openiop.measures.selectors import measures_due

    MeasureScheduleRule.objects.create(program=program_b, instrument="AUDIT", trigger="admission", window_days=3)
    dual = patients["dual"]
    due = measures_due(user=clinician_b, patient_id=dual.patient.pk)
    assert [item.instrument for item, _status in due] == ["AUDIT"]
