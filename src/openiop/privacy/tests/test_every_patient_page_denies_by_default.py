"""The access matrix over every page and API that takes an id reaching patient data, found from the URL
configuration: a URL pattern with an id converter must be in PAGES or in EXCLUDED (with the reason), so a new
page fails this file until someone decides who may open it.

Every page is keyed onto one patient record (patient_record_fixture: patient A with an object of every kind).
For each page and persona: the program's clinical roles open it or are refused by role (403); a clinician of
another program, billing, front desk (outside their schedule pages), the privacy officer (outside their
review pages) and the administrator are refused (403 for the role, 404 for scope); a refusal is audited and
shows neither the patient's name nor MRN, and a refused POST writes nothing; a signed-out visitor is sent to
sign in; a restricted record is "not found" for an unnamed clinician and pages about a group no longer show
the patient; emergency access opens every chart page the care team reads (read-only: its write forms and
every POST refused), and nothing outside the chart; the
chart's notes need the care team. Lists (the patient API) show patient A only to those who may see it, and the
public links (self-report, alumni check-in) with a wrong or expired token give nothing. Two programs
(decision 0009): for a patient in an SUD and an MH program at once, one transferred from SUD to MH, and an
alumnus of SUD now in MH, each page keyed by one program's record opens for the staff of the program that
made it, and for the other program's only when the record moved with the patient's care.

Each test builds the record once and walks every page, collecting every wrong cell, so one run names them all.
``python -m openiop.privacy.tests.access_matrix_size`` prints the URL list and the size of the matrix.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from operator import attrgetter
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from openiop.audit.models import AuditEvent, Outcome
from openiop.conftest import TEST_PASSWORD
from openiop.core.timezones import local_today
from openiop.privacy.services import patient_restrict
from openiop.privacy.testing import client_under_grant, open_emergency_access

from .patient_record_fixture import PatientRecord, build_patient_record, build_two_program_patients

# ---- the URL configuration ----------------------------------------------------------------------------

# Converters that carry an object id (or a key into patient data) rather than a fixed word.
ID_CONVERTERS = ("id", "int", "str", "slug", "uuid", "path")


def url_patterns() -> list[tuple[str, str, list[str]]]:
    """Every named URL pattern: (namespaced name, route, parameter names)."""
    rows = []

    def walk(patterns, namespace: str, prefix: str):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(
                    p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace, prefix + str(p.pattern)
                )
            elif isinstance(p, URLPattern) and p.name:
                rows.append((f"{namespace}{p.name}", prefix + str(p.pattern), sorted(p.pattern.converters)))

    walk(get_resolver().url_patterns, "", "")
    return sorted(set((name, route, tuple(params)) for name, route, params in rows))


def chart_page_names() -> set[str]:
    """Names of the URL patterns under a patient's chart (/patients/<id>/...), where emergency access reaches."""
    return {name for name, route, _params in url_patterns() if route.startswith("patients/<id:patient_id>/")}


def patient_id_pages() -> list[str]:
    """Names of the URL patterns whose only parameter is the patient id (the accessibility check walks them)."""
    return sorted(name for name, _route, params in url_patterns() if params == ("patient_id",))


def id_url_names() -> set[str]:
    """Names of the URL patterns that take any parameter (every converter in use here carries an id)."""
    return {name for name, _route, params in url_patterns() if params}


# ---- the pages -----------------------------------------------------------------------------------------


def _ids(**getters):
    """kwargs for reverse(): each value an attribute path on the PatientRecord (consent_id="consent.pk") or a
    function of it."""

    def kwargs(record: PatientRecord) -> dict:
        return {name: get(record) if callable(get) else attrgetter(get)(record) for name, get in getters.items()}

    return kwargs


def _chart(**getters):
    return _ids(patient_id="patient.pk", **getters)


@dataclass(frozen=True)
class Page:
    """One URL of the matrix. ``post``: the form data a POST sends (None: the view only reads; POSTs to it
    are not tested). ``post_only``: the view refuses GET with 405 (after sign-in). ``roster``: a page about a
    group of patients: staff not named on a restricted record still open it, without that patient on it.
    ``writer``: a persona allowed to make the POST, to show the data would write (see the last test)."""

    kwargs: object
    post: object = None
    post_only: bool = False
    roster: bool = False
    writer: str = "clinician_a"
    url_name: str = ""

    def url(self, record: PatientRecord) -> str:
        return reverse(self.url_name, kwargs=self.kwargs(record))

    def data(self, record: PatientRecord) -> dict:
        return self.post(record) if callable(self.post) else dict(self.post or {})


def _today(record):
    return local_today(record.program.time_zone).isoformat()


def _demographics(record):
    from django.forms.models import model_to_dict

    from openiop.patients.forms import PatientForm

    values = model_to_dict(record.patient, fields=PatientForm.Meta.fields)
    return {k: ("" if v is None else v) for k, v in values.items()} | {"preferred_name": "Al"}


def _consent_form(record):
    return {
        "kind": "specific",
        "disclosing_party": "Program A",
        "information": ["attendance"],
        "information_detail": "Attendance since admission",
        "recipient_name": "Employer HR",
        "purpose": "Return to work",
        "expiry_kind": "date",
        "expires_on": (local_today(record.program.time_zone) + timedelta(days=90)).isoformat(),
        "signed_by_name": record.patient.legal_name,
        "signer_relationship": "patient",
        "signed_on": _today(record),
        "signature_method": "on_screen",
    }


def _phq9(_record):
    from openiop.measures.tests.form_data import form_data

    return form_data("PHQ-9", [1, 0, 0, 0, 0, 0, 0, 0, 0])


def _medication_form(record):
    return {
        "name": "Naltrexone",
        "dose_amount": "50",
        "dose_unit": "mg",
        "route": "oral",
        "frequency": "daily",
        "source": "patient_reported",
        "started_on": _today(record),
    }


def _mat_order_form(record):
    return {
        "medication": "naltrexone_oral",
        "dose_amount": "50",
        "dose_unit": "mg",
        "route": "oral",
        "frequency": "daily",
        "indication": "aud",
        "prescriber": record.mat_order.prescriber_id,
        "started_on": _today(record),
    }


def _administration_form(record):
    local = timezone.now().astimezone(ZoneInfo(record.program.time_zone)) - timedelta(minutes=5)
    return {
        "order": record.mat_order.pk,
        "given_at": local.strftime("%Y-%m-%dT%H:%M"),
        "outcome": "given",
        "dose_amount": "16",
        "dose_unit": "mg",
        "route": "sublingual",
        "given_by": record.mat_order.prescriber_id,
        "observed": "yes",
    }


def _screen_form(record):
    local = timezone.now().astimezone(ZoneInfo(record.program.time_zone)) - timedelta(minutes=10)
    return {
        "collected_at": local.strftime("%Y-%m-%dT%H:%M"),
        "specimen": "urine",
        "method": "presumptive",
        "observed": "yes",
        "collected_by": record.facilitator.pk,
        "result_fentanyl": "negative",
    }


def _appointment_form(record):
    return {
        "session_type": "individual_therapy",
        "day": (local_today(record.program.time_zone) + timedelta(days=3)).isoformat(),
        "start_time": "10:00",
        "duration_minutes": "50",
        "facilitators": [record.facilitator.pk],
        "telehealth_url": "https://telehealth.example.org/room",
    }


def _roll_call(record):
    return {f"status_{record.episode.pk}": "late", f"minutes_{record.episode.pk}": "30"}


def _screening(_record):
    from openiop.intake.screening_rules import QUESTIONS

    return {f"{question.key}_answer": "no" for question in QUESTIONS} | {"outcome": "iop"}


def _placement(record):
    from openiop.intake import asam

    dimensions = asam.dimension_set(record.program.level_of_care_edition).dimensions
    return {f"{d.key}_rating": "1" for d in dimensions} | {
        "recommended_level": "asam3:2.1",
        "actual_level": "asam3:2.1",
    }


def _transfer(record):
    return {
        "kind": "transfer",
        "effective_on": _today(record),
        "program": record.program.pk,
        "track": record.program.tracks.get(time_of_day="morning").pk,
        "level_of_care": "asam3:2.1",
        "reason": "Started a night shift",
    }


def _group_note(record):
    prefix = f"entry_{record.episode.pk}_"
    return {
        "topic": "Coping with cravings",
        "curriculum": "Matrix",
        "interventions": "CBT skills practice",
        f"{prefix}participation": "active",
        f"{prefix}response": "Shared a plan for the weekend.",
    }


def _plan_goal(record):
    problem = record.plan.problems.get()
    return {"op": "goal-add", "target": problem.pk, f"goal-add-{problem.pk}-statement": "Sleep through the night"}


PAGES_BY_NAME: dict[str, Page] = {
    # ---- the chart ------------------------------------------------------------------------------------
    "patients:chart": Page(_chart()),
    "patients:edit": Page(_chart(), post=_demographics),
    "api-patient": Page(_chart()),
    # ---- consent --------------------------------------------------------------------------------------
    "consent:chart": Page(_chart()),
    "consent:new": Page(_chart(), post=_consent_form),
    "consent:revoke": Page(
        _chart(consent_id="consent.pk"),
        post=lambda r: {"revoked_on": _today(r), "revocation_text": "I withdraw this consent."},
    ),
    "consent:document": Page(_chart(consent_id="consent.pk")),
    "consent:release": Page(_chart(consent_id="consent.pk"), post={"information": ["attendance"], "method": "pdf"}),
    "consent:accounting": Page(_chart()),
    # ---- intake on the chart --------------------------------------------------------------------------
    "intake:chart": Page(_chart()),
    "intake:assessment_start": Page(_chart(), post={}, post_only=True),
    "intake:assessment": Page(_chart(assessment_id="assessment.pk"), post={"allergies": "Penicillin"}),
    "intake:assessment_draft": Page(
        _chart(assessment_id="assessment.pk"), post={"allergies": "Penicillin"}, post_only=True
    ),
    "intake:addendum": Page(_chart(assessment_id="assessment.pk"), post={"text": "Phoned back."}, post_only=True),
    "intake:placement": Page(_chart(), post=_placement),
    # ---- the pipeline: an inquiry is pre-patient data, and this one is linked to patient A -------------
    "intake:inquiry": Page(_ids(inquiry_id="inquiry.pk")),
    "intake:move": Page(_ids(inquiry_id="inquiry.pk"), post={"to_stage": "contacted"}, post_only=True),
    "intake:contact_attempt": Page(
        _ids(inquiry_id="inquiry.pk"), post={"method": "call", "outcome": "voicemail"}, post_only=True
    ),
    "intake:patient": Page(_ids(inquiry_id="inquiry.pk"), post={"action": "create"}),
    "intake:screening": Page(_ids(inquiry_id="inquiry.pk"), post=_screening),
    "intake:admit": Page(_ids(inquiry_id="inquiry.pk"), post=lambda r: {"admitted_on": _today(r)}),
    # ---- measures -------------------------------------------------------------------------------------
    "measures:chart": Page(_chart()),
    "measures:record": Page(_ids(patient_id="patient.pk", instrument="response.instrument"), post=_phq9),
    "measures:response": Page(_chart(response_id="response.pk"), post={"scheme": "other"}),
    "measures:link": Page(_chart(), post={"instrument": "PHQ-9", "mode": "self_report"}),
    "measures:alert": Page(
        _ids(alert_id="alert.pk"), post={"action": "safety_plan_reviewed", "note": "Reviewed the safety plan."}
    ),
    # A program's page listing its patients' latest scores.
    "measures:program_scores": Page(_ids(program_id="program.pk"), roster=True),
    # ---- diagnoses ------------------------------------------------------------------------------------
    "diagnoses:chart": Page(_chart(), post=lambda r: {"code": "F32.1", "rank": "secondary", "diagnosed_on": _today(r)}),
    "diagnoses:resolve": Page(
        _chart(diagnosis_id="diagnosis.pk"), post=lambda r: {"resolved_on": _today(r)}, post_only=True
    ),
    "diagnoses:mark_error": Page(_chart(diagnosis_id="diagnosis.pk"), post={"note": "Wrong code"}, post_only=True),
    "diagnoses:make_primary": Page(_chart(diagnosis_id="diagnosis.pk"), post={}, post_only=True),
    # ---- the treatment plan ---------------------------------------------------------------------------
    "plans:chart": Page(_chart()),
    "plans:start": Page(_chart(), post={}, post_only=True),
    "plans:version": Page(_chart(plan_id="plan.pk")),
    "plans:edit": Page(_chart(plan_id="plan.pk"), post=_plan_goal, post_only=True),
    "plans:sign": Page(
        _chart(plan_id="plan.pk", role=lambda _record: "clinician"),
        post=lambda r: {
            "sign-clinician-typed_name": r.facilitator.get_full_name(),
            "sign-clinician-signing_secret": TEST_PASSWORD,
        },
        post_only=True,
    ),
    "plans:revise": Page(_chart(plan_id="plan.pk"), post={}, post_only=True),
    "plans:review": Page(
        _chart(plan_id="plan.pk"),
        post=lambda r: {"reviewed_on": _today(r), "summary": "On track", "outcome": "continue"},
        post_only=True,
    ),
    "plans:pdf": Page(_chart(plan_id="plan.pk")),
    # ---- notes ----------------------------------------------------------------------------------------
    "notes:chart": Page(_chart()),
    "notes:detail": Page(
        _chart(note_id="progress_note.pk"), post={"action": "addendum", "text": "Called the next day."}
    ),
    "notes:edit": Page(_chart(note_id="progress_note.pk"), post={"data": "Changed"}),
    "notes:session": Page(_ids(session_id="appointment.pk"), post=lambda r: {"episode": r.episode.pk}),
    # SUD counselling notes: the author (and the author's supervisor) only.
    "notes:counselling_new": Page(
        _chart(), post=lambda r: {"attendance": r.appointment.attendance.get().pk, "text": "Second thoughts."}
    ),
    "notes:counselling": Page(
        _chart(note_id="counselling_note.pk"), post={"action": "save", "text": "Grief; shame; revisit next time."}
    ),
    "notes:session (group)": Page(_ids(session_id="group_session.pk"), post={}, roster=True),
    "notes:group_edit": Page(_ids(group_note_id="group_note.pk"), post=_group_note, roster=True),
    # ---- continuity -----------------------------------------------------------------------------------
    "continuity:chart": Page(_chart()),
    "continuity:summary_start": Page(_chart(episode_id="discharged_episode.pk"), post={}, post_only=True),
    "continuity:readmit": Page(_chart(episode_id="discharged_episode.pk"), post={"reason": "Relapse"}, post_only=True),
    "continuity:checkin_link": Page(
        _chart(episode_id="discharged_episode.pk", day_number="checkin_day"), post={}, post_only=True
    ),
    "continuity:summary": Page(_chart(summary_id="summary.pk")),
    "continuity:summary_edit": Page(
        _chart(summary_id="summary.pk"), post={"clinician_narrative": "Engaged throughout."}, post_only=True
    ),
    "continuity:aftercare_edit": Page(
        _chart(summary_id="summary.pk"), post={"next_provider_name": "Riverbend Counseling"}, post_only=True
    ),
    "continuity:summary_refresh": Page(_chart(summary_id="summary.pk"), post={}, post_only=True),
    "continuity:summary_sign": Page(_chart(summary_id="summary.pk"), post={"typed_name": ""}, post_only=True),
    "continuity:summary_pdf": Page(_chart(summary_id="summary.pk")),
    "continuity:aftercare_patient_sign": Page(
        _chart(summary_id="summary.pk"),
        post={"method": "typed", "signed_name": "Alma Quinlan", "typed_signature": "Alma Quinlan"},
        post_only=True,
    ),
    "continuity:referral_add": Page(
        _chart(),
        post=lambda r: {"category": "employment", "agency": "Work Source", "reason": "Job", "suggested_on": _today(r)},
        post_only=True,
    ),
    "continuity:referral_status": Page(
        _chart(referral_id="referral.pk"),
        post=lambda r: {f"r{r.referral.pk}-status": "referred", f"r{r.referral.pk}-on": _today(r)},
        post_only=True,
    ),
    # ---- the schedule ---------------------------------------------------------------------------------
    "schedule:chart": Page(_chart()),
    "schedule:patient_ical": Page(_ids(patient_id="patient.pk")),
    "schedule:appointment_new": Page(_chart(), post=_appointment_form),
    "schedule:session": Page(_ids(session_id="appointment.pk"), post={"action": "topic", "topic": "Sleep"}),
    "schedule:session (group)": Page(
        _ids(session_id="group_session.pk"), post={"action": "topic", "topic": "Sleep"}, roster=True
    ),
    "schedule:roll_call": Page(_ids(session_id="appointment.pk"), post=_roll_call),
    "schedule:roll_call (group)": Page(_ids(session_id="group_session.pk"), post=_roll_call, roster=True),
    "schedule:sign_in_sheet": Page(_ids(session_id="appointment.pk")),
    "schedule:sign_in_sheet (group)": Page(_ids(session_id="group_session.pk"), roster=True),
    # The facilitator's calendar: the patient's appointment is on it.
    "schedule:facilitator_ical": Page(_ids(user_id="facilitator.pk"), roster=True),
    # ---- the episode ----------------------------------------------------------------------------------
    "episodes:admit": Page(_ids(episode_id="episode.pk"), post=lambda r: {"admitted_on": _today(r)}),
    "episodes:consent_packet": Page(
        _ids(episode_id="episode.pk"),
        post=lambda r: {
            "agreed": r.program.packet_documents,
            "signed_by_name": r.patient.legal_name,
            "signer_relationship": "patient",
            "signature_method": "typed",
        },
    ),
    "episodes:consent_packet_document": Page(_ids(episode_id="episode.pk", packet_id="consent_packet.pk")),
    "episodes:transfer": Page(_ids(episode_id="episode.pk"), post=_transfer),
    "episodes:discharge": Page(
        _ids(episode_id="episode.pk"), post=lambda r: {"discharged_on": _today(r), "reason": "1"}
    ),
    "episodes:status": Page(_ids(episode_id="episode.pk"), post={"status": "onhold", "reason": "Hospital stay"}),
    "episodes:care_team": Page(
        _ids(episode_id="episode.pk"), post=lambda r: {"user": r.mat_order.prescriber_id, "team_role": "Prescriber"}
    ),
    "episodes:care_team_remove": Page(
        _ids(episode_id="episode.pk", member_id="care_team_member.pk"), post={}, post_only=True
    ),
    # ---- medications and screens ----------------------------------------------------------------------
    "medications:chart": Page(_chart()),
    "medications:add": Page(_chart(), post=_medication_form),
    "medications:stop": Page(
        _chart(medication_id="medication.pk"),
        post=lambda r: {"action": "stop", "stop-stopped_on": _today(r), "stop-reason": "Side effects"},
    ),
    "medications:allergy_add": Page(_chart(), post={"allergen": "Latex", "reaction": "Rash", "severity": "mild"}),
    "medications:allergy_none": Page(_chart(), post={}, post_only=True),
    "medications:allergy_error": Page(_chart(allergy_id="allergy.pk"), post={"reason": "Wrong patient"}),
    "medications:mat_order": Page(_chart(), post=_mat_order_form, writer="prescriber_a"),
    "medications:mat_stop": Page(
        _chart(order_id="mat_order.pk"),
        post=lambda r: {"stopped_on": _today(r), "reason": "Tapered"},
        writer="prescriber_a",
    ),
    "medications:administer": Page(_chart(), post=_administration_form, writer="prescriber_a"),
    "screens:chart": Page(_chart()),
    "screens:record": Page(_chart(), post=_screen_form),
    "screens:collection": Page(
        _chart(collection_id="collection.pk"),
        post=lambda r: {"result": r.collection.results.get().pk, "reason": "Prescribed"},
    ),
    # ---- tasks and privacy ----------------------------------------------------------------------------
    "tasks:detail": Page(_ids(task_id="task.pk"), post={"outcome": "Called; housing sorted."}),
    "privacy:review": Page(
        _ids(grant_id="grant.pk"), post={"note": "Justified: ED overdose."}, writer="privacy_officer"
    ),
    "privacy:unrestrict": Page(_ids(patient_id="patient.pk"), post={}, post_only=True, writer="privacy_officer"),
}
PAGES = {key: replace(page, url_name=key.split(" ")[0]) for key, page in PAGES_BY_NAME.items()}
ROSTER_PAGES = {key: "a page about a group" for key, page in PAGES.items() if page.roster}

# URL patterns with an id that reach no patient data, each with the reason. Everything else is in PAGES.
EXCLUDED = {
    "accounts:staff_edit": "user_id is a staff account (role, programs, active); no patient data",
    "programs:settings": "program_id: payer rules, phases and the plan review cadence; no patient data",
    "measures:schedule": "program_id: the program's measure schedule rules; no patient data",
    "measures:schedule_delete": "program_id, rule_id: deletes a measure schedule rule; no patient data",
    "continuity:settings": "program_id: the program's alumni check-in days; no patient data",
    "notes:template_edit": "template_id: a program's note template (format, prefilled text); no patient data; "
    "scoped to the director's programs (notes.tests.test_note_template_pages)",
    "consent:outside_party_deactivate": "party_id: an outside system's registration (name, token prefix); no "
    "patient data",
}
# Tokenised public links (no sign-in; the token is the credential): the record attribute holding a valid token.
PUBLIC_LINKS = {"self_report": "self_report_token", "continuity:checkin": "checkin_token"}

# Pages built for a non-clinical role, which that role opens; every other page refuses it.
OPENS_FOR = {
    "front_desk_a": {
        "schedule:patient_ical": "front desk gives patients their schedule (schedule.view)",
        "schedule:appointment_new": "front desk books appointments (schedule.manage)",
        "schedule:session": "front desk moves and cancels sessions, the booked patient's name on it (schedule.manage)",
        "schedule:session (group)": "front desk moves and cancels group sessions (schedule.manage)",
    },
    # The privacy officer works across the organization: consents and the accounting of disclosures of every
    # patient (consent.view), nothing clinical (test_the_privacy_officer_reads_consents_and_disclosures_...).
    "privacy_officer": {
        "consent:chart": "the Consents tab (consent.view, every program)",
        "consent:document": "a consent's signed form (consent.view)",
        "consent:accounting": "the accounting of disclosures, 42 CFR 2.25 (consent.view)",
        "privacy:review": "the privacy officer reviews every emergency access (privacy.review)",
        "privacy:unrestrict": "the privacy officer lifts a restriction (privacy.restrict)",
    },
    # Billing's compliance pages (schedule:compliance, the hours dashboard) and the patient list take no id.
    "billing_a": {},
    "sysadmin": {},
    # Patient A finished an earlier episode, so she is an alumna: peer support sees alumni information — her
    # contact details, her schedule, the aftercare tab (plan, check-ins, referrals) and tasks about her — and
    # nothing clinical (test_peer_support_sees_alumni_information_only covers a patient still in treatment).
    "peer_support_a": {
        "patients:chart": "an alumna's contact details (patients.view_chart; alumni only, privacy.policy)",
        "api-patient": "the same, through the API",
        "continuity:chart": "the aftercare plan, check-ins and referrals (continuity.view)",
        "continuity:checkin_link": "peer support issues alumni check-in links (alumni.manage)",
        "continuity:referral_add": "housing, employment and other service referrals (referrals.edit)",
        "continuity:referral_status": "the same (referrals.edit)",
        "schedule:chart": "her schedule (schedule.view)",
        "schedule:patient_ical": "her schedule as a calendar (schedule.view)",
        "schedule:session": "a session she is booked on (schedule.view)",
        "schedule:session (group)": "a group she is on (schedule.view)",
        "schedule:roll_call": "peer support takes attendance (schedule.take_attendance)",
        "schedule:roll_call (group)": "the same, for a group",
        "schedule:sign_in_sheet": "the sign-in sheet of a session (schedule.view)",
        "schedule:sign_in_sheet (group)": "the same, for a group",
        "tasks:detail": "a task about an alumna (tasks.view: alumni follow-up)",
    },
}
# Pages an in-program clinical role may find "not found" (404, audited) rather than open or 403.
IN_PROGRAM_NOT_THEIRS = {
    "schedule:facilitator_ical": "another facilitator's calendar: the facilitator's own, or a director's",
}
# The chart's notes need the care team (privacy.policy.may_read_clinical_notes).
CARE_TEAM_PAGES = {"notes:chart", "notes:detail"}
# SUD counselling notes: written by the care team, read by the author and the author's supervisor only;
# emergency access does not open them (privacy.policy.counselling_note_readers_q).
COUNSELLING_PAGES = {"notes:counselling_new", "notes:counselling"}
# Emergency access widens the program scope on the chart's URLs only (privacy.middleware), read-only: the
# forms that write are refused (403, audited) and so is every POST (reason emergency_read_only).
CHART_URL = re.compile(r"/patients/\d+/")
EMERGENCY_WRITE_FORMS = {
    "patients:edit",
    "consent:new",
    "consent:revoke",
    "consent:release",
    "intake:placement",
    "measures:record",
    "measures:link",
    "notes:edit",
    "schedule:appointment_new",
    "medications:add",
    "medications:stop",
    "medications:allergy_add",
    "medications:allergy_error",
    "screens:record",
}

IN_PROGRAM_CLINICAL = ["director_a", "clinician_a", "nurse_a", "prescriber_a"]
# The intake coordinator works the pipeline (12.12): patient A is admitted, so her chart is "not found" for
# them; the inquiry that brought her back (an intake document) still opens on the intake board's pages.
INTAKE_OPENS = {
    "intake:inquiry": "the inquiry intake logged (intake.view)",
    "intake:move": "moving it along the pipeline (intake.manage)",
    "intake:patient": "linking it to a patient (intake.manage)",
    "intake:screening": "its screening (intake.manage)",
    "intake:admit": "admitting from it (episodes.admit)",
    "intake:contact_attempt": "logging a call, text or e-mail to its person (intake.manage)",
}
REFUSED_ROLES = ["billing_a", "privacy_officer", "sysadmin", "front_desk_a", "peer_support_a"]
OPEN = {200, 302}
REFUSED = {403, 404}

# ---- the size of the matrix ----------------------------------------------------------------------------


@dataclass
class Cases:
    """Every (column, persona, page, method) the tests below request; they iterate over exactly these."""

    rows: list = field(default_factory=list)

    def add(self, column: str, persona: str, page: str, method: str):
        self.rows.append((column, persona, page, method))


def _refusal_cases(cases: Cases, column: str, persona: str, exceptions=()):
    for key, page in PAGES.items():
        cases.add(column, persona, key, "GET")
        if page.post is not None and key not in exceptions:
            cases.add(column, persona, key, "POST")


def matrix_cases() -> list[tuple[str, str, str, str]]:
    cases = Cases()
    for persona in IN_PROGRAM_CLINICAL:
        for key in PAGES:
            cases.add("in program", persona, key, "GET")
    _refusal_cases(cases, "other program", "clinician_b")
    _refusal_cases(cases, "intake: admitted patient", "intake_a", {**INTAKE_OPENS, **ROSTER_PAGES})
    for persona in REFUSED_ROLES:
        _refusal_cases(cases, "non-clinical", persona, OPENS_FOR[persona])
    _refusal_cases(cases, "signed out", "anonymous")
    for key, page in PAGES.items():
        cases.add("restricted: named", "director_a", key, "GET")
        cases.add("restricted: unnamed", "clinician_a_off_team", key, "GET")
        if page.post is not None and not page.roster:
            cases.add("restricted: unnamed", "clinician_a_off_team", key, "POST")
        cases.add("emergency access", "clinician_b", key, "GET")
        if page.post is not None and page.url_name in chart_page_names():
            cases.add("emergency access", "clinician_b", key, "POST")
        if key.startswith("notes:"):
            cases.add("not on the care team", "clinician_a_off_team", key, "GET")
            if page.post is not None and page.url_name in CARE_TEAM_PAGES | COUNSELLING_PAGES:
                cases.add("not on the care team", "clinician_a_off_team", key, "POST")
    for persona in LIST_PERSONAS:
        for name in LIST_PAGES:
            restricted = persona.endswith(" (restricted)")
            cases.add("lists: restricted" if restricted else "lists", persona.split(" ")[0], name, "GET")
    for name in PUBLIC_LINKS:
        for state in ("valid", "wrong", "expired"):
            cases.add(f"public link: {state} token", "anonymous", name, "GET")
    for key, page in PAGES.items():
        if page.post is not None and key not in NO_WRITE_WITH_THIS_RECORD:
            cases.add("the POST writes", page.writer, key, "POST")
    for patient, persona, side, _opens in TWO_PROGRAM_CELLS:
        for key, (kind, _kwargs, post) in RECORD_PAGES.items():
            if kind in TWO_PROGRAM_KINDS[(patient, side)]:
                cases.add(f"two programs: {patient}", persona, f"{key} ({side})", "GET")
                if post is not None and not _opens:
                    cases.add(f"two programs: {patient}", persona, f"{key} ({side})", "POST")
    return cases.rows


def matrix_size() -> str:
    rows = matrix_cases()
    personas = {persona for _column, persona, _page, _method in rows}
    urls = {page.split(" ")[0] for _column, _persona, page, _method in rows}
    return f"{len(urls)} URL patterns, {len(personas)} personas, {len(rows)} cases"


# ---- helpers -------------------------------------------------------------------------------------------


@pytest.fixture
def clinician_a_off_team(make_user, program_a):
    """A clinician of program A who is not on patient A's care team."""
    from openiop.accounts.roles import Role

    return make_user(Role.CLINICIAN, [program_a], username="clinician-a-off-team")


@pytest.fixture(autouse=True)
def _pdfs_are_not_drawn(monkeypatch):
    """The matrix is about who gets a page, not how a PDF looks (plans and continuity test their PDFs): the
    PDF pages run their access checks and audit as usual, and skip drawing, which takes most of a second."""
    from weasyprint import HTML

    monkeypatch.setattr(HTML, "write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 not drawn in the matrix")


@pytest.fixture
def record(patient_a, clinician_a, director_a, nurse_a, prescriber_a, intake_a, clinician_b) -> PatientRecord:
    return build_patient_record(
        patient=patient_a,
        clinician=clinician_a,
        director=director_a,
        nurse=nurse_a,
        prescriber=prescriber_a,
        intake_user=intake_a,
        other_clinician=clinician_b,
    )


_DATA_APPS = (
    "patients",
    "episodes",
    "schedule",
    "notes",
    "consent",
    "measures",
    "diagnoses",
    "plans",
    "intake",
    "medications",
    "screens",
    "continuity",
    "tasks",
    "privacy",
)


def _data_tables() -> set[str]:
    return {model._meta.db_table for label in _DATA_APPS for model in apps.get_app_config(label).get_models()}


WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def patient_data_writes(queries) -> list[str]:
    """The tables of patient data that the captured SQL inserted into, updated or deleted from (audit rows,
    sessions and the like are not patient data)."""
    tables = _data_tables()
    written = (WRITE_SQL.match(query["sql"]) for query in queries)
    return sorted({match.group(1) for match in written if match and match.group(1) in tables})


class Wrong(list):
    """The cells that went wrong, reported together at the end of a test; and the cells the test requested,
    which must be exactly its share of matrix_cases(), so the size reported is the size tested."""

    def __init__(self):
        super().__init__()
        self.done: list[tuple[str, str, str, str]] = []

    def did(self, column: str, persona: str, page: str, method: str = "GET"):
        self.done.append((column, persona, page, method))

    def check(self, condition: bool, cell: str, response=None):
        if not condition:
            status = getattr(response, "status_code", "")
            self.append(f"{cell} → {status}")

    def assert_none(self, *columns: str, persona: str = "", page: str = ""):
        assert not self, "\n".join(["Wrong cells:", *self])
        share = [
            case
            for case in matrix_cases()
            if case[0] in columns and (not persona or case[1] == persona) and (not page or case[2] == page)
        ]
        assert sorted(self.done) == sorted(share), "the test and matrix_cases() disagree"


def _denials(user) -> int:
    return AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED).count() if user else 0


def _leaks(response, record: PatientRecord) -> bool:
    body = response.content.decode(errors="replace")
    return any(secret in body for secret in record.secrets)


def _request(client, method: str, url: str, data: dict):
    return client.get(url) if method == "GET" else client.post(url, data)


def _check_refused(
    wrong: Wrong, client, user, key: str, page: Page, record, method: str, *, column, persona, reason=""
):
    """One refusal: 403/404 (or 405 for a GET of a POST-only view), audited (with ``reason`` when given), no
    name or MRN, nothing written."""
    wrong.did(column, persona, key, method)
    url = page.url(record)
    cell = f"{column}: {persona} {key} {method}"
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        before = _denials(user)
        response = _request(client, method, url, page.data(record) if method == "POST" else {})
        if method == "GET" and page.post_only:
            wrong.check(response.status_code == 405, f"{cell} (POST-only)", response)
        else:
            wrong.check(response.status_code in REFUSED, cell, response)
            wrong.check(_denials(user) > before, f"{cell}: refusal not audited", response)
            if reason:
                denial = AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED).order_by("sequence").last()
                wrong.check(denial is not None and denial.detail.get("reason") == reason, f"{cell}: not {reason}")
        wrong.check(not _leaks(response, record), f"{cell}: shows the name or MRN", response)
        written = patient_data_writes(queries)
        wrong.check(not written, f"{cell}: the refusal wrote to {written}", response)
        transaction.set_rollback(True)
    return response


def _refuse_everything(wrong, client, user, record, *, column: str, persona: str, exceptions=()):
    for key, page in PAGES.items():
        if key in exceptions:
            continue
        _check_refused(wrong, client, user, key, page, record, "GET", column=column, persona=persona)
        if page.post is not None:
            _check_refused(wrong, client, user, key, page, record, "POST", column=column, persona=persona)


def _statuses(client, record, keys=None) -> dict[str, int]:
    return {key: client.get(PAGES[key].url(record)).status_code for key in keys or PAGES}


def _opened(status: int, page: Page) -> bool:
    return status in OPEN or (page.post_only and status == 405)


# ---- the guard: every id URL is in the matrix or excluded with a reason --------------------------------


def test_every_url_with_an_id_is_in_the_matrix_or_excluded_with_a_reason():
    names = id_url_names()
    in_matrix = {page.url_name for page in PAGES.values()} | set(PUBLIC_LINKS)
    missing = sorted(names - in_matrix - set(EXCLUDED))
    assert not missing, f"Add these URL patterns to PAGES (or to EXCLUDED, with the reason): {missing}"
    stale = sorted((in_matrix | set(EXCLUDED)) - names)
    assert not stale, f"No longer in the URL configuration: {stale}"
    assert not in_matrix & set(EXCLUDED)
    assert "patients:chart" in in_matrix and "tasks:detail" in in_matrix and len(in_matrix) >= 80


def test_the_exceptions_name_pages_of_the_matrix():
    for pages in (
        *OPENS_FOR.values(),
        INTAKE_OPENS,
        IN_PROGRAM_NOT_THEIRS,
        CARE_TEAM_PAGES,
        COUNSELLING_PAGES,
        EMERGENCY_WRITE_FORMS,
    ):
        assert set(pages) <= set(PAGES) | {p.url_name for p in PAGES.values()}, pages


def test_the_matrix_size_is_reported():
    assert re.fullmatch(r"\d+ URL patterns, \d+ personas, \d+ cases", matrix_size())


# ---- in-program clinical roles --------------------------------------------------------------------------


def test_every_page_opens_for_some_clinical_role_and_refuses_the_others_by_role(request, client_for, record):
    wrong = Wrong()
    opened_by: dict[str, list[str]] = {key: [] for key in PAGES}
    for persona in IN_PROGRAM_CLINICAL:
        user = request.getfixturevalue(persona)
        client = client_for(user)
        for key, page in PAGES.items():
            wrong.did("in program", persona, key)
            before = _denials(user)
            response = client.get(page.url(record))
            cell = f"{persona} {key}"
            if page.post_only:
                wrong.check(response.status_code == 405, f"{cell} (POST-only)", response)
                opened_by[key].append(persona)
            elif response.status_code in OPEN:
                opened_by[key].append(persona)
            else:
                # The role, never the scope: the patient is in their program (except where listed).
                allowed = {403, 404} if page.url_name in IN_PROGRAM_NOT_THEIRS else {403}
                wrong.check(response.status_code in allowed, cell, response)
                wrong.check(_denials(user) > before, f"{cell}: refusal not audited", response)
                wrong.check(not _leaks(response, record), f"{cell}: shows the name or MRN", response)
    for key, personas in opened_by.items():
        wrong.check(bool(personas) or key in OPENS_FOR["privacy_officer"], f"{key} opens for no clinical role")
    wrong.assert_none("in program")


# ---- refused personas -----------------------------------------------------------------------------------


def test_intake_is_refused_an_admitted_patient_except_for_the_inquiry(client_for, intake_a, record):
    client = client_for(intake_a)
    wrong = Wrong()
    column = {"column": "intake: admitted patient", "persona": "intake_a"}
    _refuse_everything(wrong, client, intake_a, record, **column, exceptions={**INTAKE_OPENS, **ROSTER_PAGES})
    for key in INTAKE_OPENS:
        wrong.did(column["column"], column["persona"], key)
        page = PAGES[key]
        response = client.get(page.url(record))
        wrong.check(_opened(response.status_code, page), f"intake_a {key} (an intake document)", response)
    for key in ROSTER_PAGES:
        # A page about a group of the program opens (intake takes attendance), without patient A on it.
        wrong.did(column["column"], column["persona"], key)
        response = client.get(PAGES[key].url(record))
        wrong.check(response.status_code in OPEN | REFUSED, f"intake_a {key}", response)
        wrong.check(not _leaks(response, record), f"intake_a {key}: shows patient A", response)
    wrong.assert_none(column["column"])


def test_a_clinician_of_another_program_is_refused_everywhere(client_for, clinician_b, record):
    wrong = Wrong()
    _refuse_everything(
        wrong, client_for(clinician_b), clinician_b, record, column="other program", persona="clinician_b"
    )
    wrong.assert_none("other program")


@pytest.mark.parametrize("persona", REFUSED_ROLES)
def test_non_clinical_roles_are_refused_except_on_the_pages_built_for_them(request, client_for, record, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    wrong = Wrong()
    _refuse_everything(
        wrong, client, user, record, column="non-clinical", persona=persona, exceptions=OPENS_FOR[persona]
    )
    for key in OPENS_FOR[persona]:
        wrong.did("non-clinical", persona, key)
        page = PAGES[key]
        response = client.get(page.url(record))
        wrong.check(_opened(response.status_code, page), f"{persona} {key} (built for them)", response)
    wrong.assert_none("non-clinical", persona=persona)


def test_a_signed_out_visitor_is_sent_to_sign_in_and_nothing_is_written(record):
    client = Client()
    wrong = Wrong()
    for key, page in PAGES.items():
        for method in ("GET", "POST") if page.post is not None else ("GET",):
            wrong.did("signed out", "anonymous", key, method)
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                response = _request(client, method, page.url(record), page.data(record))
                to_sign_in = response.status_code == 302 and "/accounts/login/" in response["Location"]
                api_refusal = key.startswith("api-") and response.status_code in {401, 403}
                wrong.check(to_sign_in or api_refusal, f"anonymous {key} {method}", response)
                wrong.check(not _leaks(response, record), f"anonymous {key} {method}: shows the name or MRN", response)
                wrong.check(not patient_data_writes(queries), f"anonymous {key} {method} wrote", response)
                transaction.set_rollback(True)
    wrong.assert_none("signed out")


# ---- restricted records ---------------------------------------------------------------------------------

# Pages that still show a restricted record to staff the privacy officer has not named: none. A page listed
# here must keep failing its cell until fixed, then leave this list.
KNOWN_RESTRICTION_GAPS: dict[str, str] = {}


def test_a_restricted_record_is_not_found_for_an_unnamed_clinician_and_still_found_for_the_named(
    client_for, clinician_a_off_team, director_a, privacy_officer, record
):
    """The unnamed clinician is one of the program who neither leads the patient's sessions nor is on the
    care team: a session's facilitators still see its roster (schedule.selectors.shown_on_roster, tested in
    the schedule app), since they are in the room."""
    patient_restrict(acting_user=privacy_officer, patient=record.patient, allowed_users=[director_a], reason="Staff")
    wrong = Wrong()
    # The named director finds every page (a director's refusals are by role: 403, or 405 for a GET of a POST).
    for key, status in _statuses(client_for(director_a), record).items():
        wrong.did("restricted: named", "director_a", key)
        wrong.check(status != 404, f"named director {key} → {status}")
    client = client_for(clinician_a_off_team)
    still_wrong = Wrong()
    unnamed = {"column": "restricted: unnamed", "persona": "clinician_a_off_team"}
    for key, page in PAGES.items():
        cells = still_wrong if key in KNOWN_RESTRICTION_GAPS else wrong
        failed_before = len(cells)
        if page.roster:
            # A page about a group opens as before (or is refused), without the restricted patient on it.
            cells.did(unnamed["column"], unnamed["persona"], key)
            response = client.get(page.url(record))
            cells.check(response.status_code in OPEN | REFUSED, f"unnamed {key}", response)
            cells.check(not _leaks(response, record), f"unnamed {key}: shows the restricted patient", response)
        else:
            _check_refused(cells, client, clinician_a_off_team, key, page, record, "GET", **unnamed)
            if page.post is not None:
                _check_refused(cells, client, clinician_a_off_team, key, page, record, "POST", **unnamed)
        if key in KNOWN_RESTRICTION_GAPS:
            wrong.check(len(cells) > failed_before, f"{key} is fixed: take it off KNOWN_RESTRICTION_GAPS")
    wrong.done += still_wrong.done
    wrong.assert_none("restricted: named", "restricted: unnamed")


# ---- emergency access -----------------------------------------------------------------------------------


def test_emergency_access_opens_what_the_care_team_sees_on_the_chart_and_nothing_else(
    client_for, clinician_a, clinician_b, record
):
    care_team = _statuses(client_for(clinician_a), record)
    client = client_under_grant(client_for, clinician_b, open_emergency_access(clinician_b, record.patient))
    wrong = Wrong()
    for key, page in PAGES.items():
        url = page.url(record)
        emergency = {"column": "emergency access", "persona": "clinician_b"}
        if page.url_name in COUNSELLING_PAGES:
            # Kept with their author, emergency or not.
            _check_refused(
                wrong, client, clinician_b, key, page, record, "GET", **emergency, reason="counselling_notes"
            )
        elif page.url_name in EMERGENCY_WRITE_FORMS:
            _check_refused(wrong, client, clinician_b, key, page, record, "GET", **emergency, reason="role")
        elif CHART_URL.search(url):
            wrong.did("emergency access", "clinician_b", key)
            response = client.get(url)
            wrong.check(response.status_code == care_team[key], f"emergency {key}: care team got {care_team[key]}")
        else:  # outside the chart
            _check_refused(
                wrong, client, clinician_b, key, page, record, "GET", column="emergency access", persona="clinician_b"
            )
        if page.post is not None and page.url_name in chart_page_names():
            # Read-only: every write on the chart is refused before the view runs.
            _check_refused(
                wrong, client, clinician_b, key, page, record, "POST", **emergency, reason="emergency_read_only"
            )
    wrong.assert_none("emergency access")


# ---- the care team --------------------------------------------------------------------------------------


def test_the_charts_notes_need_the_care_team(client_for, clinician_a, clinician_a_off_team, record):
    care_team = _statuses(client_for(clinician_a), record, [key for key in PAGES if key.startswith("notes:")])
    client = client_for(clinician_a_off_team)
    wrong = Wrong()
    off_team = {"column": "not on the care team", "persona": "clinician_a_off_team"}
    for key, page in PAGES.items():
        if not key.startswith("notes:"):
            continue
        if page.url_name in CARE_TEAM_PAGES | COUNSELLING_PAGES:
            reason = "care_team" if page.url_name in CARE_TEAM_PAGES else "counselling_notes"
            for method in ("GET", "POST") if page.post is not None else ("GET",):
                _check_refused(
                    wrong, client, clinician_a_off_team, key, page, record, method, **off_team, reason=reason
                )
        else:
            # Session and group-note pages follow the program, and a note's editor sends others to its read view.
            wrong.did(off_team["column"], off_team["persona"], key)
            response = client.get(page.url(record))
            wrong.check(response.status_code == care_team[key], f"off the team {key}: team got {care_team[key]}")
    wrong.assert_none(off_team["column"])


# ---- lists ----------------------------------------------------------------------------------------------

LIST_PAGES = ("api-patients", "patients:list")
# persona -> whether patient A is listed (None: refused by role, 403 audited)
LIST_PERSONAS = {
    "clinician_a": True,
    "director_a": True,
    "nurse_a": True,
    "prescriber_a": True,
    "intake_a": False,  # intake works the pipeline; patient A is admitted (12.12)
    "front_desk_a": True,  # patients.view_list: front desk finds patients to book them
    "billing_a": True,  # patients.view_list: billing works from the patient list
    "clinician_b": False,
    "privacy_officer": None,
    "sysadmin": None,
    "clinician_a (restricted)": False,
    "anonymous": None,
}


def test_lists_show_patient_a_only_to_those_who_may_see_it(request, client_for, director_a, privacy_officer, record):
    wrong = Wrong()
    for persona, listed in LIST_PERSONAS.items():
        if persona == "clinician_a (restricted)":
            continue
        _check_lists(wrong, request, client_for, persona, listed, record)
    patient_restrict(acting_user=privacy_officer, patient=record.patient, allowed_users=[director_a], reason="Staff")
    _check_lists(wrong, request, client_for, "clinician_a (restricted)", False, record)
    wrong.assert_none("lists", "lists: restricted")


def _check_lists(wrong, request, client_for, persona, listed, record):
    user = None if persona == "anonymous" else request.getfixturevalue(persona.split(" ")[0])
    client = Client() if user is None else client_for(user)
    for name in LIST_PAGES:
        wrong.did("lists: restricted" if "restricted" in persona else "lists", persona.split(" ")[0], name)
        before = _denials(user)
        response = client.get(reverse(name))
        cell = f"{persona} {name}"
        if user is None:
            wrong.check(response.status_code in {302, 401, 403}, cell, response)
        elif listed is None:
            wrong.check(response.status_code == 403 and _denials(user) > before, f"{cell}: 403 audited", response)
        else:
            wrong.check(response.status_code == 200, cell, response)
            wrong.check(_leaks(response, record) == listed, f"{cell}: patient A listed is not {listed}", response)
        if listed is not True:
            wrong.check(not _leaks(response, record), f"{cell}: shows the name or MRN", response)


# ---- public links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PUBLIC_LINKS))
def test_a_wrong_or_expired_public_link_gives_nothing_and_a_valid_one_only_the_first_name(name, record, time_machine):
    client = Client()
    token = getattr(record, PUBLIC_LINKS[name])
    wrong = Wrong()
    for state in ("valid", "wrong", "expired"):
        wrong.did(f"public link: {state} token", "anonymous", name)
        if state == "expired":
            time_machine.move_to(timezone.now() + timedelta(days=60))  # past both links' lifetimes
        response = client.get(reverse(name, args=["wrong-" + token if state == "wrong" else token]))
        greets = record.patient.legal_first_name in response.content.decode()
        wrong.check(not _leaks(response, record), f"{name} {state} token: shows the surname or MRN", response)
        if state == "valid":
            wrong.check(response.status_code == 200 and greets, f"{name} valid token: greets by first name", response)
        else:
            wrong.check(response.status_code == 410 and not greets, f"{name} {state} token: 410, no name", response)
    wrong.assert_none("public link: valid token", "public link: wrong token", "public link: expired token", page=name)


# ---- the refused POSTs above would have written -----------------------------------------------------------

# POSTs that write nothing even for an allowed persona with this record, so the refusal checks above cannot
# lean on them; each says why. Every other POST in PAGES is shown to write.
NO_WRITE_WITH_THIS_RECORD = {
    "intake:assessment_start": "a draft assessment exists: starting one opens that draft",
    "intake:addendum": "addenda are for a signed assessment; this one is a draft (its page saves the draft)",
    "intake:patient": "the inquiry is already linked to patient A, so the page sends the user back",
    "intake:admit": "the inquiry's episode is already admitted",
    "intake:contact_attempt": "the inquiry is admitted (closed), so it takes no more contact attempts",
    "measures:response": "PHQ-9 has one band scheme, so there is no re-scoring form",
    "plans:start": "the current episode already has a plan",
    "plans:revise": "only a signed plan is revised; this one is a draft (plans:edit and plans:sign write)",
    "plans:review": "only a signed plan is reviewed; this one is a draft",
    "notes:edit": "the note is signed: its editor sends everyone to the read view (notes:detail writes)",
    "notes:session": "the appointment's note is already started",
    "notes:counselling_new": "the author's counselling note on the appointment exists (notes:counselling writes)",
    "notes:session (group)": "the group note is already started",
    "continuity:summary_start": "the discharged episode already has its summary",
    "continuity:readmit": "the discharged episode was already readmitted (the current episode)",
    "continuity:summary_sign": "signing needs the narrative first (summary_edit and aftercare_edit write)",
    "continuity:aftercare_patient_sign": "the patient signs a signed plan; this summary is a draft "
    "(test_patient_signs_the_aftercare_plan records signatures)",
    "episodes:admit": "the episode is already admitted",
    "medications:allergy_none": "patient A has an allergy on record, so no known allergies is refused "
    "(medications:allergy_add writes)",
    "privacy:unrestrict": "the record is not restricted (test_restricted_patients_... lifts a restriction)",
}


def test_every_tested_post_writes_for_someone_allowed(request, client_for, record):
    wrong = Wrong()
    for key, page in PAGES.items():
        if page.post is None or key in NO_WRITE_WITH_THIS_RECORD:
            continue
        client = client_for(request.getfixturevalue(page.writer))
        wrong.did("the POST writes", page.writer, key, "POST")
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = client.post(page.url(record), page.data(record))
            wrong.check(bool(patient_data_writes(queries)), f"{page.writer} {key} POST wrote nothing", response)
            transaction.set_rollback(True)
    wrong.assert_none("the POST writes")


# ---- two programs: records follow the program that made them (decision 0009) ---------------------------

# Pages keyed by one record: (the ProgramRecords attribute, the id kwargs from that record, the form data a
# POST sends or None). The lookups behind them are the same for GET and POST.
RECORD_PAGES = {
    "measures:response": ("measures", lambda r: {"response_id": r.measures[0].pk}, {"scheme": "other"}),
    "screens:collection": ("screen", lambda r: {"collection_id": r.screen.pk}, {"result": "0", "reason": "x"}),
    "medications:stop": (
        "medication",
        lambda r: {"medication_id": r.medication.pk},
        {"action": "stop", "stop-stopped_on": "2020-01-01", "stop-reason": "Side effects"},
    ),
    "consent:document": ("consent", lambda r: {"consent_id": r.consent.pk}, None),
    "consent:revoke": (
        "consent",
        lambda r: {"consent_id": r.consent.pk},
        {"revoked_on": "2020-01-01", "revocation_text": "I withdraw this consent."},
    ),
    "consent:release": ("consent", lambda r: {"consent_id": r.consent.pk}, {"information": ["drug_screens"]}),
    "notes:detail": ("note", lambda r: {"note_id": r.note.pk}, {"action": "addendum", "text": "Called."}),
    "intake:assessment": ("assessment", lambda r: {"assessment_id": r.assessment.pk}, {"allergies": "None"}),
    "plans:version": ("plan", lambda r: {"plan_id": r.plan.pk}, None),
    "plans:pdf": ("plan", lambda r: {"plan_id": r.plan.pk}, None),
    "continuity:summary": ("summary", lambda r: {"summary_id": r.summary.pk}, None),
    "continuity:summary_pdf": ("summary", lambda r: {"summary_id": r.summary.pk}, None),
}
# (patient, persona, whose records, opens?): program A is the SUD program (clinician_a), B the MH (clinician_b).
TWO_PROGRAM_CELLS = [
    ("dual", "clinician_a", "sud", True),  # the program that made them
    ("dual", "clinician_b", "sud", False),  # in both programs at once: nothing moved
    ("dual", "clinician_a", "mh", False),  # the PCL-5 stays with the MH program
    ("transferred", "clinician_b", "sud", True),  # moved with the patient's care
    ("transferred", "clinician_a", "sud", True),  # and the SUD program keeps its own record
    ("alumnus", "clinician_b", "sud", False),  # an earlier SUD episode, not a transfer
    ("alumnus", "clinician_a", "sud", True),
]
_SUD_KINDS = {"measures", "screen", "medication", "consent", "note", "assessment", "plan"}
TWO_PROGRAM_KINDS = {
    ("dual", "sud"): _SUD_KINDS,
    ("dual", "mh"): {"measures"},
    ("transferred", "sud"): _SUD_KINDS | {"summary"},
    ("alumnus", "sud"): {"measures", "summary"},
}


@pytest.fixture
def two_program_patients(db, request):
    names = ("make_patient", "make_user", "program_a", "program_b", "clinician_a", "clinician_b")
    names += ("prescriber_a", "nurse_a", "intake_a")
    return build_two_program_patients(**{name: request.getfixturevalue(name) for name in names})


def test_each_programs_records_open_for_its_staff_and_for_another_program_only_once_moved(
    request, client_for, two_program_patients
):
    wrong = Wrong()
    columns = set()
    for patient_key, persona, side, opens in TWO_PROGRAM_CELLS:
        column = f"two programs: {patient_key}"
        columns.add(column)
        user = request.getfixturevalue(persona)
        client = client_for(user)
        subject = two_program_patients[patient_key]
        records = getattr(subject, side)
        for key, (kind, kwargs, post) in RECORD_PAGES.items():
            if kind not in TWO_PROGRAM_KINDS[(patient_key, side)]:
                continue
            url = reverse(key, kwargs={"patient_id": subject.patient.pk, **kwargs(records)})
            cell = f"{column}: {persona} {key} ({side})"
            wrong.did(column, persona, f"{key} ({side})", "GET")
            response = client.get(url)
            wrong.check(response.status_code in (OPEN if opens else {404}), f"{cell} GET", response)
            if post is not None and not opens:
                wrong.did(column, persona, f"{key} ({side})", "POST")
                with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                    response = client.post(url, post)
                    wrong.check(response.status_code == 404, f"{cell} POST", response)
                    written = patient_data_writes(queries)
                    wrong.check(not written, f"{cell} POST wrote to {written}", response)
                    transaction.set_rollback(True)
    wrong.assert_none(*columns)
