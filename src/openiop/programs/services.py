"""Program settings that clinical rules read: payer hours rules, phases and the plan-review cadence."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.audit.services import audit_record

from .hours_rules import PAYER_RULES
from .models import PACKET_DOCUMENTS, WEEKDAYS, Phase, Program

# A review cadence outside these bounds is a typo rather than a policy (monthly reviews are the usual default).
PLAN_REVIEW_DAYS_RANGE = (7, 180)
# A phone number as people write it: digits with spaces, dashes, dots, brackets and a leading +.
PHONE_PATTERN = re.compile(r"^\+?[0-9 ().-]+$")
PHONE_DIGITS = (7, 15)


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not phone:
        return ""
    digits = sum(c.isdigit() for c in phone)
    if not PHONE_PATTERN.match(phone) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise ValidationError(
            {
                "phone": "Give a phone number of 7 to 15 digits; spaces, dashes, dots, brackets and a leading + "
                "are allowed (e.g. (555) 010-2030)."
            }
        )
    return phone


@transaction.atomic
def program_settings_update(
    *, acting_user, program: Program, payer_codes: list[str], plan_review_days: int, phone: str | None = None
) -> Program:
    """Change the settings; ``phone`` None leaves the program's phone as it is."""
    unknown = [code for code in payer_codes if code not in PAYER_RULES]
    if unknown:
        raise ValidationError(
            {"payer_codes": f"Unknown payer rule {', '.join(unknown)}; choose from {', '.join(PAYER_RULES)}."}
        )
    low, high = PLAN_REVIEW_DAYS_RANGE
    if plan_review_days is None or not low <= plan_review_days <= high:
        raise ValidationError({"plan_review_days": f"Give a number of days from {low} to {high}."})
    phone = program.phone if phone is None else _clean_phone(phone)
    before = {"payer_codes": program.payer_codes, "plan_review_days": program.plan_review_days}
    after = {"payer_codes": list(dict.fromkeys(payer_codes)), "plan_review_days": plan_review_days}
    if phone != program.phone:
        before["phone"], after["phone"] = program.phone, phone
    program.payer_codes, program.plan_review_days, program.phone = after["payer_codes"], plan_review_days, phone
    program.save(update_fields=["payer_codes", "plan_review_days", "phone", "updated_at"])
    audit_record(
        user=acting_user,
        action="update",
        object_type="program",
        object_id=program.pk,
        detail={"before": before, "after": after},
    )
    return program


@transaction.atomic
def program_admission_rules_update(
    *, acting_user, program: Program, min_age: int | None, max_age: int | None, packet_documents: list[str]
) -> Program:
    """The ages a program admits (checked at admission; a director may override) and the documents of its
    consent-to-treat packet."""
    errors = {}
    for field, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None and not 0 <= value <= 120:
            errors[field] = "Give an age from 0 to 120, or leave it empty for no bound."
    if min_age is not None and max_age is not None and min_age > max_age:
        errors["min_age"] = f"The youngest age ({min_age}) cannot be above the oldest ({max_age})."
    unknown = [key for key in packet_documents if key not in PACKET_DOCUMENTS]
    if unknown or not packet_documents:
        errors["packet_documents"] = f"Choose one or more of: {', '.join(PACKET_DOCUMENTS)}."
    if errors:
        raise ValidationError(errors)
    before = {"min_age": program.min_age, "max_age": program.max_age, "packet_documents": program.packet_documents}
    program.min_age, program.max_age = min_age, max_age
    program.packet_documents = [key for key in PACKET_DOCUMENTS if key in packet_documents]
    program.save(update_fields=["min_age", "max_age", "packet_documents", "updated_at"])
    audit_record(
        user=acting_user,
        action="update",
        object_type="program",
        object_id=program.pk,
        detail={
            "before": before,
            "after": {"min_age": min_age, "max_age": max_age, "packet_documents": program.packet_documents},
        },
    )
    return program


@transaction.atomic
def phase_save(
    *, acting_user, program: Program, name: str, order: int, weekdays: list[str], description: str = "", phase=None
) -> Phase:
    """Create a phase, or change one (``phase``). Its days apply from each patient's effective dates on."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Name the phase (e.g. Phase 2: three days a week)."})
    unknown = [day for day in weekdays if day not in WEEKDAYS]
    if not weekdays or unknown:
        raise ValidationError({"weekdays": f"Choose one or more days from {', '.join(WEEKDAYS)}."})
    if order is None or not 1 <= order <= 20:
        raise ValidationError({"order": "Give the phase's place from 1 (most intensive) to 20."})
    clash = Phase.objects.filter(program=program).exclude(pk=phase.pk if phase else None)
    if clash.filter(name=name).exists():
        raise ValidationError({"name": f"{program.name} already has a phase named '{name}'."})
    if clash.filter(order=order).exists():
        raise ValidationError({"order": f"{program.name} already has a phase at place {order}."})
    created = phase is None
    phase = phase or Phase(program=program)
    phase.name, phase.order, phase.description = name, order, (description or "").strip()
    phase.weekdays = ",".join(day for day in WEEKDAYS if day in weekdays)
    phase.save()
    audit_record(
        user=acting_user,
        action="create" if created else "update",
        object_type="phase",
        object_id=phase.pk,
        detail={"program_id": program.pk, "weekdays": phase.weekdays},
    )
    return phase
