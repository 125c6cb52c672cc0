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


CLINICAL_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE, Role.PEER_SUPPORT})
# Clinical roles, and the roles that can read the audit trail or change privileges, must use a second
# factor (ONC 170.315(d)(13)); front desk and billing may enrol but are not forced to.
MFA_REQUIRED_ROLES = CLINICAL_ROLES | {Role.PRIVACY_OFFICER, Role.SYSADMIN}

# capability -> roles granted it. Anything not listed is denied (deny by default).
CAPABILITIES: dict[str, frozenset[str]] = {
    "patients.view_list": CLINICAL_ROLES | {Role.BILLING, Role.FRONT_DESK},
    "patients.view_chart": CLINICAL_ROLES,
    "patients.register": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "episodes.admit": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "episodes.transfer": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "episodes.discharge": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "episodes.change_status": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "episodes.manage_care_team": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "measures.view": CLINICAL_ROLES,
    "measures.record": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE}),
    "measures.issue_link": CLINICAL_ROLES,
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
    "diagnoses.view": CLINICAL_ROLES,
    "diagnoses.edit": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER}),
    "plans.view": CLINICAL_ROLES,
    "plans.edit": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "plans.sign": CLINICAL_ROLES,
    "plans.supervise": frozenset({Role.DIRECTOR}),
    "plans.review": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "medications.view": CLINICAL_ROLES,
    "medications.record": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.INTAKE}),
    "medications.prescribe": frozenset({Role.PRESCRIBER}),
    "medications.administer": frozenset({Role.NURSE, Role.PRESCRIBER}),
    "screens.view": CLINICAL_ROLES,
    "screens.record": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE}),
    # Progress notes: the treating roles read and write them; intake, billing and front desk do not (minimum
    # necessary). Part 2 counselling-note restrictions come with consent (issue #8).
    "notes.view": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.PEER_SUPPORT}),
    "notes.write": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.PRESCRIBER, Role.NURSE, Role.PEER_SUPPORT}),
    "notes.cosign": frozenset({Role.DIRECTOR}),
    "notes.manage_settings": frozenset({Role.DIRECTOR}),
    "continuity.view": CLINICAL_ROLES,
    "continuity.edit": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "continuity.sign": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "continuity.readmit": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "referrals.edit": CLINICAL_ROLES,
    "alumni.view": frozenset({Role.PEER_SUPPORT, Role.DIRECTOR, Role.CLINICIAN}),
    "alumni.manage": frozenset({Role.PEER_SUPPORT, Role.DIRECTOR, Role.CLINICIAN}),
    "programs.manage_settings": frozenset({Role.DIRECTOR}),
    "consent.view": CLINICAL_ROLES,
    "consent.record": frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE}),
    "consent.disclose": frozenset({Role.DIRECTOR, Role.CLINICIAN}),
    "privacy.break_glass": CLINICAL_ROLES,
    "privacy.review": frozenset({Role.PRIVACY_OFFICER}),
    "privacy.restrict": frozenset({Role.PRIVACY_OFFICER}),
    "audit.view_report": frozenset({Role.PRIVACY_OFFICER, Role.SYSADMIN}),
    "accounts.manage_staff": frozenset({Role.SYSADMIN}),
}
