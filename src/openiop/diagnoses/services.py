"""Diagnosis writes: add, make primary, resolve, mark entered-in-error. Each audited in its transaction.

Rule: an episode with active diagnoses has exactly one active primary. The first active diagnosis must be
primary; another primary is chosen with ``diagnosis_make_primary``, which demotes the old one; the primary
cannot be resolved or withdrawn while secondary diagnoses remain active.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.audit.services import audit_record
from openiop.core.timezones import local_today
from openiop.episodes.models import Episode

from .codes import CODE_SET_VERSION, get_code
from .models import Diagnosis, DiagnosisRank, DiagnosisStatus


def _fail(field: str, message: str):
    raise ValidationError({field: message})


def _audit(acting_user, diagnosis: Diagnosis, action: str, **detail) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type="diagnosis",
        object_id=diagnosis.pk,
        patient_id=diagnosis.patient_id,
        detail={"code": diagnosis.code, "rank": diagnosis.rank, "status": diagnosis.status, **detail},
    )


def _check_not_future(field: str, value: date | None, episode: Episode) -> None:
    today = local_today(episode.program.time_zone)
    if value is not None and value > today:
        _fail(field, f"The date cannot be in the future (today in {episode.program.time_zone} is {today}).")


def _active_primary(episode: Episode) -> Diagnosis | None:
    return (
        Diagnosis.objects.select_for_update()
        .filter(episode=episode, rank=DiagnosisRank.PRIMARY, status=DiagnosisStatus.ACTIVE)
        .first()
    )


@transaction.atomic
def diagnosis_add(
    *,
    acting_user,
    episode: Episode,
    code: str,
    rank: str,
    diagnosed_on: date,
    onset_on: date | None = None,
) -> Diagnosis:
    entry = get_code(code)
    if entry is None:
        _fail("code", f"{code or 'An empty code'} is not in the {CODE_SET_VERSION} list; search and pick a code.")
    if rank not in DiagnosisRank.values:
        _fail("rank", f"Choose the rank: {', '.join(DiagnosisRank.values)}.")
    if diagnosed_on is None:
        _fail("diagnosed_on", "Enter the date of diagnosis (YYYY-MM-DD).")
    _check_not_future("diagnosed_on", diagnosed_on, episode)
    _check_not_future("onset_on", onset_on, episode)
    if onset_on is not None and onset_on > diagnosed_on:
        _fail("onset_on", "The onset cannot be after the date of diagnosis.")
    if Diagnosis.objects.filter(episode=episode, code=entry.code, status=DiagnosisStatus.ACTIVE).exists():
        _fail("code", f"{entry.code} is already an active diagnosis in this episode.")
    primary = _active_primary(episode)
    if rank == DiagnosisRank.PRIMARY and primary is not None:
        _fail(
            "rank",
            f"{primary.code} is already the primary diagnosis; add this one as secondary, "
            "then make it primary if it should be.",
        )
    if rank == DiagnosisRank.SECONDARY and primary is None:
        _fail("rank", "The episode has no primary diagnosis yet; the first active diagnosis must be primary.")
    diagnosis = Diagnosis.objects.create(
        patient_id=episode.patient_id,
        episode=episode,
        code=entry.code,
        description=entry.description,
        code_set=CODE_SET_VERSION,
        rank=rank,
        diagnosed_on=diagnosed_on,
        onset_on=onset_on,
        diagnosed_by=acting_user,
    )
    _audit(acting_user, diagnosis, "create")
    return diagnosis


def _locked(diagnosis: Diagnosis) -> Diagnosis:
    return Diagnosis.objects.select_for_update().select_related("episode__program").get(pk=diagnosis.pk)


def _refuse_if_primary_with_others(diagnosis: Diagnosis, verb: str) -> None:
    if diagnosis.rank != DiagnosisRank.PRIMARY:
        return
    others = Diagnosis.objects.filter(episode_id=diagnosis.episode_id, status=DiagnosisStatus.ACTIVE).exclude(
        pk=diagnosis.pk
    )
    if others.exists():
        _fail(
            "__all__",
            f"{diagnosis.code} is the primary diagnosis: make another diagnosis primary before you {verb} it.",
        )


@transaction.atomic
def diagnosis_make_primary(*, acting_user, diagnosis: Diagnosis) -> Diagnosis:
    diagnosis = _locked(diagnosis)
    if not diagnosis.is_active:
        _fail("__all__", "Only an active diagnosis can be primary.")
    if diagnosis.rank == DiagnosisRank.PRIMARY:
        return diagnosis
    previous = _active_primary(diagnosis.episode)
    if previous is not None:
        previous.rank = DiagnosisRank.SECONDARY
        previous.save(update_fields=["rank", "updated_at"])
        _audit(acting_user, previous, "update", event="demoted")
    diagnosis.rank = DiagnosisRank.PRIMARY
    diagnosis.save(update_fields=["rank", "updated_at"])
    _audit(acting_user, diagnosis, "update", event="made_primary")
    return diagnosis


@transaction.atomic
def diagnosis_resolve(*, acting_user, diagnosis: Diagnosis, resolved_on: date, note: str = "") -> Diagnosis:
    diagnosis = _locked(diagnosis)
    if not diagnosis.is_active:
        _fail("__all__", f"This diagnosis is already {diagnosis.get_status_display().lower()}.")
    if resolved_on is None:
        _fail("resolved_on", "Enter the date it resolved (YYYY-MM-DD).")
    _check_not_future("resolved_on", resolved_on, diagnosis.episode)
    if resolved_on < diagnosis.diagnosed_on:
        _fail("resolved_on", f"The resolution cannot be before the diagnosis ({diagnosis.diagnosed_on}).")
    _refuse_if_primary_with_others(diagnosis, "resolve")
    diagnosis.status = DiagnosisStatus.RESOLVED
    diagnosis.resolved_on = resolved_on
    diagnosis.status_changed_by = acting_user
    diagnosis.status_note = (note or "").strip()[:300]
    diagnosis.save()
    _audit(acting_user, diagnosis, "update", event="resolved")
    return diagnosis


@transaction.atomic
def diagnosis_mark_error(*, acting_user, diagnosis: Diagnosis, note: str) -> Diagnosis:
    diagnosis = _locked(diagnosis)
    if not diagnosis.is_active:
        _fail("__all__", f"This diagnosis is already {diagnosis.get_status_display().lower()}.")
    note = (note or "").strip()
    if not note:
        _fail("note", "Say what was wrong (e.g. wrong patient, wrong code).")
    _refuse_if_primary_with_others(diagnosis, "mark in error")
    diagnosis.status = DiagnosisStatus.ENTERED_IN_ERROR
    diagnosis.status_changed_by = acting_user
    diagnosis.status_note = note[:300]
    diagnosis.save()
    _audit(acting_user, diagnosis, "update", event="entered_in_error")
    return diagnosis
