"""Builders for intake tests: inquiries at a stage, a complete assessment, TEDS admission answers."""

from datetime import date

from openiop.episodes.codes import ReferralSource
from openiop.intake import services
from openiop.intake.codes import Caller, Concern, PreferredTimes
from openiop.intake.models import Stage

PATH_TO = {
    Stage.NEW: [],
    Stage.CONTACTED: [Stage.CONTACTED],
    Stage.SCREENED: [Stage.CONTACTED, Stage.SCREENED],
    Stage.ASSESSMENT_BOOKED: [Stage.CONTACTED, Stage.SCREENED, Stage.ASSESSMENT_BOOKED],
}


def make_inquiry(program, *, acting_user, stage=Stage.NEW, **fields):
    values = {
        "caller": Caller.SELF,
        "first_name": "Robin",
        "last_name": "Castellano",
        "phone": "503-555-0199",
        "concern": Concern.SUBSTANCE_USE,
        "referral_source": ReferralSource.INDIVIDUAL,
        "preferred_times": PreferredTimes.EVENING,
        "consent_to_contact": True,
        **fields,
    }
    inquiry = services.inquiry_log_call(acting_user=acting_user, program=program, **values)
    for step in PATH_TO[stage]:
        inquiry = services.inquiry_move(acting_user=acting_user, inquiry=inquiry, to_stage=step)
    return inquiry


def complete_assessment_data() -> dict:
    return {
        "substances": [{"substance": 2, "route": 1, "frequency": 3, "age_at_first_use": 3}],
        "prior_episodes": 1,
        "prior_treatment": "Outpatient counselling 2019.",
        "mental_health_history": "Low mood for two years.",
        "medical_history": "Hypertension, treated.",
        "allergies": "None known",
        "current_medications": "Lisinopril 10 mg daily",
        "social": "Lives with partner; supportive sister.",
        "employment": 1,
        "education": 4,
        "living_arrangement": 3,
        "strengths": "Motivated, steady job.",
        "goals_in_own_words": "I want to stop drinking and be there for my kids.",
    }


def teds_data(**overrides) -> dict:
    return {
        "prior_episodes": 1,
        "employment": 1,
        "education": 4,
        "living_arrangement": 3,
        "planned_medication_assisted_therapy": 2,
        "primary_substance": 2,
        "primary_route": 1,
        "primary_frequency": 3,
        "primary_age_at_first_use": 3,
        **overrides,
    }


def new_patient_fields(**overrides) -> dict:
    return {
        "legal_first_name": "Robin",
        "legal_last_name": "Castellano",
        "date_of_birth": date(1985, 6, 1),
        "sex_assigned_at_birth": "female",
        "phone": "503-555-0199",
        **overrides,
    }
