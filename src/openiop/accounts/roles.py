"""Staff roles and what each may do: one table, read by the access policy (accounts.rules)."""

from django.db import models


class Role(models.TextChoices):
    DIRECTOR = "director", "Program director"
    CLINICIAN = "clinician", "Clinician / counselor"
    PRESCRIBER = "prescriber", "Prescriber"
    NURSE = "nurse", "Nurse"
    INTAKE = "intake", "Intake coordinator"
    BILLING = "billing", "Billing"
    PEER_SUPPORT = "peer_support", "Peer-support / alumni coordinator"
    FRONT_DESK = "front_desk", "Front desk"
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer"
    SYSADMIN = "sysadmin", "System administrator"


# Staff who care for patients: they can be on a care team, facilitate sessions and take attendance.
CLINICAL_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE, Role.PEER_SUPPORT})
# Those who read the treatment record. Peer support sees alumni information only (issue #8): the alumni
# board, check-ins, aftercare plans, essential-services referrals and schedules — and only for patients who
# have finished an episode in their programs (privacy.policy.visible_q).
TREATING_ROLES = CLINICAL_ROLES - {Role.PEER_SUPPORT}
# The intake coordinator works the pipeline (privacy.policy.visible_q: patients not yet admitted) and reads the
# intake documents and what intake records (consents, patient-reported medications, screening questionnaires);
# drug screens, diagnoses, plans, discharge summaries and the program's score table are the treating team's.
TREATMENT_TEAM = TREATING_ROLES - {Role.INTAKE}
# Every role must use a second factor (ONC 170.315(d)(13)): the clinical roles, front desk and billing see
# patients' names and phone numbers (in a substance-use program that alone discloses treatment), the privacy
# officer reads the audit trail and the administrator changes privileges. A role added later is covered too.
# Whoever has enrolled a second factor is asked for it even where OPENIOP_MFA_REQUIRED is off (models.User).
MFA_REQUIRED_ROLES = frozenset(Role)

# capability -> roles granted it. Anything not listed is denied (deny by default).
CAPABILITIES: dict[str, frozenset[str]] = {
    "patients.view_list": CLINICAL_ROLES | {Role.BILLING, Role.FRONT_DESK},
    "patients.view_chart": CLINICAL_ROLES,
    # Front desk sees schedules and contact details only: the list shows them name, MRN, phone, program and
    # status; the level of care is for the clinical roles and billing (which bills by it).
    "patients.view_level_of_care": CLINICAL_ROLES | {Role.BILLING},
    # The home page's census of patients in treatment; peer support's home page is their alumni follow-up.
    "episodes.view_census": TREATING_ROLES | {Role.BILLING, Role.FRONT_DESK},
    "patients.register": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    # Merging a duplicate record into the kept one moves everything of the patient's: privacy officer and
    # administrator only (patients.services.patient_merge), audited with the manifest of what moved.
    "patients.merge": frozenset({Role.PRIVACY_OFFICER, Role.SYSADMIN}),
    "episodes.admit": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "episodes.transfer": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "episodes.discharge": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "episodes.change_status": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "episodes.manage_care_team": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "measures.view": TREATING_ROLES,
    "measures.view_program_scores": TREATMENT_TEAM,
    "measures.record": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE}),
    "measures.issue_link": TREATING_ROLES,
    "measures.rescore": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER}),
    "measures.acknowledge_alert": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE}),
    "measures.manage_schedule": frozenset({Role.DIRECTOR}),
    "schedule.view": CLINICAL_ROLES | {Role.FRONT_DESK},
    "schedule.take_attendance": CLINICAL_ROLES,
    "schedule.manage": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.FRONT_DESK}),
    "schedule.view_compliance": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.BILLING}),
    "tasks.view": CLINICAL_ROLES,
    "tasks.complete": CLINICAL_ROLES,
    "intake.view": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "intake.log_call": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE, Role.FRONT_DESK}),
    "intake.manage": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "intake.sign": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "diagnoses.view": TREATMENT_TEAM,
    "diagnoses.edit": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER}),
    "plans.view": TREATMENT_TEAM,
    "plans.edit": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "plans.sign": TREATING_ROLES,
    "plans.supervise": frozenset({Role.DIRECTOR}),
    "plans.review": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "medications.view": TREATING_ROLES,
    "medications.record": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE}),
    "medications.prescribe": frozenset({Role.PRESCRIBER}),
    "medications.administer": frozenset({Role.NURSE, Role.PRESCRIBER}),
    "screens.view": TREATMENT_TEAM,
    "screens.record": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE}),
    # Progress notes: the treating roles read and write them; intake, peer support, billing and front desk do
    # not (minimum necessary). Who on those roles reads a given chart's notes: privacy.policy.
    "notes.view": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE}),
    "notes.write": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE}),
    # SUD counselling notes (42 CFR 2.11): kept apart from the record; read by their author and the author's
    # supervisor only (privacy.policy.may_read_counselling_note), disclosed only under their own consent.
    "notes.counselling": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER}),
    "notes.cosign": frozenset({Role.DIRECTOR}),
    "notes.manage_settings": frozenset({Role.DIRECTOR}),
    "continuity.view": CLINICAL_ROLES,
    # The discharge summary holds diagnoses, scores and medications: not for peer support, who see the
    # aftercare plan on the chart tab instead.
    "continuity.view_summary": TREATMENT_TEAM,
    "continuity.edit": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "continuity.sign": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "continuity.readmit": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "referrals.edit": CLINICAL_ROLES,
    "alumni.view": frozenset({Role.PEER_SUPPORT, Role.DIRECTOR, Role.CLINICIAN}),
    "alumni.manage": frozenset({Role.PEER_SUPPORT, Role.DIRECTOR, Role.CLINICIAN}),
    "programs.manage_settings": frozenset({Role.DIRECTOR}),
    # The privacy officer reads consents and the accounting of disclosures of every patient (42 CFR 2.25,
    # 45 CFR 164.528): the organization's answer to a patient's request is theirs to give. Nothing clinical.
    "consent.view": TREATING_ROLES | {Role.PRIVACY_OFFICER},
    "consent.record": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "consent.disclose": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    # Registering an outside system that takes records through the API under consents naming it.
    "consent.manage_outside_parties": frozenset({Role.PRIVACY_OFFICER}),
    "privacy.break_glass": CLINICAL_ROLES,
    "privacy.review": frozenset({Role.PRIVACY_OFFICER}),
    "privacy.restrict": frozenset({Role.PRIVACY_OFFICER}),
    "audit.view_report": frozenset({Role.PRIVACY_OFFICER, Role.SYSADMIN}),
    "accounts.manage_staff": frozenset({Role.SYSADMIN}),
    # The OpenAPI schema: for those who connect other systems (the privacy officer registers outside systems).
    "api.view_schema": frozenset({Role.SYSADMIN, Role.PRIVACY_OFFICER}),
}
