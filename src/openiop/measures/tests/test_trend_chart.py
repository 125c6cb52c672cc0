"""The server-side SVG trend chart: valid inline SVG, bands, accessible summary, determinism."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import matplotlib
import pytest

from openiop.measures.charts import band_label_text, trend_svg
from openiop.measures.instruments import ScoringError, get_instrument

SVG = "{http://www.w3.org/2000/svg}"
PHQ9_POINTS = [
    (datetime.date(2026, 9, 1), 18),
    (datetime.date(2026, 9, 22), 15),
    (datetime.date(2026, 10, 13), 12),
    (datetime.date(2026, 11, 3), 9),
    (datetime.date(2026, 11, 20), 7),
]


def parse(svg: str) -> ElementTree.Element:
    # Our own output, not untrusted input.
    return ElementTree.fromstring(svg)  # noqa: S314


def band_groups(root: ElementTree.Element) -> list[ElementTree.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "band"]


def texts(root: ElementTree.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_the_chart_is_an_svg_element_ready_to_embed_in_html():
    svg = trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS)
    root = parse(svg)
    assert svg.startswith("<svg ")
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("640", "240", "0 0 640 240")
    # A page-wide <style> rule would restyle every other SVG on the page.
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<style" not in svg


def test_every_id_is_unique_and_every_reference_points_inside_the_chart():
    svg = trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS)
    ids = re.findall(r'\sid="([^"]+)"', svg)
    references = set(re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg))
    assert len(ids) == len(set(ids))
    assert {name for pair in references for name in pair if name} <= set(ids)


def test_each_band_of_the_default_scheme_is_shaded_once_and_labelled():
    root = parse(trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS))
    groups = band_groups(root)
    labels = [band.label for band in get_instrument("PHQ-9").scheme(None).bands]
    assert [g.get("data-band") for g in groups] == labels
    assert all(len(list(g.iter(f"{SVG}path"))) == 1 for g in groups)
    assert {band_label_text(label) for label in labels} <= set(texts(root))
    assert "moderately severe" in texts(root)


def test_the_root_carries_an_accessible_summary_of_the_trend():
    root = parse(trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS))
    summary = "PHQ-9 trend: 18 on 2026-09-01 to 7 on 2026-11-20, 5 points"
    assert (root.get("role"), root.get("aria-label")) == ("img", summary)
    assert root.find(f"{SVG}title").text == summary
    assert "2026-10-13: 12" in root.find(f"{SVG}desc").text


def test_each_point_is_labelled_with_its_value():
    assert {"18", "15", "12", "9", "7"} <= set(texts(parse(trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS))))


def test_points_are_drawn_in_date_order_whatever_order_they_come_in():
    shuffled = [PHQ9_POINTS[2], PHQ9_POINTS[4], PHQ9_POINTS[0], PHQ9_POINTS[3], PHQ9_POINTS[1]]
    assert trend_svg(instrument_name="PHQ-9", points=shuffled) == trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS)


def test_the_same_input_gives_the_same_svg_and_other_input_does_not():
    first = trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS)
    assert trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS) == first
    assert trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS[:-1] + [(PHQ9_POINTS[-1][0], 6)]) != first


def test_a_single_point_still_renders_with_its_date_and_value():
    root = parse(trend_svg(instrument_name="GAD-7", points=[(datetime.date(2026, 9, 1), 12)]))
    assert root.get("aria-label") == "GAD-7 trend: 12 on 2026-09-01, 1 point"
    assert {"12", "1 Sep 2026"} <= set(texts(root))
    assert len(band_groups(root)) == 4


def test_no_points_renders_a_short_no_results_yet_svg():
    svg = trend_svg(instrument_name="PHQ-9", points=[])
    root = parse(svg)
    assert texts(root) == ["No results yet"]
    assert (root.get("role"), root.get("aria-label")) == ("img", "PHQ-9 trend: no results yet")
    assert len(svg) < 1000


@pytest.mark.parametrize("name", ["BAM", "C-SSRS-Screener"])
def test_instruments_without_a_total_have_no_trend_chart(name):
    with pytest.raises(ValueError, match=name):
        trend_svg(instrument_name=name, points=[(datetime.date(2026, 9, 1), 3)])


def test_ciwa_ar_with_a_named_scheme_shows_that_schemes_bands_and_labels():
    points = [(datetime.date(2026, 9, 1), 24), (datetime.date(2026, 9, 2), 12), (datetime.date(2026, 9, 3), 5)]
    default = parse(trend_svg(instrument_name="CIWA-Ar", points=points))
    four_band = parse(trend_svg(instrument_name="CIWA-Ar", points=points, scheme_name="timeofcare_four_band"))
    assert [g.get("data-band") for g in band_groups(default)] == ["mild", "moderate", "severe"]
    assert [g.get("data-band") for g in band_groups(four_band)] == ["absent_or_minimal", "mild", "moderate", "severe"]
    assert "absent or minimal" in texts(four_band)
    assert "absent or minimal" not in texts(default)


def test_an_unknown_scheme_is_refused_with_the_known_ones():
    with pytest.raises(ScoringError, match="asam_2020"):
        trend_svg(instrument_name="CIWA-Ar", points=[(datetime.date(2026, 9, 1), 3)], scheme_name="va_paws")


def test_audit_c_draws_the_bands_for_the_context_and_none_without_it():
    points = [(datetime.date(2026, 9, 1), 6), (datetime.date(2026, 9, 8), 3)]
    female = parse(trend_svg(instrument_name="AUDIT-C", points=points, context={"sex": "female"}))
    unknown = parse(trend_svg(instrument_name="AUDIT-C", points=points))
    assert [g.get("data-band") for g in band_groups(female)] == ["negative", "positive"]
    assert band_groups(unknown) == []
    assert "positive" not in texts(unknown)


def test_audit_c_refuses_a_context_value_it_has_no_bands_for():
    with pytest.raises(ScoringError, match='"female", "male"'):
        trend_svg(instrument_name="AUDIT-C", points=[(datetime.date(2026, 9, 1), 6)], context={"sex": "other"})


@pytest.mark.parametrize(
    "point",
    [
        (datetime.date(2026, 9, 1), 28),
        (datetime.date(2026, 9, 1), 4.0),
        (datetime.datetime(2026, 9, 1, 9, 30), 4),
        ("2026-09-01", 4),
    ],
)
def test_a_point_that_is_not_a_date_and_an_in_range_total_is_refused(point):
    with pytest.raises(ScoringError, match="PHQ-9 point 1"):
        trend_svg(instrument_name="PHQ-9", points=[point])


def test_thirty_points_render_every_value():
    start = datetime.date(2026, 9, 1)
    points = [(start + datetime.timedelta(days=3 * day), 27 - day % 28) for day in range(30)]
    root = parse(trend_svg(instrument_name="PHQ-9", points=points))
    assert root.get("aria-label") == "PHQ-9 trend: 27 on 2026-09-01 to 26 on 2026-11-27, 30 points"
    # The y axis ticks add more numbers; every point's value must be there at least once per point.
    assert not Counter(str(total) for _, total in points) - Counter(texts(root))


def test_renders_on_several_threads_at_once_give_the_same_svg():
    expected = trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS), range(8)))
    assert results == [expected] * 8


def test_rendering_leaves_matplotlibs_global_settings_as_they_were():
    before = dict(matplotlib.rcParams)
    trend_svg(instrument_name="PHQ-9", points=PHQ9_POINTS)
    assert dict(matplotlib.rcParams) == before
