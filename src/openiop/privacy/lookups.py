"""One way to refuse an object look-up: record an audited denial with its reason, then answer 404.

Every view that finds an object by an id from the URL (a note, a consent, a plan... of the patient of the
page) goes through ``object_for_user_or_404`` (or ``refuse_404`` when the look-up is its own), so a request
carrying another program's or another patient's id leaves the same trace as a refused patient: the privacy
officer sees it under "Denied attempts".

Reasons recorded in ``detail.reason``:
- ``scope``: the object exists but not for this patient or not in the user's programs;
- ``not_found``: no such object (a mistyped or guessed id);
- any other code the caller names (e.g. ``not_restricted``).
"""

from __future__ import annotations

from typing import NoReturn, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from openiop.accounts.access import deny

SCOPE = "scope"
NOT_FOUND = "not_found"

M = TypeVar("M", bound=Model)


def refuse_404(
    request, *, object_type: str, object_id="", patient_id: int | None = None, capability: str = "", reason: str
) -> NoReturn:
    """Audit the refusal (outcome denied, with ``reason``) and answer "not found"."""
    deny(
        request,
        capability=capability,
        object_type=object_type,
        object_id=object_id,
        patient_id=patient_id,
        reason=reason,
    )
    raise Http404


def object_for_user_or_404(
    request,
    queryset: QuerySet[M] | type[M],
    object_id,
    *,
    object_type: str,
    patient_id: int | None = None,
    capability: str = "",
    **lookups,
) -> M:
    """``queryset.filter(pk=object_id, **lookups).first()`` — the caller's scope rules go in ``queryset`` and
    ``lookups`` — or an audited 404. The reason tells an object out of scope (it exists) from one that does
    not exist; that check costs one query, on refusals only."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    found = queryset.filter(pk=object_id, **lookups).first() if _is_id(object_id) else None
    if found is not None:
        return found
    refuse_missing(
        request, queryset.model, object_id, object_type=object_type, patient_id=patient_id, capability=capability
    )


def refuse_missing(
    request, model: type[Model], object_id, *, object_type: str, patient_id: int | None = None, capability: str = ""
) -> NoReturn:
    """For a look-up the view made itself (e.g. among objects already loaded): an audited 404 whose reason says
    whether ``model`` has such an object at all (``scope``) or not (``not_found``)."""
    exists = _is_id(object_id) and model._default_manager.filter(pk=object_id).exists()
    refuse_404(
        request,
        object_type=object_type,
        object_id=object_id,
        patient_id=patient_id,
        capability=capability,
        reason=SCOPE if exists else NOT_FOUND,
    )


def _is_id(value) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())
