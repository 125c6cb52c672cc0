"""Medication writes: the medication list, MAT orders and the MAT administration log. All audited.

Every refusal names the field and what it allows; a refused write saves nothing.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts.roles import Role
from openiop.audit.services import audit_record
from openiop.core.timezones import local_today

from .mat import CATALOGUE
from .models import (
    INJECTION_ROUTES,
    AdministrationOutcome,
    Allergy,
    AllergySeverity,
    AllergyStatus,
    DoseUnit,
    Frequency,
    Indication,
    MatAdministration,
    MatOrder,
    MatOrderStatus,
    Medication,
    MedicationSource,
    MedicationStatus,
    Route,
)
from .selectors import allergies_recorded

ADMINISTERING_ROLES = frozenset({Role.NURSE, Role.PRESCRIBER})


def _allowed(choices) -> str:
    return ", ".join(choices.values) if hasattr(choices, "values") else ", ".join(choices)


def _today(episode) -> date:
    return local_today(episode.program.time_zone if episode is not None else settings.TIME_ZONE)


def _check_dose(errors: dict, amount, unit: str, *, units=None, field: str = "dose_amount") -> Decimal | None:
    allowed_units = tuple(units) if units else tuple(DoseUnit.values)
    if unit not in allowed_units:
        errors["dose_unit"] = f"Choose one of: {', '.join(allowed_units)}."
    try:
        value = Decimal(str(amount)) if amount not in (None, "") else None
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value <= 0:
        errors[field] = "Enter a dose above 0 (e.g. 8 or 0.5)."
        return None
    return value


def _check_choice(errors: dict, field: str, value: str, choices) -> None:
    if value not in choices.values:
        errors[field] = f"Choose one of: {_allowed(choices)}."


def _check_not_future(errors: dict, field: str, day, today: date) -> None:
    if day is None:
        errors[field] = "Enter a date (YYYY-MM-DD)."
    elif day > today:
        errors[field] = f"This date is after today ({today:%Y-%m-%d}) in the program's time zone."


def _is_prescriber_in(user, program_id: int) -> bool:
    return bool(user and user.is_active and user.role == Role.PRESCRIBER and program_id in user.program_ids)


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# ---- medication list ----


@transaction.atomic
def medication_add(
    *,
    acting_user,
    patient,
    episode,
    name: str,
    dose_amount,
    dose_unit: str,
    route: str,
    frequency: str,
    source: str,
    started_on: date,
    frequency_detail: str = "",
    prescriber=None,
    outside_prescriber_name: str = "",
) -> Medication:
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Enter the medication's name (e.g. sertraline)."
    amount = _check_dose(errors, dose_amount, dose_unit)
    _check_choice(errors, "route", route, Route)
    _check_choice(errors, "frequency", frequency, Frequency)
    _check_choice(errors, "source", source, MedicationSource)
    _check_not_future(errors, "started_on", started_on, _today(episode))
    outside_prescriber_name = (outside_prescriber_name or "").strip()
    if source == MedicationSource.PRESCRIBED_HERE:
        if acting_user.role != Role.PRESCRIBER:
            errors["source"] = (
                "Only a prescriber records a medication prescribed here; choose outside prescriber or patient-reported."
            )
        elif episode is None or not _is_prescriber_in(prescriber, episode.program_id):
            errors["prescriber"] = "Choose a prescriber of this patient's program."
    elif source == MedicationSource.OUTSIDE_PRESCRIBER:
        if prescriber is not None:
            errors["prescriber"] = "Leave the staff prescriber empty for an outside prescriber; name them instead."
        if not outside_prescriber_name:
            errors["outside_prescriber_name"] = "Name the outside prescriber or clinic."
    elif source == MedicationSource.PATIENT_REPORTED and prescriber is not None:
        errors["prescriber"] = "Leave the staff prescriber empty for a patient-reported medication."
    _raise(errors)
    medication = Medication.objects.create(
        patient=patient,
        episode=episode,
        name=name,
        dose_amount=amount,
        dose_unit=dose_unit,
        route=route,
        frequency=frequency,
        frequency_detail=(frequency_detail or "").strip(),
        source=source,
        prescriber=prescriber if source == MedicationSource.PRESCRIBED_HERE else None,
        outside_prescriber_name=outside_prescriber_name,
        started_on=started_on,
        recorded_by=acting_user,
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="medication",
        object_id=medication.pk,
        patient_id=patient.pk,
        detail={"source": source},
    )
    return medication


def _locked(model, pk: int):
    # Lock only the row itself: PostgreSQL cannot lock the nullable side of the outer join to the episode.
    return model.objects.select_for_update(of=("self",)).select_related("episode__program").get(pk=pk)


@transaction.atomic
def medication_stop(*, acting_user, medication: Medication, stopped_on: date, reason: str) -> Medication:
    medication = _locked(Medication, medication.pk)
    errors: dict[str, str] = {}
    if medication.status != MedicationStatus.ACTIVE:
        errors["__all__"] = f"This medication is already {medication.get_status_display().lower()}."
    _check_not_future(errors, "stopped_on", stopped_on, _today(medication.episode))
    if stopped_on is not None and stopped_on < medication.started_on:
        errors["stopped_on"] = f"The stop date is before the start date ({medication.started_on:%Y-%m-%d})."
    if not (reason or "").strip():
        errors["reason"] = "Say why it was stopped (e.g. side effects, course completed, patient choice)."
    _raise(errors)
    medication.status, medication.stopped_on, medication.stop_reason = (
        MedicationStatus.STOPPED,
        stopped_on,
        reason.strip(),
    )
    medication.save(update_fields=["status", "stopped_on", "stop_reason", "updated_at"])
    audit_record(
        user=acting_user,
        action="update",
        object_type="medication",
        object_id=medication.pk,
        patient_id=medication.patient_id,
        detail={"event": "stopped"},
    )
    return medication


@transaction.atomic
def medication_mark_error(*, acting_user, medication: Medication, reason: str) -> Medication:
    medication = _locked(Medication, medication.pk)
    errors: dict[str, str] = {}
    if medication.status == MedicationStatus.ENTERED_IN_ERROR:
        errors["__all__"] = "This medication is already marked as entered in error."
    if not (reason or "").strip():
        errors["reason"] = "Say what was wrong (e.g. wrong patient, duplicate entry)."
    _raise(errors)
    medication.status, medication.stop_reason = MedicationStatus.ENTERED_IN_ERROR, reason.strip()
    medication.save(update_fields=["status", "stop_reason", "updated_at"])
    audit_record(
        user=acting_user,
        action="update",
        object_type="medication",
        object_id=medication.pk,
        patient_id=medication.patient_id,
        detail={"event": "entered_in_error"},
    )
    return medication


# ---- allergies ----


def _audit_allergy(acting_user, allergy: Allergy, action: str, **detail) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type="allergy",
        object_id=allergy.pk,
        patient_id=allergy.patient_id,
        detail=detail,
    )


def _lock_patient_allergies(patient) -> list[Allergy]:
    # Lock the patient's active entries so two people recording at once cannot leave both an allergy and
    # "no known allergies" active.
    return list(
        Allergy.objects.select_for_update().filter(patient_id=patient.pk, status=AllergyStatus.ACTIVE).order_by("pk")
    )


@transaction.atomic
def allergy_record(*, acting_user, patient, allergen: str, reaction: str, severity: str) -> Allergy:
    """Record an allergy or intolerance. An active "no known allergies" entry is superseded by it."""
    errors: dict[str, str] = {}
    allergen, reaction = (allergen or "").strip(), (reaction or "").strip()
    if not allergen:
        errors["allergen"] = "Name the allergen (a medication, food or substance, e.g. penicillin)."
    elif len(allergen) > 120:
        errors["allergen"] = f"Keep it to 120 characters (it has {len(allergen)})."
    if len(reaction) > 200:
        errors["reaction"] = f"Keep it to 200 characters (it has {len(reaction)})."
    _check_choice(errors, "severity", severity, AllergySeverity)
    active = _lock_patient_allergies(patient)
    if allergen and any(a.allergen.casefold() == allergen.casefold() for a in active):
        errors["allergen"] = f"{allergen} is already on the allergy list."
    _raise(errors)
    allergy = Allergy.objects.create(
        patient=patient, allergen=allergen, reaction=reaction, severity=severity, recorded_by=acting_user
    )
    _audit_allergy(acting_user, allergy, "create", severity=severity)
    for none in (a for a in active if a.no_known_allergies):
        none.status, none.status_reason = AllergyStatus.SUPERSEDED, "An allergy was recorded."
        none.save(update_fields=["status", "status_reason", "updated_at"])
        _audit_allergy(acting_user, none, "update", event="superseded", by_allergy_id=allergy.pk)
    return allergy


@transaction.atomic
def allergy_record_none(*, acting_user, patient) -> Allergy:
    """Record that the patient has no known allergies (asked and answered: not the same as not recorded)."""
    active = _lock_patient_allergies(patient)
    allergies = [a.allergen for a in active if not a.no_known_allergies]
    if allergies:
        raise ValidationError(
            {
                "__all__": f"The allergy list has {', '.join(allergies)}; mark an entry as entered in error "
                "before recording no known allergies."
            }
        )
    if active:
        raise ValidationError({"__all__": "No known allergies is already recorded."})
    allergy = Allergy.objects.create(patient=patient, no_known_allergies=True, recorded_by=acting_user)
    _audit_allergy(acting_user, allergy, "create", no_known_allergies=True)
    return allergy


@transaction.atomic
def allergy_mark_error(*, acting_user, allergy: Allergy, reason: str) -> Allergy:
    allergy = Allergy.objects.select_for_update().get(pk=allergy.pk)
    errors: dict[str, str] = {}
    if allergy.status != AllergyStatus.ACTIVE:
        errors["__all__"] = f"This entry is already {allergy.get_status_display().lower()}."
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Say what was wrong (e.g. wrong patient, duplicate entry)."
    elif len(reason) > 300:
        errors["reason"] = f"Keep it to 300 characters (it has {len(reason)})."
    _raise(errors)
    allergy.status, allergy.status_reason = AllergyStatus.ENTERED_IN_ERROR, reason
    allergy.save(update_fields=["status", "status_reason", "updated_at"])
    _audit_allergy(acting_user, allergy, "update", event="entered_in_error")
    return allergy


# ---- MAT orders ----


@transaction.atomic
def mat_order_create(
    *,
    acting_user,
    patient,
    episode,
    medication: str,
    dose_amount,
    dose_unit: str,
    route: str,
    frequency: str,
    indication: str,
    prescriber,
    started_on: date,
    otp_name: str = "",
    dispensing_schedule: str = "",
    take_homes_allowed: bool | None = None,
    take_home_doses: int | None = None,
) -> MatOrder:
    errors: dict[str, str] = {}
    entry = CATALOGUE.get(medication)
    if entry is None:
        errors["medication"] = f"Choose one of: {', '.join(CATALOGUE)}."
    amount = _check_dose(errors, dose_amount, dose_unit, units=entry.units if entry else None)
    if entry is not None and route not in entry.routes:
        errors["route"] = f"{entry.name} is given by: {', '.join(entry.routes)}."
    _check_choice(errors, "frequency", frequency, Frequency)
    if indication not in Indication.values:
        errors["indication"] = f"Choose one of: {_allowed(Indication)}."
    elif entry is not None and indication not in entry.indications:
        errors["indication"] = f"{entry.name} is a medication for: {', '.join(sorted(entry.indications))}."
    if episode is None or not episode.is_open:
        errors["__all__"] = "MAT orders are for a patient with an open episode."
    elif not _is_prescriber_in(prescriber, episode.program_id):
        errors["prescriber"] = "Choose a prescriber (prescriber role) of this patient's program."
    if acting_user.role != Role.PRESCRIBER:
        errors.setdefault("prescriber", "Only a prescriber enters a MAT order.")
    if patient is not None and not allergies_recorded(patient.pk):
        errors.setdefault(
            "__all__",
            "Record the patient's allergies first (an allergy, or no known allergies) on the Medications tab.",
        )
    _check_not_future(errors, "started_on", started_on, _today(episode))
    otp_name, dispensing_schedule = (otp_name or "").strip(), (dispensing_schedule or "").strip()
    if entry is not None and entry.dispensed_by_program:
        if not otp_name:
            errors["otp_name"] = "Name the opioid treatment program (OTP) that doses methadone."
        if not dispensing_schedule:
            errors["dispensing_schedule"] = "Describe the dispensing schedule (e.g. daily observed at the OTP)."
        if take_homes_allowed is None:
            errors["take_homes_allowed"] = "Say whether take-home doses are allowed: yes or no."
        elif take_homes_allowed and (take_home_doses is None or take_home_doses < 1):
            errors["take_home_doses"] = "Enter how many take-home doses (1 or more)."
        elif not take_homes_allowed and take_home_doses:
            errors["take_home_doses"] = "Leave empty when take-home doses are not allowed."
    elif otp_name or dispensing_schedule or take_homes_allowed is not None or take_home_doses:
        errors["otp_name"] = "Programme details (OTP, dispensing, take-homes) are for methadone orders only."
    if entry is not None and patient is not None and not errors:
        duplicate = MatOrder.objects.filter(patient=patient, medication=medication, status=MatOrderStatus.ACTIVE)
        if duplicate.exists():
            errors["medication"] = f"There is already an active {entry.name} order; stop it before ordering another."
    _raise(errors)
    order = MatOrder.objects.create(
        patient=patient,
        episode=episode,
        medication=medication,
        dose_amount=amount,
        dose_unit=dose_unit,
        route=route,
        frequency=frequency,
        indication=indication,
        prescriber=prescriber,
        started_on=started_on,
        otp_name=otp_name,
        dispensing_schedule=dispensing_schedule,
        take_homes_allowed=take_homes_allowed,
        take_home_doses=take_home_doses if take_homes_allowed else None,
        ordered_by=acting_user,
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="mat_order",
        object_id=order.pk,
        patient_id=patient.pk,
        detail={"medication": medication, "indication": indication},
    )
    return order


@transaction.atomic
def mat_order_stop(*, acting_user, order: MatOrder, stopped_on: date, reason: str) -> MatOrder:
    order = _locked(MatOrder, order.pk)
    errors: dict[str, str] = {}
    if order.status != MatOrderStatus.ACTIVE:
        errors["__all__"] = "This order is already stopped."
    if acting_user.role != Role.PRESCRIBER:
        errors["__all__"] = "Only a prescriber stops a MAT order."
    _check_not_future(errors, "stopped_on", stopped_on, _today(order.episode))
    if stopped_on is not None and stopped_on < order.started_on:
        errors["stopped_on"] = f"The stop date is before the start date ({order.started_on:%Y-%m-%d})."
    if not (reason or "").strip():
        errors["reason"] = "Say why the order was stopped (e.g. tapered off, switched medication)."
    _raise(errors)
    order.status, order.stopped_on, order.stop_reason = MatOrderStatus.STOPPED, stopped_on, reason.strip()
    order.save(update_fields=["status", "stopped_on", "stop_reason", "updated_at"])
    audit_record(
        user=acting_user,
        action="update",
        object_type="mat_order",
        object_id=order.pk,
        patient_id=order.patient_id,
        detail={"event": "stopped"},
    )
    return order


# ---- administration / dispensing log ----


@transaction.atomic
def mat_administration_record(
    *,
    acting_user,
    order: MatOrder | None,
    given_at: datetime,
    outcome: str,
    given_by,
    observed: bool = True,
    dose_amount=None,
    dose_unit: str = "",
    route: str = "",
    lot_number: str = "",
    injection_site: str = "",
    dose_difference_reason: str = "",
    not_given_reason: str = "",
) -> MatAdministration:
    """Record a dose given, missed or refused under the patient's active order."""
    errors: dict[str, str] = {}
    if order is None:
        raise ValidationError(
            {"order": "There is no active MAT order to give a dose under; a prescriber orders first."}
        )
    order = MatOrder.objects.select_for_update().select_related("episode__program").get(pk=order.pk)
    if order.status != MatOrderStatus.ACTIVE:
        raise ValidationError({"order": "This MAT order is stopped; a dose is given only under an active order."})
    entry = order.catalogue_entry
    _check_choice(errors, "outcome", outcome, AdministrationOutcome)
    if (
        given_by is None
        or given_by.role not in ADMINISTERING_ROLES
        or order.episode.program_id not in given_by.program_ids
    ):
        errors["given_by"] = "Choose a nurse or prescriber of this patient's program."
    if given_at is None:
        errors["given_at"] = "Enter the date and time."
    elif given_at > timezone.now():
        errors["given_at"] = "This time is in the future."
    elif timezone.localdate(given_at, timezone=_zone(order)) < order.started_on:
        errors["given_at"] = f"This is before the order started ({order.started_on:%Y-%m-%d})."
    lot_number, injection_site = (lot_number or "").strip(), (injection_site or "").strip()
    dose_difference_reason, not_given_reason = (dose_difference_reason or "").strip(), (not_given_reason or "").strip()
    amount = None
    if outcome == AdministrationOutcome.GIVEN:
        amount = _check_dose(errors, dose_amount, dose_unit, units=entry.units)
        if route not in entry.routes:
            errors["route"] = f"{entry.name} is given by: {', '.join(entry.routes)}."
        differs = amount is not None and (amount != order.dose_amount or dose_unit != order.dose_unit)
        if differs and not dose_difference_reason:
            errors["dose_difference_reason"] = (
                f"The dose differs from the active order ({order.dose_label}); give the reason or the ordered dose."
            )
        if entry.injectable or route in INJECTION_ROUTES:
            if not lot_number:
                errors["lot_number"] = "Enter the lot number of the injectable."
            if not injection_site:
                errors["injection_site"] = "Enter the injection site (e.g. left abdomen, right gluteal)."
        if not_given_reason:
            errors["not_given_reason"] = "Leave empty when the dose was given."
    elif outcome in (AdministrationOutcome.MISSED, AdministrationOutcome.REFUSED):
        if not not_given_reason:
            errors["not_given_reason"] = f"Say why the dose was {outcome}."
        if dose_amount not in (None, ""):
            errors["dose_amount"] = f"Leave the dose empty when the dose was {outcome}."
    _raise(errors)
    given = outcome == AdministrationOutcome.GIVEN
    administration = MatAdministration.objects.create(
        order=order,
        patient_id=order.patient_id,
        given_at=given_at,
        outcome=outcome,
        dose_amount=amount if given else None,
        dose_unit=dose_unit if given else "",
        route=route if given else "",
        lot_number=lot_number if given else "",
        injection_site=injection_site if given else "",
        observed=bool(observed),
        dose_difference_reason=dose_difference_reason if given else "",
        not_given_reason=not_given_reason,
        given_by=given_by,
        recorded_by=acting_user,
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="mat_administration",
        object_id=administration.pk,
        patient_id=order.patient_id,
        detail={"order": order.pk, "outcome": outcome, "dose_differs": bool(dose_difference_reason)},
    )
    return administration


def _zone(order: MatOrder):
    from zoneinfo import ZoneInfo

    return ZoneInfo(order.episode.program.time_zone)
