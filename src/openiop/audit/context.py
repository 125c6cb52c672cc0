"""Where the current request came from, for audit rows written deep inside services."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    source_ip: str
    user_agent: str
    # Set while a user works under emergency (break-glass) access, so every row of it is marked.
    break_glass_id: int | None = None


current_request: ContextVar[RequestMeta | None] = ContextVar("openiop_audit_request", default=None)
