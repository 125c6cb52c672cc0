"""Demo intake: inquiries at every pipeline stage, screenings, draft and signed assessments, placements (one
where the actual level differs from the recommended one) and one admission through intake. Synthetic."""

from datetime import date, timedelta

from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.intake import services
from openiop.intake.models import Inquiry, Stage
from openiop.programs.levels import level_of_care

from . import names
from .packets import demo_sign_packet, register_allowing_namesakes

CLEAR = {
    "needs_withdrawal_management": "no",
    "imminent_risk": "no",
    "medical_instability": "no",
    "stable_housing_and_support": "yes",
    "can_attend_schedule": "yes",
    "severe_co_occurring": "no",
}
ASSESSMENT = {
    "substances": [{"substance": 2, "route": 1, "frequency": 3, "age_at_first_use": 3}],
    "prior_episodes": 1,
    "prior_treatment": "Outpatient counselling two years ago; stopped after six sessions.",
    "mental_health_history": "Low mood and poor sleep for about a year.",
    "medical_history": "Mildly raised blood pressure.",
    "allergies": "None known",
    "current_medications": "None",
    "family": "Married, two children at primary school.",
    "social": "Few friends outside drinking; supportive sister.",
    "legal": "None",
    "employment": 1,
    "education": 4,
    "living_arrangement": 3,
    "strengths": "Steady job, wants to be present for the children.",
    "goals_in_own_words": "I want to stop drinking on weeknights and feel like myself again.",
}
TEDS = {
    "prior_episodes": 1,
    "employment": 1,
    "education": 4,
    "living_arrangement": 3,
    "planned_medication_assisted_therapy": 2,
    "primary_substance": 2,
    "primary_route": 1,
    "primary_frequency": 3,
    "primary_age_at_first_use": 3,
}
# (stage, days since first contact, concern, caller)
PIPELINE = [
    (Stage.NEW, 0, "substance_use", "self"),
    (Stage.NEW, 1, "mental_health", "family"),
    (Stage.CONTACTED, 3, "co_occurring", "provider"),
    (Stage.CONTACTED, 5, "trauma", "self"),
    (Stage.SCREENED, 6, "substance_use", "court"),
    (Stage.ASSESSMENT_BOOKED, 8, "substance_use", "employer"),
    (Stage.ASSESSMENT_BOOKED, 9, "eating_disorder", "school"),
    (Stage.REFERRED_ELSEWHERE, 12, "substance_use", "self"),
    (Stage.NOT_ADMITTED, 14, "mental_health", "other"),
    (Stage.ADMITTED, 10, "substance_use", "self"),
]
REFERRAL_FOR = {"self": 1, "family": 1, "provider": 3, "court": 7, "employer": 5, "school": 4, "other": 6}


def _answers(**changes) -> dict:
    return {key: {"answer": changes.get(key, value), "note": ""} for key, value in CLEAR.items()}


def add_intake(rng, programs, users) -> dict:
    program = programs["adult"]
    intake, clinician = users["ivy.intake"], users["carlos.counselor"]
    track = program.tracks.first()
    counts = {"inquiries": 0, "assessments": 0, "placements": 0}
    for serial, (stage, days_ago, concern, caller) in enumerate(PIPELINE):
        first = names.FIRST_NAMES[(serial * 11 + 3) % len(names.FIRST_NAMES)]
        last = names.LAST_NAMES[(serial * 13 + 1) % len(names.LAST_NAMES)]
        inquiry = services.inquiry_log_call(
            acting_user=intake,
            program=program,
            caller=caller,
            caller_name="" if caller == "self" else f"{rng.choice(names.FIRST_NAMES)} {last}",
            caller_relationship="" if caller == "self" else "Caller",
            first_name=first,
            last_name=last,
            phone=names.phone(rng),
            referral_source=REFERRAL_FOR[caller],
            concern=concern,
            payer_name=rng.choice(["Medicaid", "Blue Cross", "Aetna", ""]),
            preferred_times=rng.choice(["morning", "evening", "either"]),
            consent_to_contact=True,
        )
        Inquiry.objects.filter(pk=inquiry.pk).update(received_at=timezone.now() - timedelta(days=days_ago))
        counts["inquiries"] += 1
        if stage == Stage.NEW:
            continue
        services.inquiry_move(acting_user=intake, inquiry=inquiry, to_stage=Stage.CONTACTED)
        if stage == Stage.NOT_ADMITTED:
            services.inquiry_move(
                acting_user=intake,
                inquiry=inquiry,
                to_stage=Stage.NOT_ADMITTED,
                reason="Could not be reached after 3 calls",
            )
            continue
        if stage == Stage.CONTACTED:
            continue
        if stage == Stage.REFERRED_ELSEWHERE:
            services.screening_record(
                acting_user=intake,
                inquiry=inquiry,
                answers=_answers(needs_withdrawal_management="yes"),
                outcome="higher",
                higher_level="withdrawal_management",
                referred_to="Riverside Withdrawal Management Unit",
                referral_reason="Daily heavy use with past withdrawal seizures",
            )
            services.inquiry_move(
                acting_user=intake,
                inquiry=inquiry,
                to_stage=Stage.REFERRED_ELSEWHERE,
                reason="Needs withdrawal management first",
                referred_to="Riverside Withdrawal Management Unit",
            )
            continue
        services.screening_record(acting_user=intake, inquiry=inquiry, answers=_answers(), outcome="iop")
        if stage == Stage.SCREENED:
            continue
        patient = register_allowing_namesakes(
            services.inquiry_create_patient,
            acting_user=intake,
            inquiry=inquiry,
            legal_first_name=first,
            legal_last_name=last,
            date_of_birth=date(1980 + serial, 1 + serial % 12, 10),
            sex_assigned_at_birth=rng.choice(["female", "male"]),
            phone=inquiry.phone,
        )
        assessment = services.assessment_start(acting_user=intake, patient=patient, program=program)
        counts["assessments"] += 1
        if stage == Stage.ASSESSMENT_BOOKED and serial % 2 == 0:
            partial = {k: v for k, v in ASSESSMENT.items() if k in ("substances", "family", "strengths")}
            services.assessment_save_draft(acting_user=intake, assessment=assessment, data=partial)
            services.inquiry_move(acting_user=intake, inquiry=inquiry, to_stage=Stage.ASSESSMENT_BOOKED)
            continue
        services.assessment_save_draft(acting_user=intake, assessment=assessment, data=ASSESSMENT)
        signed = services.assessment_sign(acting_user=clinician, assessment=assessment)
        services.addendum_add(
            acting_user=clinician, assessment=signed, text="Sister confirmed no prior withdrawal complications."
        )
        differ = stage == Stage.ADMITTED
        services.placement_record(
            acting_user=clinician,
            patient=patient,
            program=program,
            edition="asam3",
            ratings={f"d{n}": {"rating": 2 if n in (3, 5) else 1, "note": ""} for n in range(1, 7)},
            recommended_level=level_of_care("asam3", "2.5" if differ else "2.1"),
            actual_level=level_of_care("asam3", "2.1"),
            difference_reason="patient_preference" if differ else "",
            difference_note="Keeps working days; evening IOP chosen" if differ else "",
            assessment=signed,
        )
        counts["placements"] += 1
        if stage == Stage.ADMITTED:
            inquiry.refresh_from_db()
            demo_sign_packet(inquiry.episode, acting_user=intake)
            services.admission_admit(
                acting_user=intake,
                inquiry=inquiry,
                admitted_on=local_today(program.time_zone),
                track=track,
                level_of_care=level_of_care("asam3", "2.1"),
                primary_clinician=clinician,
                teds=TEDS,
            )
        else:
            services.inquiry_move(acting_user=intake, inquiry=inquiry, to_stage=Stage.ASSESSMENT_BOOKED)
    return counts
