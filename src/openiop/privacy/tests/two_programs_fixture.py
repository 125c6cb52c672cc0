"""Patients known to a substance-use (SUD) program and a mental-health (MH) program of one organization, built
through the real services, for decision 0008 (records follow the program that made them).

Program A is the SUD program and program B the MH program (``make_programs_sud_and_mh`` renames them). Each
patient has a full set of SUD records (a medication, a buprenorphine order and a dose, a positive fentanyl
screen, AUDIT and DAST-10, a consent, a diagnosis, an intake assessment, a signed progress note) and MH
records (PCL-5, a PTSD diagnosis):

- ``dual``: in both programs at once (an open episode in each; nothing moved);
- ``transferred``: in the SUD program, then transferred to the MH program (what moved is recorded); the
  SUD episode's discharge summary was started after the transfer;
- ``alumnus``: finished an SUD episode (an AUDIT-C in it, a discharge summary), later admitted to the MH
  program on their own (not a transfer).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openiop.accounts.roles import Role
from openiop.consent.services import consent_record
from openiop.continuity.services import discharge_summary_start
from openiop.core.timezones import local_today
from openiop.diagnoses.services import diagnosis_add
from openiop.episodes.codes import DischargeReason, ReferralSource
from openiop.episodes.services import episode_admit, episode_create, episode_discharge, episode_transfer
from openiop.intake.services import assessment_start
from openiop.measures.services import measure_record
from openiop.medications.services import mat_administration_record, mat_order_create, medication_add
from openiop.notes.services import progress_note_sign, progress_note_start, progress_note_update
from openiop.programs.levels import level_of_care
from openiop.programs.models import ClinicalFocus
from openiop.schedule.services import appointment_book, attendance_record
from openiop.screens.services import screen_collection_record


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
    return progress_note_sign(acting_user=clinician, note=note, typed_name=clinician.get_full_name())


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
    records.diagnosis = diagnosis_add(
        acting_user=clinician, episode=episode, code="F11.20", rank="primary", diagnosed_on=today - timedelta(days=5)
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
