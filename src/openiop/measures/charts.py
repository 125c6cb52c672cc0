"""Server-side SVG trend charts of instrument totals (pure: no ORM, no JavaScript, no CDN).

Drawn with matplotlib's object-oriented ``Figure`` API only; pyplot is never imported, so no
GUI backend or global figure registry is involved. matplotlib's ``rcParams`` are process-global
and ``rc_context`` changes them for everyone, so renders are serialised by a lock: a render
takes well under a tenth of a second, and this keeps one render's settings out of another's.

The same input always gives the same SVG (fixed ``svg.hashsalt``, no date in the metadata), so
a chart can be cached or compared in tests. The result is an ``<svg>`` element ready to embed
inline in HTML: no XML prolog or doctype, no ``<style>`` rule that would leak into the page, and
no ``id`` on groups, so several charts can share one page. Each band's shading is a
``<g class="band" data-band="LABEL">`` holding one path.
"""

from __future__ import annotations

import datetime
import html
import io
import re
import textwrap
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib
from matplotlib import colormaps
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from .instruments import get_instrument
from .instruments.base import Band, BandScheme, Instrument, ScoringError, describe_value

_RENDER_LOCK = threading.Lock()
_RC = {
    "svg.hashsalt": "openiop-trend-chart",
    # Real <text> elements: searchable, selectable, read by assistive tech, and far smaller.
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 10,
}
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
# The SVG user unit is one CSS pixel, so a figure of width_px / 72 inches at matplotlib's SVG
# resolution of 72 units per inch is exactly width_px units wide.
_SVG_UNITS_PER_INCH = 72

# A single-hue sequential ramp varies only in lightness, so it stays ordered for every kind of
# colour vision and in greyscale print; light enough that the dark line and labels read on it.
_BAND_COLOURMAP = "Oranges"
_BAND_SHADE_RANGE = (0.05, 0.36)
_LINE_COLOUR = "#1d3557"
_TEXT_COLOUR = "#333333"
_BAND_LABEL_COLOUR = "#5a3a1a"
_BAND_LABEL_WRAP = 26
_BAND_LABEL_GAP = 6
_TICK_SIZE = 8.5
_BAND_LABEL_SIZE = 8.5
_AXIS_LABEL_SIZE = 9
_VALUE_SIZE = 8
_TEXT_PATHS = TextToPath()
_BAND_GID_PREFIX = "openiop-band-"


def trend_svg(
    *,
    instrument_name: str,
    points: Sequence[tuple[datetime.date, int]],
    scheme_name: str | None = None,
    context: Mapping[str, Any] | None = None,
    width_px: int = 640,
    height_px: int = 240,
) -> str:
    """An inline ``<svg>`` of the instrument's totals over time, over its shaded band scheme.

    ``points`` are (date, total) pairs; they are drawn in date order. The band scheme is the
    instrument's default unless ``scheme_name`` names another. A context-dependent scheme
    (AUDIT-C by sex) uses the bands for ``context[scheme.context_key]`` and draws no bands when
    that is missing. No points gives a small "No results yet" SVG.

    Raises ``ScoringError`` (a ``ValueError``) for an unknown instrument or scheme, an
    instrument without a total (BAM, C-SSRS-Screener), an unknown context value, or a point
    that is not a date with a whole-number total in the instrument's range.
    """
    instrument = get_instrument(instrument_name)
    if instrument.total_range is None:
        raise ScoringError(
            f"{instrument.name} has no total score, so it has no trend chart", instrument=instrument.name
        )
    if type(width_px) is not int or type(height_px) is not int or width_px < 160 or height_px < 100:
        raise ValueError(f"chart size must be whole pixels, at least 160 x 100; got {width_px!r} x {height_px!r}")
    scheme = instrument.scheme(scheme_name)
    bands = _bands_for(instrument, scheme, context)
    ordered = sorted(_checked_points(instrument, points), key=lambda point: point[0])

    if not ordered:
        return _empty_svg(instrument, width_px, height_px)
    with _RENDER_LOCK, matplotlib.rc_context(_RC):
        figure = _draw(instrument, ordered, bands, width_px, height_px)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata=_SVG_METADATA)
    return _for_inline_html(
        buffer.getvalue(),
        width_px=width_px,
        height_px=height_px,
        label=_summary(instrument, ordered),
        description=_description(instrument, ordered, scheme, bands),
    )


def _bands_for(
    instrument: Instrument, scheme: BandScheme | None, context: Mapping[str, Any] | None
) -> tuple[Band, ...]:
    if scheme is None:
        return ()
    if scheme.bands:
        return scheme.bands
    value = (context or {}).get(scheme.context_key or "")
    if value is None:
        return ()
    for variant, bands in scheme.bands_by_context:
        if variant == value:
            return bands
    allowed = ", ".join(describe_value(variant) for variant, _ in scheme.bands_by_context)
    raise ScoringError(
        f"{instrument.name} scheme {scheme.name} has no bands for {scheme.context_key} "
        f"{describe_value(value)}; it has bands for {allowed}",
        instrument=instrument.name,
    )


def _checked_points(
    instrument: Instrument, points: Sequence[tuple[datetime.date, int]]
) -> list[tuple[datetime.date, int]]:
    if instrument.total_range is None:
        raise ValueError(f"{instrument.name} has no total range to chart")
    low, high = instrument.total_range
    checked = []
    for position, point in enumerate(points, start=1):
        when, total = point
        # A datetime is a date too, but its time of day would shift the point off its day.
        if not isinstance(when, datetime.date) or isinstance(when, datetime.datetime):
            raise ScoringError(
                f"{instrument.name} point {position}: {when!r} is not a date (convert a datetime to the "
                "date in the program's time zone first)",
                instrument=instrument.name,
            )
        if type(total) is not int or not low <= total <= high:
            raise ScoringError(
                f"{instrument.name} point {position}: total {describe_value(total)} is not a whole number "
                f"from {low} to {high}",
                instrument=instrument.name,
            )
        checked.append((when, total))
    return checked


def _draw(
    instrument: Instrument,
    points: list[tuple[datetime.date, int]],
    bands: tuple[Band, ...],
    width_px: int,
    height_px: int,
) -> Figure:
    if instrument.total_range is None:
        raise ValueError(f"{instrument.name} has no total range to chart")
    low, high = instrument.total_range
    # Totals are whole numbers, so band edges sit half-way between them: 4 is minimal, 5 is mild.
    y_bottom, y_top = low - 0.5, high + 0.5
    band_labels = [textwrap.fill(band_label_text(band.label), _BAND_LABEL_WRAP) for band in bands]

    figure = Figure(figsize=(width_px / _SVG_UNITS_PER_INCH, height_px / _SVG_UNITS_PER_INCH), dpi=_SVG_UNITS_PER_INCH)
    _set_margins(figure, width_px, height_px, tick_labels=(str(low), str(high)), band_labels=band_labels)
    axes = figure.add_subplot()
    axes.set_ylim(y_bottom, y_top)

    shades = colormaps[_BAND_COLOURMAP]
    first, last = _BAND_SHADE_RANGE
    label_position = offset_copy(axes.get_yaxis_transform(), fig=figure, x=_BAND_LABEL_GAP, units="points")
    for index, (band, label) in enumerate(zip(bands, band_labels, strict=True)):
        share = index / (len(bands) - 1) if len(bands) > 1 else 0.0
        band_bottom, band_top = max(band.low - 0.5, y_bottom), min(band.high + 0.5, y_top)
        axes.axhspan(
            band_bottom,
            band_top,
            facecolor=shades(first + share * (last - first)),
            edgecolor="none",
            gid=f"{_BAND_GID_PREFIX}{band.label}",
        )
        axes.text(
            1,
            (band_bottom + band_top) / 2,
            label,
            transform=label_position,
            ha="left",
            va="center",
            fontsize=_BAND_LABEL_SIZE,
            color=_BAND_LABEL_COLOUR,
            linespacing=1.1,
        )

    dates = [date2num(when) for when, _ in points]
    totals = [total for _, total in points]
    axes.plot(
        dates,
        totals,
        color=_LINE_COLOUR,
        linewidth=1.6,
        marker="o",
        markersize=4.5,
        markerfacecolor=_LINE_COLOUR,
        markeredgecolor="white",
        markeredgewidth=0.8,
        clip_on=False,
        zorder=3,
    )
    for x, total in zip(dates, totals, strict=True):
        # Near the top of the range the value goes under its marker so it stays inside the chart.
        above = total <= high - (high - low) * 0.12
        axes.annotate(
            str(total),
            (x, total),
            xytext=(0, 5 if above else -6),
            textcoords="offset points",
            ha="center",
            va="bottom" if above else "top",
            fontsize=_VALUE_SIZE,
            color=_LINE_COLOUR,
            zorder=4,
        )

    if dates[0] == dates[-1]:
        # One day has no width: centre it in a fortnight and label just that day in full.
        only = points[0][0]
        axes.set_xlim(dates[0] - 7, dates[0] + 7)
        axes.set_xticks([dates[0]], [f"{only.day} {only:%b %Y}"])
    else:
        axes.margins(x=0.04)
        locator = AutoDateLocator(minticks=3, maxticks=7)
        axes.xaxis.set_major_locator(locator)
        formatter = ConciseDateFormatter(locator)
        # The offset names the year only; the ticks already say the month and day.
        formatter.offset_formats = ["", "%Y", "%Y", "%Y", "%Y", "%Y"]
        axes.xaxis.set_major_formatter(formatter)
        axes.xaxis.get_offset_text().set(fontsize=_TICK_SIZE, color=_TEXT_COLOUR)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axes.set_ylabel(f"{instrument.name} total", fontsize=_AXIS_LABEL_SIZE, color=_TEXT_COLOUR)
    axes.tick_params(labelsize=_TICK_SIZE, colors=_TEXT_COLOUR, length=3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color("#999999")
    return figure


def _set_margins(
    figure: Figure, width_px: int, height_px: int, *, tick_labels: Sequence[str], band_labels: Sequence[str]
) -> None:
    """Fixed margins sized from the measured text.

    matplotlib's constrained layout would find them too, but it draws the figure an extra time
    and triples the render time; the only text whose size varies here is the y tick labels and
    the band labels, and both are measured directly.
    """
    tick_width = max(_text_width(label, _TICK_SIZE) for label in tick_labels)
    # Outer pad, y label line, label pad, tick labels, tick pad and tick.
    left = 4 + _AXIS_LABEL_SIZE * 1.25 + 4 + tick_width + 3.5 + 3 + 2
    if band_labels:
        right = _BAND_LABEL_GAP + max(_text_width(label, _BAND_LABEL_SIZE) for label in band_labels) + 6
    else:
        right = 16.0
    # A tiny chart keeps a plot area; its band labels may then be cut off.
    right = min(right, width_px * 0.4)
    # Tick, tick pad, tick labels, then the year under the last tick.
    bottom = 3 + 3.5 + _TICK_SIZE * 1.25 + 2 + _TICK_SIZE * 1.25 + 4
    top = 8
    figure.subplots_adjust(
        left=left / width_px, right=1 - right / width_px, bottom=bottom / height_px, top=1 - top / height_px
    )


def _text_width(text: str, size: float) -> float:
    font = FontProperties(size=size)
    return max(_TEXT_PATHS.get_text_width_height_descent(line, font, ismath=False)[0] for line in text.splitlines())


_NUMBER_RANGE = re.compile(r"(?<=\d)_(?=\d)")


def band_label_text(label: str) -> str:
    """A band label as the chart prints it: ``moderately_severe`` -> ``moderately severe``,
    ``cutpoints_31_33`` -> ``cutpoints 31–33``."""
    return _NUMBER_RANGE.sub("\N{EN DASH}", label).replace("_", " ")


def _summary(instrument: Instrument, points: list[tuple[datetime.date, int]]) -> str:
    (first_date, first_total), (last_date, last_total) = points[0], points[-1]
    if len(points) == 1:
        return f"{instrument.name} trend: {first_total} on {first_date.isoformat()}, 1 point"
    return (
        f"{instrument.name} trend: {first_total} on {first_date.isoformat()} "
        f"to {last_total} on {last_date.isoformat()}, {len(points)} points"
    )


def _description(
    instrument: Instrument,
    points: list[tuple[datetime.date, int]],
    scheme: BandScheme | None,
    bands: tuple[Band, ...],
) -> str:
    results = "; ".join(f"{when.isoformat()}: {total}" for when, total in points)
    text = f"{instrument.title} totals by date. {results}."
    if bands and scheme is not None:
        ranges = ", ".join(f"{band_label_text(b.label)} {b.low} to {b.high}" for b in bands)
        text += f" Bands ({scheme.name}): {ranges}."
    return text


_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_SIZE = re.compile(r'\swidth="[^"]*"\sheight="[^"]*"')
_PAGE_WIDE_STYLE = re.compile(r"<style[^>]*>.*?</style>\s*", re.DOTALL)
_EMPTY_DEFS = re.compile(r"<defs>\s*</defs>\s*")
_BAND_GROUP = re.compile(rf'<g id="{_BAND_GID_PREFIX}([^"]+)"')
_GROUP_ID = re.compile(r'<g id="[^"]*"')


def _for_inline_html(svg: str, *, width_px: int, height_px: int, label: str, description: str) -> str:
    svg = _PROLOG.sub("", svg, count=1)
    # The <style> matplotlib writes is a bare "*" rule: inline in HTML it would restyle every
    # SVG icon on the page. The same defaults, set on the root, are inherited by the chart only.
    svg = _PAGE_WIDE_STYLE.sub("", svg, count=1)
    svg = _EMPTY_DEFS.sub("", svg, count=1)
    svg = _BAND_GROUP.sub(r'<g class="band" data-band="\1"', svg)
    # Group ids (figure_1, axes_1 ...) are never referenced and would repeat across charts.
    svg = _GROUP_ID.sub("<g", svg)
    svg = _SIZE.sub(
        f' width="{width_px}" height="{height_px}" role="img" aria-label="{html.escape(label)}"'
        ' stroke-linejoin="round" stroke-linecap="butt"',
        svg,
        count=1,
    )
    head_end = svg.index(">") + 1
    accessible = f"\n <title>{html.escape(label)}</title>\n <desc>{html.escape(description)}</desc>"
    return svg[:head_end] + accessible + svg[head_end:].rstrip() + "\n"


def _empty_svg(instrument: Instrument, width_px: int, height_px: int) -> str:
    label = html.escape(f"{instrument.name} trend: no results yet")
    font = "font-family: 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{height_px}" '
        f'viewBox="0 0 {width_px} {height_px}" role="img" aria-label="{label}">\n'
        f" <title>{label}</title>\n"
        f' <rect x="0.5" y="0.5" width="{width_px - 1}" height="{height_px - 1}" fill="#ffffff" '
        f'stroke="#cccccc" stroke-dasharray="4 3"/>\n'
        f' <text x="{width_px / 2:g}" y="{height_px / 2:g}" text-anchor="middle" dominant-baseline="middle" '
        f'style="font-size: 13px; {font}" fill="{_TEXT_COLOUR}">No results yet</text>\n'
        "</svg>\n"
    )
