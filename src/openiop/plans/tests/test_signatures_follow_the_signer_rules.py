"""Who may sign what: the patient types their own name (a clinician witnesses), the clinician must be
clinical staff signing with their own name, the supervisor must be a director and not the clinician."""

import pytest
from django.core.exceptions import ValidationError

from openiop.accounts.roles import Role
from openiop.accounts.testing import signature_of
from openiop.plans import services
from openiop.plans.models import PlanSignature, PlanStatus, SignerRole

from .builders import complete_plan


@pytest.fixture
def plan(patient_a, clinician_a):
    return complete_plan(patient_a.episodes.get(), acting_user=clinician_a)


def test_the_patient_signature_records_the_typed_name_the_witness_time_and_address(plan, clinician_a):
    signature = services.plan_sign(
        acting_user=clinician_a,
        plan=plan,
        role=SignerRole.PATIENT,
        typed_name="  alma   QUINLAN ",
        ip_address="192.0.2.44",
    )
    assert signature.typed_name == "alma QUINLAN"
    assert signature.witnessed_by == clinician_a
    assert signature.signed_by is None
    assert signature.ip_address == "192.0.2.44"
    assert signature.signed_at is not None


def test_a_patient_signature_with_another_name_is_refused(plan, clinician_a):
    with pytest.raises(ValidationError) as error:
        services.plan_sign(acting_user=clinician_a, plan=plan, role=SignerRole.PATIENT, typed_name="Someone Else")
    assert "typed_name" in error.value.message_dict
    assert not PlanSignature.objects.exists()


def test_the_clinician_must_type_their_own_name(plan, clinician_a):
    with pytest.raises(ValidationError) as error:
        services.plan_sign(
            acting_user=clinician_a,
            plan=plan,
            role=SignerRole.CLINICIAN,
            typed_name="Dr Nobody",
            signature=signature_of(clinician_a),
        )
    assert "your own full name" in error.value.message_dict["typed_name"][0]


def test_a_clinician_cannot_sign_as_the_supervisor(plan, clinician_a):
    with pytest.raises(ValidationError, match="program director"):
        services.plan_sign(
            acting_user=clinician_a,
            plan=plan,
            role=SignerRole.SUPERVISOR,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        )


def test_the_supervisor_cannot_be_the_clinician_who_signed(plan, director_a):
    services.plan_sign(
        acting_user=director_a,
        plan=plan,
        role=SignerRole.CLINICIAN,
        typed_name=director_a.get_full_name(),
        signature=signature_of(director_a),
    )
    with pytest.raises(ValidationError, match="someone other than the clinician"):
        services.plan_sign(
            acting_user=director_a,
            plan=plan,
            role=SignerRole.SUPERVISOR,
            typed_name=director_a.get_full_name(),
            signature=signature_of(director_a),
        )


def test_billing_staff_cannot_sign_at_all(plan, make_user, program_a):
    billing = make_user(Role.BILLING, [program_a])
    with pytest.raises(ValidationError, match="may not sign"):
        services.plan_sign(
            acting_user=billing,
            plan=plan,
            role=SignerRole.CLINICIAN,
            typed_name=billing.get_full_name(),
            signature=signature_of(billing),
        )


def test_staff_of_another_program_cannot_sign(plan, clinician_b):
    with pytest.raises(ValidationError, match="may not sign"):
        services.plan_sign(
            acting_user=clinician_b,
            plan=plan,
            role=SignerRole.CLINICIAN,
            typed_name=clinician_b.get_full_name(),
            signature=signature_of(clinician_b),
        )


def test_a_role_signs_only_once(plan, clinician_a):
    services.plan_sign(acting_user=clinician_a, plan=plan, role=SignerRole.PATIENT, typed_name="Alma Quinlan")
    with pytest.raises(ValidationError, match="already signed"):
        services.plan_sign(acting_user=clinician_a, plan=plan, role=SignerRole.PATIENT, typed_name="Alma Quinlan")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
