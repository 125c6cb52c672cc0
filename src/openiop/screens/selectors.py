"""Reads for the Screens chart tab: a collections × analytes table and each analyte's last positive.

Three queries whatever the history length: the latest collections, their results, the last positives.
"""

from dataclasses import dataclass

from django.db.models import Count, Max

from openiop.privacy.models import RecordCategory
from openiop.privacy.policy import records_q

from .models import ScreenCollection, ScreenResult
from .panels import ANALYTES, Result

TREND_COLLECTIONS = 12


@dataclass(frozen=True)
class TrendRow:
    analyte_label: str
    cells: list  # ScreenResult or None (not tested), one per collection, oldest first


def _readable(user, prefix: str = ""):
    """The collections (or, with ``prefix`` "collection__", results) ``user`` may read (decision 0009)."""
    return records_q(user, RecordCategory.DRUG_SCREENS, program=f"{prefix}episode__program", patient=f"{prefix}patient")


def screen_trend(*, patient, user, limit: int = TREND_COLLECTIONS) -> tuple[list[ScreenCollection], list[TrendRow]]:
    collections = list(
        ScreenCollection.objects.filter(_readable(user), patient=patient)
        .select_related("collected_by")
        .prefetch_related("results")
        .order_by("-collected_at", "-pk")[:limit]
    )
    collections.reverse()  # oldest on the left, as a trend reads
    by_collection = [{r.analyte: r for r in c.results.all()} for c in collections]
    tested = {code for results in by_collection for code in results}
    rows = [
        TrendRow(analyte.label, [results.get(code) for results in by_collection])
        for code, analyte in ANALYTES.items()
        if code in tested
    ]
    return collections, rows


@dataclass(frozen=True)
class LastPositive:
    analyte_label: str
    last_collected_at: object
    positives: int
    unexpected: int


def last_positives(*, patient, user) -> list[LastPositive]:
    """Per analyte ever positive: when last, how many positives, how many unexpected (one query)."""
    from django.db.models import Q

    rows = (
        ScreenResult.objects.filter(
            _readable(user, "collection__"), collection__patient=patient, result=Result.POSITIVE
        )
        .values("analyte")
        .annotate(
            last=Max("collection__collected_at"),
            positives=Count("pk"),
            unexpected=Count("pk", filter=Q(expected=False)),
        )
        .order_by("-last")
    )
    return [LastPositive(ANALYTES[r["analyte"]].label, r["last"], r["positives"], r["unexpected"]) for r in rows]


def collection_for_patient(*, patient, user, collection_id: int) -> ScreenCollection | None:
    return (
        ScreenCollection.objects.filter(_readable(user), pk=collection_id, patient=patient)
        .select_related("collected_by", "recorded_by")
        .prefetch_related("results__expected_marked_by")
        .first()
    )
