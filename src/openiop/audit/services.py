from django.db import connection, transaction
from django.utils import timezone

from .chain import HASHED_FIELDS, VerifyResult, event_hash
from .context import current_request
from .models import GENESIS_HASH, Action, AuditChainHead, AuditEvent, Outcome


def audit_record(
    *,
    user,
    action: str,
    object_type: str,
    object_id: object = "",
    patient_id: int | None = None,
    outcome: str = Outcome.ALLOWED,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. Call it inside the transaction of the write it records.

    ``detail`` must hold identifiers and codes, never names or free text about a patient.
    """
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    meta = current_request.get()
    is_user = user is not None and getattr(user, "is_authenticated", False)
    fields = {
        "occurred_at": timezone.now(),
        "user_id": user.pk if is_user else None,
        "username": user.get_username() if is_user else "",
        "role": getattr(user, "role", "") if is_user else "",
        "patient_id": patient_id,
        "object_type": object_type,
        "object_id": str(object_id),
        "action": action,
        "outcome": outcome,
        "source_ip": meta.source_ip if meta else "",
        "user_agent": meta.user_agent if meta else "",
        "detail": {**(detail or {}), "break_glass": meta.break_glass_id}
        if meta and meta.break_glass_id
        else (detail or {}),
    }
    with transaction.atomic():
        sequence, previous_hash = _advance_head()
        fields["sequence"] = sequence
        digest = event_hash(fields, previous_hash)
        event = AuditEvent.objects.create(previous_hash=previous_hash, hash=digest, **fields)
        AuditChainHead.objects.filter(pk=1).update(last_hash=digest)
    return event


def _advance_head() -> tuple[int, str]:
    """Take the next sequence number and the newest hash in one statement.

    The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) before the head is read, so two
    writers can never chain onto the same entry. RETURNING works on both engines (SQLite 3.35+).
    """
    # The table name comes from the model, never from input.
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence, last_hash")  # noqa: S608  # nosec B608
        row = cursor.fetchone()
    if row is None:
        AuditChainHead.objects.create(pk=1, sequence=1, last_hash=GENESIS_HASH)
        return 1, GENESIS_HASH
    return row[0], row[1]


def audit_verify(*, batch_size: int = 5000) -> VerifyResult:
    """Walk the whole chain; name the first row that was altered, inserted or deleted."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    rows = AuditEvent.objects.order_by("sequence").values(*HASHED_FIELDS, "previous_hash", "hash")
    for row in rows.iterator(chunk_size=batch_size):
        seq = row["sequence"]
        if seq != expected_sequence:
            problem = (
                f"entry {expected_sequence} is missing (deleted)"
                if seq > expected_sequence
                else f"entry {seq} appears twice or out of order (inserted)"
            )
            return VerifyResult(False, checked, expected_previous, problem, expected_sequence)
        if row["previous_hash"] != expected_previous:
            return VerifyResult(
                False,
                checked,
                expected_previous,
                f"entry {seq} does not follow the previous entry (inserted or reordered)",
                seq,
            )
        if event_hash(row, row["previous_hash"]) != row["hash"]:
            return VerifyResult(False, checked, expected_previous, f"entry {seq} was altered", seq)
        expected_previous = row["hash"]
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_sequence, head_hash = (head.sequence, head.last_hash) if head else (0, GENESIS_HASH)
    if head_sequence != checked or head_hash != expected_previous:
        return VerifyResult(
            False,
            checked,
            expected_previous,
            f"the chain ends at entry {checked} but the head records entry {head_sequence} "
            "(the newest entries were deleted)",
            checked + 1,
        )
    return VerifyResult(True, checked, expected_previous)
