"""Inquiries move through the pipeline only along allowed transitions; every move is recorded and audited,
every exit needs a reason, and a refused move changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.intake import services
from openiop.intake.models import Inquiry, InquiryStageChange, Stage
from openiop.intake.tests.factories import make_inquiry

pytestmark = pytest.mark.django_db

FORWARD = [
    (Stage.NEW, Stage.CONTACTED),
    (Stage.CONTACTED, Stage.SCREENED),
    (Stage.SCREENED, Stage.ASSESSMENT_BOOKED),
]
EXITS = [
    (start, exit_stage)
    for start in services.STAGE_TRANSITIONS
    for exit_stage in (Stage.REFERRED_ELSEWHERE, Stage.NOT_ADMITTED)
]


@pytest.mark.parametrize(("start", "target"), FORWARD)
def test_each_forward_move_is_recorded_in_the_history_and_audited(program_a, intake_a, start, target):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=start)
    audits = AuditEvent.objects.count()
    moved = services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage=target)
    assert moved.stage == target
    last = InquiryStageChange.objects.filter(inquiry=inquiry).last()
    assert (last.from_stage, last.to_stage, last.changed_by) == (start, target, intake_a)
    event = AuditEvent.objects.order_by("sequence").last()
    assert AuditEvent.objects.count() == audits + 1
    assert event.detail == {"event": "stage", "from_stage": start, "to_stage": target}


@pytest.mark.parametrize(("start", "exit_stage"), EXITS)
def test_every_exit_records_its_reason(program_a, intake_a, start, exit_stage):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=start)
    moved = services.inquiry_move(
        acting_user=intake_a,
        inquiry=inquiry,
        to_stage=exit_stage,
        reason="Needs detox first",
        referred_to="Valley Detox",
    )
    assert moved.stage == exit_stage
    assert moved.exit_reason == "Needs detox first"
    assert InquiryStageChange.objects.filter(inquiry=inquiry).last().reason == "Needs detox first"


@pytest.mark.parametrize("exit_stage", [Stage.REFERRED_ELSEWHERE, Stage.NOT_ADMITTED])
def test_an_exit_without_a_reason_is_refused_and_nothing_changes(program_a, intake_a, exit_stage):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    before = (InquiryStageChange.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage=exit_stage, reason="  ", referred_to="X")
    assert "reason" in refused.value.message_dict
    assert Inquiry.objects.get(pk=inquiry.pk).stage == Stage.NEW
    assert (InquiryStageChange.objects.count(), AuditEvent.objects.count()) == before


def test_referred_elsewhere_needs_the_place(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    with pytest.raises(ValidationError) as refused:
        services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage=Stage.REFERRED_ELSEWHERE, reason="PHP")
    assert "referred_to" in refused.value.message_dict


def test_skipping_a_stage_is_refused_naming_the_allowed_stages(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    before = InquiryStageChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage=Stage.ASSESSMENT_BOOKED)
    message = refused.value.message_dict["to_stage"][0]
    assert "contacted" in message and "referred_elsewhere" in message and "not_admitted" in message
    assert InquiryStageChange.objects.count() == before


def test_admitted_is_refused_by_a_move_and_points_to_the_admission_page(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.ASSESSMENT_BOOKED)
    with pytest.raises(ValidationError) as refused:
        services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage=Stage.ADMITTED)
    assert "admission page" in refused.value.message_dict["to_stage"][0]


def test_a_closed_inquiry_cannot_move_again(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage=Stage.NOT_ADMITTED, reason="Not reachable")
    with pytest.raises(ValidationError) as refused:
        services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage=Stage.CONTACTED)
    assert "closed" in refused.value.message_dict["to_stage"][0]


def test_an_unknown_stage_is_refused(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    with pytest.raises(ValidationError) as refused:
        services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage="limbo")
    assert "to_stage" in refused.value.message_dict


def test_the_first_history_row_is_the_inquiry_arriving(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    first = InquiryStageChange.objects.get(inquiry=inquiry)
    assert (first.from_stage, first.to_stage) == ("", Stage.NEW)
