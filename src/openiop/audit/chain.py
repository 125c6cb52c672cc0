"""Hashing and verification of the audit chain (pure functions over rows)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "user_id",
    "username",
    "role",
    "patient_id",
    "object_type",
    "object_id",
    "action",
    "outcome",
    "source_ip",
    "user_agent",
    "detail",
)


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def event_hash(fields: dict, previous_hash: str) -> str:
    payload = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    payload["previous_hash"] = previous_hash
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    head_hash: str
    problem: str = ""
    first_bad_sequence: int | None = None
