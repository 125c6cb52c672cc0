"""Data types for the instrument scoring engine.

Everything here is plain, frozen data: an instrument is described once and the
generic code in ``engine.py`` validates and scores answers from that description.
No Django imports, so the engine can run in a CLI, a worker or a test without settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

YES_NO = ("yes", "no")


class ScoringError(ValueError):
    """Invalid answers, context or scheme.

    The message is meant to be shown to the person who entered the answers, so it always
    names the instrument, the item (when there is one) and what would have been accepted.
    ``instrument`` and ``item`` let a form attach the error to the right field.
    """

    def __init__(self, message: str, *, instrument: str | None = None, item: str | None = None):
        super().__init__(message)
        self.instrument = instrument
        self.item = item


def describe_value(value: Any) -> str:
    """Render an answer the way a clinician would read it, and make type mistakes visible."""
    if type(value) is int:
        return str(value)
    if type(value) is str:
        return f'"{value}"'
    if value is None:
        return "null"
    # A bool or float that *looks* like an allowed value is the classic silent bug: say what it is.
    return f"{value!r} ({type(value).__name__})"


def describe_allowed(values: tuple[Any, ...]) -> str:
    # Allowed booleans (context flags) read as their JSON spelling, not as a type mistake.
    return ", ".join(("true" if v else "false") if type(v) is bool else describe_value(v) for v in values)


@dataclass(frozen=True)
class Item:
    """One question. ``key`` is the item number as printed on the form ("9", "7A") or the
    screener's own key ("q3"); answers keyed by object use it verbatim.

    ``points`` parallels ``allowed``; when omitted, integer answers score their own value
    (or are mirrored when ``reverse_scored``) and text answers are validated but not summed.
    Unscored items (PHQ-9 item 10) score 0. ``optional`` items may be null or, in a list,
    left off the end.
    """

    key: str
    label: str
    allowed: tuple[Any, ...]
    points: tuple[int, ...] | None = None
    reverse_scored: bool = False
    scored: bool = True
    optional: bool = False
    loinc: str | None = None
    sub_items: tuple[Item, ...] = ()
    points_by_value: dict[Any, int] = field(init=False, repr=False, compare=False)
    value_type: type | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        points = self.points
        # Text answers without points (C-SSRS) are validated but never summed.
        if points is None and self.allowed and all(type(v) is int for v in self.allowed):
            if self.reverse_scored:
                top = min(self.allowed) + max(self.allowed)
                points = tuple(top - v for v in self.allowed)
            else:
                points = self.allowed
        if points is not None and len(points) != len(self.allowed):
            raise ValueError(f"item {self.key}: points and allowed values differ in length")
        if not self.scored and points is not None:
            points = tuple(0 for _ in points)
        object.__setattr__(self, "points", points)
        by_value = dict(zip(self.allowed, points, strict=True)) if points is not None else {}
        object.__setattr__(self, "points_by_value", by_value)
        object.__setattr__(self, "value_type", type(self.allowed[0]) if self.allowed else None)

    @property
    def ref(self) -> str:
        """How messages name the item: "item 9" for numbered items, "q3" for keyed ones."""
        return f"item {self.key}" if self.key[:1].isdigit() else self.key

    @property
    def point_range(self) -> tuple[int, int]:
        if not self.points:
            return (0, 0)
        return (min(self.points), max(self.points))


@dataclass(frozen=True)
class Band:
    low: int
    high: int  # inclusive
    label: str
    loinc_answer: str | None = None

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"band {self.label}: low {self.low} is above high {self.high}")


@dataclass(frozen=True)
class BandScheme:
    """A published way of turning a score into a band label.

    Kept apart from the raw total because several instruments have competing published
    schemes (CIWA-Ar, AUDIT, PCL-5). ``version`` is *our* encoding version: bump it if a band
    is ever corrected, so stored results can say which encoding produced them.

    A context-dependent scheme (AUDIT-C by sex) leaves ``bands`` empty and fills
    ``bands_by_context``, keyed by the value of ``context[context_key]``.
    """

    name: str
    version: str
    source: str
    bands: tuple[Band, ...] = ()
    context_key: str | None = None
    bands_by_context: tuple[tuple[str, tuple[Band, ...]], ...] = ()
    _lookup: dict[Any, tuple[str | None, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if bool(self.bands) == bool(self.bands_by_context):
            raise ValueError(f"scheme {self.name}: give either bands or bands_by_context")
        if self.bands_by_context and not self.context_key:
            raise ValueError(f"scheme {self.name}: bands_by_context needs a context_key")
        # A list indexed by score turns banding into one index operation on the hot path.
        lookup = {variant: _index_bands(bands) for variant, bands in self.band_sets()}
        object.__setattr__(self, "_lookup", lookup)

    def band_sets(self) -> tuple[tuple[str | None, tuple[Band, ...]], ...]:
        """Every set of bands this scheme can apply, with the context value that selects it."""
        if self.bands:
            return ((None, self.bands),)
        return self.bands_by_context

    def labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.label for _, bands in self.band_sets() for b in bands))

    def label_for(self, score: int, variant: str | None = None) -> str:
        table = self._lookup[variant]
        if 0 <= score < len(table) and table[score] is not None:
            return table[score]
        # Only reachable if the band data has a gap; test_band_schemes guards against that.
        raise LookupError(f"scheme {self.name} has no band for {score}")


def _index_bands(bands: tuple[Band, ...]) -> tuple[str | None, ...]:
    table: list[str | None] = [None] * (max(b.high for b in bands) + 1)
    for band in bands:
        for score in range(band.low, band.high + 1):
            table[score] = band.label
    return tuple(table)


@dataclass(frozen=True)
class Subscale:
    name: str
    item_keys: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class LoincCode:
    """A LOINC code with the confidence tag the reference gives it ([C] or [U])."""

    code: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class ContextOption:
    """A fact about the respondent or the rating that scoring needs (AUDIT-C: sex)."""

    key: str
    allowed: tuple[Any, ...]
    required: bool
    source: str


@dataclass(frozen=True)
class SkipRule:
    """When ``when_key`` has ``when_value``, the ``skipped`` items are not asked and must be null."""

    when_key: str
    when_value: Any
    skipped: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Instrument:
    """Everything needed to validate and score one instrument.

    ``answer_shape`` is "list" (answers in item order) or "object" (keyed by ``Item.key``).
    ``total_range`` is None when the instrument defines no total (BAM, C-SSRS screener).
    ``band_basis`` says what the schemes band: the "total", or a "risk_rank" computed by
    rules (C-SSRS), whose range is ``risk_rank_range``.
    ``flag_rules`` are objects with ``flag``, ``source`` and ``applies(points, total, context)``.
    """

    name: str
    title: str
    items: tuple[Item, ...]
    answer_shape: str
    source: str
    licence: str
    total_range: tuple[int, int] | None = None
    band_schemes: tuple[BandScheme, ...] = ()
    default_scheme: str | None = None
    band_basis: str = "total"
    risk_rank_range: tuple[int, int] | None = None
    subscales: tuple[Subscale, ...] = ()
    flag_rules: tuple[Any, ...] = ()
    context_options: tuple[ContextOption, ...] = ()
    skip_rules: tuple[SkipRule, ...] = ()
    panel_loinc: LoincCode | None = None
    total_loinc: LoincCode | None = None
    risk_level_loinc: LoincCode | None = None
    required_answers: int = field(init=False, compare=False)
    subscale_indices: tuple[tuple[str, tuple[int, ...]], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.answer_shape not in ("list", "object"):
            raise ValueError(f"{self.name}: answer_shape must be 'list' or 'object'")
        names = [s.name for s in self.band_schemes]
        if self.band_schemes and self.default_scheme not in names:
            raise ValueError(f"{self.name}: default scheme {self.default_scheme!r} is not one of {names}")
        position = {item.key: index for index, item in enumerate(self.items)}
        indices = tuple((s.name, tuple(position[k] for k in s.item_keys)) for s in self.subscales)
        object.__setattr__(self, "subscale_indices", indices)
        # Optional items (PHQ-9 item 10) may only trail the required ones in a list.
        object.__setattr__(self, "required_answers", sum(1 for item in self.items if not item.optional))

    @property
    def band_range(self) -> tuple[int, int] | None:
        """The range every band scheme must partition."""
        return self.total_range if self.band_basis == "total" else self.risk_rank_range

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def scheme(self, name: str | None) -> BandScheme | None:
        """The named scheme, or the default one when ``name`` is None."""
        if not self.band_schemes:
            if name is None:
                return None
            raise ScoringError(
                f'{self.name} has no band schemes, so scheme "{name}" cannot apply', instrument=self.name
            )
        wanted = self.default_scheme if name is None else name
        for scheme in self.band_schemes:
            if scheme.name == wanted:
                return scheme
        known = ", ".join(s.name for s in self.band_schemes)
        raise ScoringError(
            f'{self.name} has no band scheme "{wanted}"; known schemes are {known}', instrument=self.name
        )


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of scoring one response. ``as_dict()`` is the stable, JSON-ready shape."""

    instrument: str
    total: int | None
    band: str | None
    flags: tuple[str, ...] = ()
    subscores: dict[str, int] = field(default_factory=dict)
    scheme: str | None = None
    scheme_version: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "total": self.total,
            "band": self.band,
            "flags": list(self.flags),
            "subscores": dict(self.subscores),
        }
