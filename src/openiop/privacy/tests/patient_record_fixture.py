"""One patient record with an object of every kind a page can be keyed by, built through the real services.

Patient A (program A, "Alma Quinlan") was in treatment, was discharged ten days ago (a discharge summary, a
referral and an alumni check-in link on that episode), was readmitted the next day and is in treatment now.
The current episode has a care team (nurse A besides the primary clinician, clinician A), a group session
and an individual appointment with attendance, a signed progress note, a draft group note, a consent with its
signed form, a PHQ-9 with an open safety alert, a diagnosis, a treatment plan (draft), an intake assessment,
a second diagnosis, a medication, a MAT order, a drug screen, a task, the inquiry that led to the readmission, a self-report link
and a break-glass grant (by clinician B) for the privacy officer to review.

The access matrix (test_every_patient_page_denies_by_default) maps every URL's ids onto this record.

Two programs (decision 0009, records follow the program that made them): patients known to a substance-use
(SUD) program and a mental-health (MH) program of one organization, built through the real services.

Program A is the SUD program and program B the MH program (``make_programs_sud_and_mh`` sets their focus). Each
patient has a full set of SUD records (a medication, a buprenorphine order and a dose, a positive fentanyl
screen, AUDIT and DAST-10, a consent, a draft treatment plan, diagnoses, an intake assessment, a signed
progress note) and MH records (PCL-5, a PTSD diagnosis):

- ``dual``: in both programs at once (an open episode in each; nothing moved);
- ``transferred``: in the SUD program, then transferred to the MH program (what moved is recorded); the
  SUD episode's discharge summary was started after the transfer;
- ``alumnus``: finished an SUD episode (an AUDIT-C in it, a discharge summary), later admitted to the MH
  program on their own (not a transfer).
"""

from dataclasses import dataclass, field
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openiop.accounts.roles import Role
from openiop.accounts.testing import signature_of
from openiop.consent.services import consent_record
from openiop.continuity import services as continuity
from openiop.continuity.schedule import checkin_days_for
from openiop.continuity.services import discharge_summary_start
from openiop.core.timezones import local_today
from openiop.diagnoses.services import diagnosis_add
from openiop.episodes.codes import DischargeReason, ReferralSource
from openiop.episodes.services import (
    care_team_add,
    consent_packet_sign,
    episode_admit,
    episode_create,
    episode_discharge,
    episode_transfer,
)
from openiop.episodes.testing import sign_consent_packet
from openiop.intake import services as intake
from openiop.intake.services import assessment_start
from openiop.intake.tests.factories import make_inquiry
from openiop.measures.services import measure_record, self_report_link_issue
from openiop.medications.selectors import allergies_recorded
from openiop.medications.services import (
    allergy_record,
    allergy_record_none,
    mat_administration_record,
    mat_order_create,
    medication_add,
)
from openiop.notes.services import (
    counselling_note_write,
    group_note_start,
    progress_note_sign,
    progress_note_start,
    progress_note_update,
)
from openiop.plans.tests.builders import complete_plan
from openiop.privacy.services import break_glass_open
from openiop.programs.levels import level_of_care
from openiop.programs.models import ClinicalFocus
from openiop.schedule.models import Room
from openiop.schedule.services import appointment_book, attendance_record, series_create
from openiop.screens.services import screen_collection_record
from openiop.tasks.services import task_raise


@dataclass
class PatientRecord:
    patient: object
    program: object
    discharged_episode: object
    episode: object
    care_team_member: object
    group_session: object
    appointment: object
    progress_note: object
    counselling_note: object
    group_note: object
    consent: object
    response: object
    alert: object
    diagnosis: object
    plan: object
    assessment: object
    medication: object
    mat_order: object
    allergy: object
    collection: object
    summary: object
    referral: object
    checkin_day: int
    checkin_token: str
    task: object
    inquiry: object
    grant: object
    self_report_token: str
    facilitator: object
    consent_packet: object

    @property
    def secrets(self) -> list[str]:
        """What a refused response must not show: the patient's surname and MRN."""
        return [self.patient.legal_last_name, self.patient.mrn]


def build_patient_record(*, patient, clinician, director, nurse, prescriber, intake_user, other_clinician):
    """``patient`` has one active episode in ``clinician``'s program, admitted 14 days ago (conftest.make_patient)."""
    first_episode = patient.episodes.select_related("program").get()
    program = first_episode.program
    zone = ZoneInfo(program.time_zone)
    today = local_today(program.time_zone)
    evening = program.tracks.get(time_of_day="evening")

    # The first episode ends; its summary, a referral and an alumni check-in link are made from it.
    discharged = episode_discharge(
        acting_user=clinician,
        episode=first_episode,
        discharged_on=today - timedelta(days=10),
        reason=DischargeReason.COMPLETED,
        note="Completed all phases",
    )
    summary = continuity.discharge_summary_start(acting_user=clinician, episode=discharged)
    referral = continuity.referral_create(
        acting_user=clinician,
        episode=discharged,
        category="housing",
        agency="Hope Housing",
        reason="Lease ends next month",
        suggested_on=discharged.discharged_on,
    )
    checkin_day = checkin_days_for(program)[0]
    _checkin, checkin_token = continuity.checkin_link_issue(
        acting_user=clinician, episode=discharged, day_number=checkin_day
    )

    # The call that led back in: an inquiry linked to the patient, whose readmission is the current episode.
    inquiry = make_inquiry(
        program,
        acting_user=intake_user,
        first_name=patient.legal_first_name,
        last_name=patient.legal_last_name,
        date_of_birth=patient.date_of_birth,
    )
    readmission = continuity.readmission_create(acting_user=clinician, episode=discharged, reason="Relapse")
    # The readmission's consent-to-treat packet: a signed paper packet, scanned.
    consent_packet = consent_packet_sign(
        acting_user=clinician,
        episode=readmission.new_episode,
        agreed=list(program.packet_documents),
        signed_by_name=patient.legal_name,
        signer_relationship="patient",
        signature_method="uploaded",
        document=SimpleUploadedFile("packet.pdf", b"%PDF-1.4 signed packet", content_type="application/pdf"),
    )
    episode = episode_admit(
        acting_user=clinician,
        episode=readmission.new_episode,
        admitted_on=today - timedelta(days=9),
        track=evening,
        level_of_care=level_of_care("asam3", "2.1"),
        primary_clinician=clinician,
    )
    inquiry = intake.inquiry_link_patient(acting_user=intake_user, inquiry=inquiry, patient=patient)
    member = care_team_add(acting_user=clinician, episode=episode, user=nurse, team_role="Nurse")

    # A past evening group and an individual appointment two hours ago, both attended.
    room = Room.objects.create(program=program, name="Group room 1", capacity=12)  # rooms have no service (demo too)
    group_day = today - timedelta(days=7)
    series = series_create(
        acting_user=clinician,
        program=program,
        track=evening,
        session_type="group_therapy",
        title="Evening process group",
        weekdays=[["MO", "TU", "WE", "TH", "FR", "SA", "SU"][group_day.weekday()]],
        start_time=time(18, 0),
        duration_minutes=180,
        starts_on=group_day,
        ends_on=group_day,
        facilitators=[clinician],
        capacity=12,
        room=room,
    )
    group_session = series.sessions.get()
    attendance_record(acting_user=clinician, session=group_session, entries={episode.pk: ("present", None)})
    group_note = group_note_start(acting_user=clinician, session=group_session)
    starts_at = (timezone.now() - timedelta(hours=2, minutes=50)).replace(second=0, microsecond=0)
    appointment = appointment_book(
        acting_user=clinician,
        episode=episode,
        session_type="individual_therapy",
        starts_at=starts_at.astimezone(zone),
        duration_minutes=50,
        facilitators=[clinician],
        telehealth_url="https://telehealth.example.org/room",
    )
    attendance_record(acting_user=clinician, session=appointment, entries={episode.pk: ("present", None)})
    note = progress_note_start(acting_user=clinician, session=appointment, episode=episode)
    progress_note_update(
        acting_user=clinician,
        note=note,
        sections={"data": "Reported three sober days.", "assessment": "Engaged; low risk.", "plan": "Next week."},
    )
    note = progress_note_sign(
        acting_user=clinician, note=note, typed_name=clinician.get_full_name(), signature=signature_of(clinician)
    )
    # The counsellor's own SUD counselling note on the same session, a draft (42 CFR 2.11).
    counselling_note = counselling_note_write(
        acting_user=clinician, session=appointment, episode=episode, text="Grief under the relapse; revisit."
    )

    consent = consent_record(
        acting_user=clinician,
        patient=patient,
        kind="specific",
        disclosing_party=f"{program.organization.name} — {program.name}",
        information=["attendance", "drug_screens"],
        information_detail="My attendance and drug-screen results since admission",
        recipient_name="County Drug Court",
        recipient_is_covered_entity=False,
        purpose="Compliance with drug court",
        expiry_kind="date",
        expires_on=today + timedelta(days=180),
        expiry_event="",
        signed_by_name=patient.legal_name,
        signer_relationship="patient",
        signed_on=today,
        signature_method="uploaded",
        document=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed form", content_type="application/pdf"),
    )
    response = measure_record(
        acting_user=clinician,
        patient=patient,
        episode=episode,
        instrument="PHQ-9",
        answers=[1, 1, 1, 1, 0, 0, 0, 0, 1],  # item 9 above 0 opens a safety alert
    )
    plan = complete_plan(episode, acting_user=clinician)  # a draft plan and its primary diagnosis
    diagnosis = diagnosis_add(
        acting_user=clinician, episode=episode, code="F41.1", rank="secondary", diagnosed_on=today - timedelta(days=8)
    )
    assessment = intake.assessment_start(acting_user=intake_user, patient=patient, program=program)
    medication = medication_add(
        acting_user=clinician,
        patient=patient,
        episode=episode,
        name="Sertraline",
        dose_amount="50",
        dose_unit="mg",
        route="oral",
        frequency="daily",
        source="patient_reported",
        started_on=today - timedelta(days=30),
    )
    allergy = allergy_record(
        acting_user=nurse, patient=patient, allergen="Penicillin", reaction="Hives", severity="moderate"
    )
    mat_order = mat_order_create(
        acting_user=prescriber,
        patient=patient,
        episode=episode,
        medication="buprenorphine_naloxone_sl",
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
        frequency="daily",
        indication="oud",
        prescriber=prescriber,
        started_on=today - timedelta(days=7),
    )
    collection = screen_collection_record(
        acting_user=nurse,
        patient=patient,
        episode=episode,
        collected_at=timezone.now() - timedelta(hours=1),
        observed=True,
        specimen="urine",
        method="presumptive",
        collected_by=nurse,
        results={"fentanyl": "positive"},  # unexpected: it also raises a task
    )
    task = task_raise(
        acting_user=clinician,
        episode=episode,
        kind="general",
        title="Call about the housing referral",
        due_on=today + timedelta(days=2),
        assigned_to=clinician,
    )
    _link, self_report_token = self_report_link_issue(
        acting_user=clinician, patient=patient, episode=episode, instrument="GAD-7"
    )
    grant = break_glass_open(
        acting_user=other_clinician,
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        receiving_personnel="Dr. Ana Ruiz",
        receiving_facility="County General ED",
        disclosing_person="Clinician B",
        occurred_at=timezone.now(),
        emergency_nature="Overdose; ED needs the medication list",
    )
    return PatientRecord(
        patient=patient,
        program=program,
        discharged_episode=discharged,
        episode=episode,
        care_team_member=member,
        group_session=group_session,
        appointment=appointment,
        progress_note=note,
        counselling_note=counselling_note,
        group_note=group_note,
        consent=consent,
        response=response,
        alert=response.alerts.get(),
        diagnosis=diagnosis,
        plan=plan,
        assessment=assessment,
        medication=medication,
        mat_order=mat_order,
        allergy=allergy,
        collection=collection,
        summary=summary,
        referral=referral,
        checkin_day=checkin_day,
        checkin_token=checkin_token,
        task=task,
        inquiry=inquiry,
        grant=grant,
        self_report_token=self_report_token,
        facilitator=clinician,
        consent_packet=consent_packet,
    )


# ---- two programs: an SUD and an MH program of one organization (decision 0009) ---------------------------


def make_programs_sud_and_mh(program_a, program_b):
    """Program A treats substance use, program B mental health (the names consents use stay "Program A/B")."""
    program_a.clinical_focus = ClinicalFocus.SUBSTANCE_USE
    program_a.save(update_fields=["clinical_focus"])
    program_b.clinical_focus = ClinicalFocus.MENTAL_HEALTH
    program_b.save(update_fields=["clinical_focus"])


@dataclass
class ProgramRecords:
    """The records one program made about one patient (ids by kind)."""

    episode: object
    medication: object = None
    mat_order: object = None
    dose: object = None
    screen: object = None
    measures: list = field(default_factory=list)
    consent: object = None
    diagnosis: object = None
    assessment: object = None
    note: object = None
    plan: object = None
    summary: object = None

    def ids(self, kind: str) -> set[int]:
        value = getattr(self, kind)
        values = value if isinstance(value, list) else [value]
        return {v.pk for v in values if v is not None}


@dataclass
class TwoProgramPatient:
    patient: object
    sud: ProgramRecords
    mh: ProgramRecords


def _admit(program, patient, *, clinician, days_ago: int):
    episode = episode_create(
        acting_user=clinician, patient=patient, program=program, referral_source=ReferralSource.INDIVIDUAL
    )
    sign_consent_packet(episode, acting_user=clinician)
    return episode_admit(
        acting_user=clinician,
        episode=episode,
        admitted_on=local_today(program.time_zone) - timedelta(days=days_ago),
        track=program.tracks.first(),
        level_of_care=level_of_care("asam3", "2.1"),
        primary_clinician=clinician,
    )


def _note(episode, clinician, hours_ago: int):
    starts_at = (timezone.now() - timedelta(hours=hours_ago)).replace(second=0, microsecond=0)
    appointment = appointment_book(
        acting_user=clinician,
        episode=episode,
        session_type="individual_therapy",
        starts_at=starts_at,
        duration_minutes=50,
        facilitators=[clinician],
        telehealth_url="https://telehealth.example.org/room",
    )
    attendance_record(acting_user=clinician, session=appointment, entries={episode.pk: ("present", None)})
    note = progress_note_start(acting_user=clinician, session=appointment, episode=episode)
    progress_note_update(
        acting_user=clinician,
        note=note,
        sections={"data": "Talked about cravings.", "assessment": "Engaged.", "plan": "Next week."},
    )
    return progress_note_sign(
        acting_user=clinician, note=note, typed_name=clinician.get_full_name(), signature=signature_of(clinician)
    )


def sud_records(episode, *, clinician, prescriber, nurse, intake_user, note_hours_ago: int = 30) -> ProgramRecords:
    """A full set of substance-use records in ``episode`` (open, in the SUD program)."""
    patient, program = episode.patient, episode.program
    today = local_today(program.time_zone)
    records = ProgramRecords(episode=episode)
    records.medication = medication_add(
        acting_user=clinician,
        patient=patient,
        episode=episode,
        name="Acamprosate",
        dose_amount="666",
        dose_unit="mg",
        route="oral",
        frequency="tid",
        source="patient_reported",
        started_on=today - timedelta(days=5),
    )
    if not allergies_recorded(patient.pk):  # a MAT order needs the allergies on record (none known, here)
        allergy_record_none(acting_user=clinician, patient=patient)
    records.mat_order = mat_order_create(
        acting_user=prescriber,
        patient=patient,
        episode=episode,
        medication="buprenorphine_naloxone_sl",
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
        frequency="daily",
        indication="oud",
        prescriber=prescriber,
        started_on=today - timedelta(days=5),
    )
    records.dose = mat_administration_record(
        acting_user=nurse,
        order=records.mat_order,
        given_at=timezone.now() - timedelta(hours=3),
        outcome="given",
        given_by=nurse,
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
    )
    records.screen = screen_collection_record(
        acting_user=nurse,
        patient=patient,
        episode=episode,
        collected_at=timezone.now() - timedelta(hours=2),
        observed=True,
        specimen="urine",
        method="presumptive",
        collected_by=nurse,
        results={"fentanyl": "positive"},
    )
    records.measures = [
        measure_record(
            acting_user=clinician, patient=patient, episode=episode, instrument="AUDIT", answers=[1] * 8 + [0, 0]
        ),
        measure_record(
            acting_user=clinician, patient=patient, episode=episode, instrument="DAST-10", answers=["yes"] * 10
        ),
    ]
    records.consent = consent_record(
        acting_user=clinician,
        patient=patient,
        kind="specific",
        disclosing_party=f"{program.organization.name} — {program.name}",
        information=["drug_screens"],
        information_detail="My drug-screen results since admission",
        recipient_name="County Drug Court",
        recipient_is_covered_entity=False,
        purpose="Compliance with drug court",
        expiry_kind="date",
        expires_on=today + timedelta(days=180),
        expiry_event="",
        signed_by_name=patient.legal_name,
        signer_relationship="patient",
        signed_on=today,
        signature_method="uploaded",
        document=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed form", content_type="application/pdf"),
    )
    records.plan = complete_plan(episode, acting_user=clinician)  # a draft plan and its primary diagnosis
    records.diagnosis = diagnosis_add(
        acting_user=clinician, episode=episode, code="F11.20", rank="secondary", diagnosed_on=today - timedelta(days=5)
    )
    records.assessment = assessment_start(acting_user=intake_user, patient=patient, program=program)
    records.note = _note(episode, clinician, note_hours_ago)
    return records


def more_sud_records(episode, *, clinician, nurse, count: int = 3) -> None:
    """More of the SUD program's records in ``episode``: medications, screens, measures."""
    today = local_today(episode.program.time_zone)
    for n in range(count):
        medication_add(
            acting_user=clinician,
            patient=episode.patient,
            episode=episode,
            name=f"Naltrexone {n}",
            dose_amount="50",
            dose_unit="mg",
            route="oral",
            frequency="daily",
            source="patient_reported",
            started_on=today - timedelta(days=n),
        )
        screen_collection_record(
            acting_user=nurse,
            patient=episode.patient,
            episode=episode,
            collected_at=timezone.now() - timedelta(hours=5 + n),
            observed=True,
            specimen="urine",
            method="presumptive",
            collected_by=nurse,
            results={"fentanyl": "negative"},
        )
        measure_record(
            acting_user=clinician, patient=episode.patient, episode=episode, instrument="AUDIT", answers=[0] * 10
        )


def mh_records(episode, *, clinician) -> ProgramRecords:
    """Mental-health records in ``episode`` (open, in the MH program): a PCL-5 and a PTSD diagnosis."""
    today = local_today(episode.program.time_zone)
    records = ProgramRecords(episode=episode)
    records.measures = [
        measure_record(
            acting_user=clinician, patient=episode.patient, episode=episode, instrument="PCL-5", answers=[2] * 20
        )
    ]
    records.diagnosis = diagnosis_add(
        acting_user=clinician, episode=episode, code="F43.10", rank="primary", diagnosed_on=today - timedelta(days=1)
    )
    return records


def build_two_program_patients(
    *, make_patient, make_user, program_a, program_b, clinician_a, clinician_b, prescriber_a, nurse_a, intake_a,
    records_moved=None,
) -> dict[str, TwoProgramPatient]:  # fmt: skip
    """The three patients of the module docstring. ``records_moved`` is passed to the transfer (None: default)."""
    make_programs_sud_and_mh(program_a, program_b)
    staff = {"clinician": clinician_a, "prescriber": prescriber_a, "nurse": nurse_a, "intake_user": intake_a}
    # Someone working in both programs moves the patient's care (episode_transfer requires it).
    director = make_user(Role.DIRECTOR, [program_a, program_b])

    patient, sud_episode = make_patient(program_a, acting_user=clinician_a, legal_last_name="Dualcare")
    dual = TwoProgramPatient(patient, sud_records(sud_episode, **staff), None)
    dual.mh = mh_records(_admit(program_b, patient, clinician=clinician_b, days_ago=7), clinician=clinician_b)

    patient, sud_episode = make_patient(program_a, acting_user=clinician_a, legal_last_name="Transferred")
    sud = sud_records(sud_episode, **staff, note_hours_ago=40)
    mh_episode = episode_transfer(
        acting_user=director,
        episode=sud_episode,
        effective_on=local_today(program_a.time_zone),
        reason="Substance use in remission; trauma work now leads",
        program=program_b,
        track=program_b.tracks.first(),
        records_moved=records_moved,
    )
    mh_episode.primary_clinician = clinician_b
    mh_episode.save(update_fields=["primary_clinician"])
    sud.episode.refresh_from_db()
    sud.summary = discharge_summary_start(acting_user=clinician_a, episode=sud.episode)
    transferred = TwoProgramPatient(patient, sud, mh_records(mh_episode, clinician=clinician_b))

    patient, sud_episode = make_patient(program_a, acting_user=clinician_a, legal_last_name="Alumnus")
    sud = ProgramRecords(episode=sud_episode)
    sud.measures = [
        measure_record(acting_user=clinician_a, patient=patient, episode=sud_episode, instrument="AUDIT-C", answers=[2, 1, 0], context={"sex": "female"})
    ]  # fmt: skip
    sud.episode = episode_discharge(
        acting_user=clinician_a,
        episode=sud_episode,
        discharged_on=local_today(program_a.time_zone) - timedelta(days=3),
        reason=DischargeReason.COMPLETED,
        note="Completed the program",
    )
    sud.summary = discharge_summary_start(acting_user=clinician_a, episode=sud.episode)
    alumnus = TwoProgramPatient(
        patient, sud, mh_records(_admit(program_b, patient, clinician=clinician_b, days_ago=2), clinician=clinician_b)
    )
    return {"dual": dual, "transferred": transferred, "alumnus": alumnus}
