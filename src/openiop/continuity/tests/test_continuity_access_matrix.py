"""Every persona against every continuity page (rules in plans/tests/access_matrix.py): not signed in →
sign-in page; role not granted → 403, audited; other program → 404, audited, no name or MRN; else allowed.
Billing and front desk have no access to any of it."""

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.continuity import services
from openiop.plans.tests.access_matrix import CLINICAL, PERSONAS, TREATMENT_TEAM, check, expected

from .builders import discharge, drafted_summary

EDITORS = {Role.DIRECTOR, Role.CLINICIAN}
GRANTED = {
    "continuity.view": CLINICAL,  # the patient here is discharged: an alumnus, so peer support sees the tab
    "continuity.view_summary": TREATMENT_TEAM,
    "continuity.edit": EDITORS,
    "continuity.sign": EDITORS,
    "continuity.readmit": {Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE},
    "referrals.edit": CLINICAL,
    "alumni.view": {Role.PEER_SUPPORT, Role.DIRECTOR, Role.CLINICIAN},
    "alumni.manage": {Role.PEER_SUPPORT, Role.DIRECTOR, Role.CLINICIAN},
    "programs.manage_settings": {Role.DIRECTOR},
}
# key -> (method, capability, url(ctx), data, scoped)
PAGES = {
    "continuity tab": ("GET", "continuity.view", lambda c: reverse("continuity:chart", args=[c["p"]]), {}, True),
    "summary": (
        "GET",
        "continuity.view_summary",
        lambda c: reverse("continuity:summary", args=[c["p"], c["s"]]),
        {},
        True,
    ),
    "summary pdf": (
        "GET",
        "continuity.view_summary",
        lambda c: reverse("continuity:summary_pdf", args=[c["p"], c["s"]]),
        {},
        True,
    ),
    "draft summary": (
        "POST",
        "continuity.edit",
        lambda c: reverse("continuity:summary_start", args=[c["p"], c["e"]]),
        {},
        True,
    ),
    "edit summary": (
        "POST",
        "continuity.edit",
        lambda c: reverse("continuity:summary_edit", args=[c["p"], c["s"]]),
        {},
        True,
    ),
    "edit aftercare": (
        "POST",
        "continuity.edit",
        lambda c: reverse("continuity:aftercare_edit", args=[c["p"], c["s"]]),
        {},
        True,
    ),
    "refresh": (
        "POST",
        "continuity.edit",
        lambda c: reverse("continuity:summary_refresh", args=[c["p"], c["s"]]),
        {},
        True,
    ),
    "sign": (
        "POST",
        "continuity.sign",
        lambda c: reverse("continuity:summary_sign", args=[c["p"], c["s"]]),
        {"typed_name": ""},
        True,
    ),
    "add referral": (
        "POST",
        "referrals.edit",
        lambda c: reverse("continuity:referral_add", args=[c["p"]]),
        {"category": "housing"},
        True,
    ),
    "referral status": (
        "POST",
        "referrals.edit",
        lambda c: reverse("continuity:referral_status", args=[c["p"], c["r"]]),
        {},
        True,
    ),
    "readmit": (
        "POST",
        "continuity.readmit",
        lambda c: reverse("continuity:readmit", args=[c["p"], c["e"]]),
        {"reason": ""},
        True,
    ),
    "check-in link": (
        "POST",
        "alumni.manage",
        lambda c: reverse("continuity:checkin_link", args=[c["p"], c["e"], 30]),
        {},
        True,
    ),
    "alumni page": ("GET", "alumni.view", lambda c: reverse("continuity:alumni"), {}, False),
    "check-in settings": (
        "GET",
        "programs.manage_settings",
        lambda c: reverse("continuity:settings", args=[c["program"]]),
        {},
        True,
    ),
}


def test_the_role_table_matches_these_expectations():
    from openiop.accounts.roles import CAPABILITIES

    for capability, roles in GRANTED.items():
        assert set(CAPABILITIES[capability]) == roles, capability
    assert not {Role.BILLING, Role.FRONT_DESK} & set().union(*GRANTED.values())


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_on_continuity_page(request, persona, page, patient_a, clinician_a, program_a, client_for):
    episode = discharge(patient_a.episodes.get(), clinician_a)
    summary = drafted_summary(episode, clinician=clinician_a)
    referral = services.referral_create(
        acting_user=clinician_a,
        episode=episode,
        category="housing",
        agency="Hope",
        reason="Lease",
        suggested_on=episode.discharged_on,
    )
    method, capability, url, data, scoped = PAGES[page]
    context = {"p": patient_a.pk, "e": episode.pk, "s": summary.pk, "r": referral.pk, "program": program_a.pk}
    outcome = expected(persona, GRANTED[capability], patient_scoped=scoped)
    check(request, client_for, persona, method, url(context), data, outcome, ["Quinlan", patient_a.mrn])
