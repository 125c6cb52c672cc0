"""Screen writes: a collection with its results (one result set), and marking a positive expected.

An unexpected positive, or a result ``panels.RAISES_TASK`` names (invalid by default), raises one task for
the patient's primary clinician per collection, in the same transaction.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts.roles import CAPABILITIES
from openiop.audit.services import audit_record
from openiop.core.timezones import local_today
from openiop.medications.selectors import active_prescriptions_on
from openiop.tasks.models import TaskKind, TaskPriority
from openiop.tasks.services import task_raise, task_withdraw_for_source

from .models import ExpectedBy, Method, ScreenCollection, ScreenResult, Specimen
from .panels import ANALYTES, RAISES_TASK, Result, explaining_prescription

TASK_SOURCE = "screen_collection"
TASK_TITLE = "Review a drug-screen result"  # task titles carry no clinical detail: they show in lists


def _needs_follow_up(result: ScreenResult) -> bool:
    if result.result == Result.POSITIVE:
        return RAISES_TASK[Result.POSITIVE] and not result.expected
    return RAISES_TASK.get(result.result, False)


@transaction.atomic
def screen_collection_record(
    *,
    acting_user,
    patient,
    episode,
    collected_at: datetime,
    observed: bool | None,
    specimen: str,
    method: str,
    collected_by,
    results: dict[str, str],
    chain_of_custody_id: str = "",
) -> ScreenCollection:
    errors: dict[str, str] = {}
    if episode is None or not episode.is_open or episode.patient_id != patient.pk:
        raise ValidationError({"__all__": "Screens are recorded for a patient with an open episode."})
    if specimen not in Specimen.values:
        errors["specimen"] = f"Choose one of: {', '.join(Specimen.values)}."
    if method not in Method.values:
        errors["method"] = f"Choose one of: {', '.join(Method.values)}."
    if observed is None:
        errors["observed"] = "Say whether the collection was observed: yes or no."
    chain_of_custody_id = (chain_of_custody_id or "").strip()
    if method == Method.CONFIRMATORY and not chain_of_custody_id:
        errors["chain_of_custody_id"] = "Enter the chain-of-custody id: a confirmatory lab test needs one."
    if collected_at is None:
        errors["collected_at"] = "Enter the date and time of collection."
    elif collected_at > timezone.now():
        errors["collected_at"] = "This time is in the future."
    if (
        collected_by is None
        or collected_by.role not in CAPABILITIES["screens.record"]
        or episode.program_id not in collected_by.program_ids
    ):
        errors["collected_by"] = "Choose a nurse, clinician, director or prescriber of this patient's program."
    unknown = sorted(set(results) - set(ANALYTES))
    if unknown:
        errors["results"] = f"Unknown analyte(s): {', '.join(unknown)}. Known: {', '.join(ANALYTES)}."
    for code, value in results.items():
        if code in ANALYTES and value not in Result.VALUES:
            errors[f"result_{code}"] = f"Choose one of: {', '.join(Result.VALUES)}."
    tested = {code: value for code, value in results.items() if value != Result.NOT_TESTED}
    if not errors and not tested:
        errors["results"] = "Record at least one analyte's result (positive, negative, invalid or dilute)."
    if errors:
        raise ValidationError(errors)

    collection = ScreenCollection.objects.create(
        patient=patient,
        episode=episode,
        collected_at=collected_at,
        observed=observed,
        specimen=specimen,
        method=method,
        chain_of_custody_id=chain_of_custody_id,
        collected_by=collected_by,
        recorded_by=acting_user,
    )
    zone = ZoneInfo(episode.program.time_zone)
    prescriptions = active_prescriptions_on(patient_id=patient.pk, day=collected_at.astimezone(zone).date())
    rows = []
    for code in ANALYTES:  # panel order
        if code not in tested:
            continue
        reason = explaining_prescription(ANALYTES[code], prescriptions) if tested[code] == Result.POSITIVE else ""
        rows.append(
            ScreenResult(
                collection=collection,
                analyte=code,
                result=tested[code],
                expected=bool(reason),
                expected_by=ExpectedBy.PRESCRIPTION if reason else "",
                expected_reason=reason,
            )
        )
    ScreenResult.objects.bulk_create(rows)
    audit_record(
        user=acting_user,
        action="create",
        object_type="screen_collection",
        object_id=collection.pk,
        patient_id=patient.pk,
        detail={"specimen": specimen, "method": method, "analytes": sorted(tested)},
    )
    if any(_needs_follow_up(row) for row in rows):
        task_raise(
            acting_user=acting_user,
            episode=episode,
            kind=TaskKind.SCREEN_UNEXPECTED_RESULT,
            title=TASK_TITLE,
            due_on=local_today(episode.program.time_zone) + timedelta(days=1),
            assigned_to=episode.primary_clinician,
            priority=TaskPriority.ROUTINE,
            source_type=TASK_SOURCE,
            source_id=collection.pk,
        )
    return collection


@transaction.atomic
def screen_result_mark_expected(*, acting_user, result: ScreenResult, reason: str) -> ScreenResult:
    """Staff explain a positive (e.g. a prescription from outside not yet on the list). If nothing in the
    collection needs follow-up any more, its open task is withdrawn."""
    result = ScreenResult.objects.select_for_update().select_related("collection").get(pk=result.pk)
    errors: dict[str, str] = {}
    if result.result != Result.POSITIVE:
        errors["__all__"] = "Only a positive result can be marked expected."
    elif result.expected:
        errors["__all__"] = "This result is already marked expected."
    if not (reason or "").strip():
        errors["reason"] = "Say why the positive is expected (e.g. prescription confirmed with the outside prescriber)."
    if errors:
        raise ValidationError(errors)
    result.expected, result.expected_by = True, ExpectedBy.STAFF
    result.expected_reason, result.expected_marked_by = reason.strip(), acting_user
    result.save(update_fields=["expected", "expected_by", "expected_reason", "expected_marked_by", "updated_at"])
    audit_record(
        user=acting_user,
        action="update",
        object_type="screen_result",
        object_id=result.pk,
        patient_id=result.collection.patient_id,
        detail={"event": "marked_expected", "analyte": result.analyte},
    )
    siblings = ScreenResult.objects.filter(collection_id=result.collection_id)
    if not any(_needs_follow_up(row) for row in siblings):
        task_withdraw_for_source(
            acting_user=acting_user,
            source_type=TASK_SOURCE,
            source_id=result.collection_id,
            reason="Every positive in this screen is now explained.",
        )
    return result
