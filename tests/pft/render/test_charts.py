"""Charts are deterministic, self-contained, accessible SVG."""

from __future__ import annotations

import re
import signal
import xml.etree.ElementTree as ET

import pytest

from pft.render.charts import CSS_SCOPE, bar_chart, line_chart
from pft.render.legend import LEGEND_LETTER

SVG_NS = "http://www.w3.org/2000/svg"


def _line():
    return line_chart("Accuracy by examples", "examples", "accuracy",
                      {"from zero": [(0, 0.5), (8, 0.61), (32, 0.83)], "from prompt": [(0, 0.7), (8, 0.74), (32, 0.85)]})


def _bar():
    return bar_chart("Cost", "method", "multiply-adds", ["full", "adapter"], {"training": [1200.0, 300.0]})


@pytest.mark.parametrize("make", [_line, _bar])
def test_same_input_same_svg(make):
    assert make().render_svg() == make().render_svg()


@pytest.mark.parametrize("make", [_line, _bar])
def test_svg_is_self_contained(make):
    svg = make().render_svg()
    assert "<script" not in svg.lower()
    assert not svg.startswith("<?xml")
    urls = set(re.findall(r"https?://[^\s\"'<>)]*", svg))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert "@import" not in svg and "url(" not in svg


@pytest.mark.parametrize("make", [_line, _bar])
def test_svg_has_title_and_data_description(make):
    chart = make()
    root = ET.fromstring(chart.render_svg())
    assert root.find(f"{{{SVG_NS}}}title").text == chart.title
    desc = root.find(f"{{{SVG_NS}}}desc").text
    assert "from zero" in desc or "training" in desc
    assert root.get("role") == "img"


def test_description_lists_every_point():
    desc = ET.fromstring(_line().render_svg()).find(f"{{{SVG_NS}}}desc").text
    for text in ("(0, 0.5)", "(8, 0.61)", "(32, 0.83)", "(32, 0.85)"):
        assert text in desc


def test_one_stylesheet_scoped_to_chart_svgs_serves_every_chart():
    styles = [re.search(r"<style>(.*?)</style>", chart.render_svg(), re.S).group(1) for chart in (_line(), _bar())]
    assert styles[0] == styles[1], "a per-chart stylesheet would need its own CSP hash"
    assert "pft-svg" in ET.fromstring(_line().render_svg()).get("class").split()
    selectors = [rule.split("{")[0] for rule in styles[0].split("}") if rule.strip()]
    assert selectors and all(part.strip().startswith(CSS_SCOPE) for sel in selectors for part in sel.split(","))


def test_a_chart_carries_no_ids_so_two_on_a_page_never_clash():
    """pygal's ids serve its script, which is dropped; the same chart shown twice would repeat them."""
    for chart in (_line(), _bar()):
        assert not [el for el in ET.fromstring(chart.render_svg()).iter() if "id" in el.attrib]


def test_compact():
    assert len(_line().render_svg()) < 12_000
    assert len(_bar().render_svg()) < 8_000


@pytest.mark.parametrize("bad", [{}, {"a": []}])
def test_line_chart_rejects_empty_series(bad):
    with pytest.raises(ValueError, match="series"):
        line_chart("t", "x", "y", bad)


def test_bar_chart_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        bar_chart("t", "x", "y", ["a", "b", "c"], {"s": [1.0, 2.0]})


# The legend text's height below its baseline, at 12 px (descenders).
BELOW_BASELINE = 3


@pytest.mark.parametrize("count", range(1, 9))
@pytest.mark.parametrize("kind", ["line", "bar"])
def test_every_series_is_named_inside_the_picture(kind, count):
    names = [f"series number {i} with a long name" for i in range(count)]
    if kind == "line":
        chart = line_chart("Many series", "x", "y", {name: [(0, i), (1, i + 1)] for i, name in enumerate(names)})
    else:
        chart = bar_chart("Many series", "x", "y", ["a", "b"], {name: [i, i + 1.0] for i, name in enumerate(names)})
    svg = chart.render_svg()
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg)[1])
    legend_top = float(re.search(r'translate\([\d.]+, ([\d.]+)\)" class="legends"', svg)[1])
    baselines = [float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)">', svg[svg.index('class="legends"'):])]
    assert len(baselines) == count
    assert legend_top + max(baselines) + BELOW_BASELINE <= height


@pytest.mark.parametrize("width", [560, 320, 200])
@pytest.mark.parametrize("length", [10, 40, 90])
def test_every_series_name_fits_across_the_picture_whole_or_cut_with_its_whole_name_in_a_tooltip(length, width):
    names = [f"{i} " + "n" * (length - 2) for i in range(3)]
    svg = line_chart("Long names", "x", "y", {name: [(0, i), (1, i)] for i, name in enumerate(names)}, width=width).render_svg()
    legend_left = float(re.search(r'translate\(([\d.]+), [\d.]+\)" class="legends"', svg)[1])
    for x, shown in re.findall(r'<text x="([\d.]+)" y="[\d.]+">([^<]+)</text>', svg[svg.index('class="legends"'):]):
        assert legend_left + float(x) + LEGEND_LETTER * len(shown) <= width, (shown, width)
        if shown not in names:
            assert shown.endswith("\u2026") and any(f"<title>{name}</title>" in svg for name in names if name.startswith(shown[:-1]))


POINTS = {"a": [(0, 1), (1, 2)]}


@pytest.mark.parametrize("build", [
    lambda: line_chart("word " * 100, "x", "y", POINTS),
    lambda: line_chart("t", "x" * 2000, "y", POINTS),
    lambda: bar_chart("line\n" * 10, "x", "y", ["g"], {"a": [1.0]}),
    lambda: line_chart("t", "x", "y", POINTS, height=20),
    lambda: line_chart("t", "x", "y", POINTS, width=5),
], ids=["long-title", "long-x-label", "title-of-ten-lines", "low", "narrow"])
def test_a_title_or_label_that_leaves_no_room_still_gives_a_chart(build):
    def give_up(*_):
        raise TimeoutError("pygal never returned")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        assert build().render_svg().startswith("<svg")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
