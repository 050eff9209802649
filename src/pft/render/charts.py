"""Line and bar charts as self-contained SVG, drawn by pygal.

pygal is a pure-Python charting library that also runs in Pyodide, so the same
code draws a chart at build time and in the reader's browser. Its defaults do
not suit an inline figure in a documentation page, so this module adjusts four
things:

* no tooltip JavaScript (pygal links it from a CDN by default) and no XML
  declaration, so the SVG can be placed inside HTML and fetches nothing;
* a stable element id derived from the chart's content instead of a random
  uuid, and no generator comment (it carries today's date), so the same data
  always gives the same bytes;
* a neutral style: transparent background, text and axes in ``currentColor``,
  and series colours of medium lightness that read on light and dark pages;
* a ``<desc>`` element after the ``<title>`` that lists the data in words, for
  screen readers and for anyone reading the SVG source.

Example:
    >>> chart = line_chart("Accuracy", "examples", "accuracy", {"model": [(0, 0.5), (8, 0.8)]})
    >>> chart.render_svg().startswith("<svg")
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from pft.render.legend import LEGEND_ROW, legend_columns, legend_letters

__all__ = ["Chart", "bar_chart", "line_chart", "PALETTE"]

PALETTE: tuple[str, ...] = ("#1f77b4", "#e8710a", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
"""Series colours, chosen to stay legible on both white and near-black backgrounds."""

CSS_SCOPE = "svg.pft-svg"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@cache
def _style():
    """Only what pygal needs to lay the chart out; colours and looks come from `_css`."""
    from pygal.style import Style

    return Style(font_family=_FONT, colors=PALETTE, title_font_size=15, legend_font_size=12,
                 label_font_size=11, major_label_font_size=11, value_font_size=11)


def _css() -> str:
    """The charts' stylesheet: scoped to chart SVGs and the same for every chart.

    Being identical, it has one hash, which the site's Content-Security-Policy names, so
    charts drawn later in the reader's browser are styled without ``'unsafe-inline'``.
    """
    rules = [
        "{font-family:%s;font-size:11px}" % _FONT,
        " text{fill:currentColor;stroke:none}",
        " .title{text-anchor:middle;font-size:12px}",
        " .plot_title{font-size:15px;font-weight:600}",
        " .axis.x text{text-anchor:middle}",
        " .axis.y text{text-anchor:end}",
        " .legends text{font-size:12px}",
        " .background{fill:none}",
        " .nofill{fill:none}",
        " .axis .line{stroke:currentColor;stroke-opacity:.6}",
        " .guide.line{fill:none;stroke:currentColor;stroke-opacity:.15}",
        " .axis.x .guide.line{stroke-opacity:0}",
        " .line.reactive{stroke-width:2}",
        " .rect.reactive{fill-opacity:.85}",
    ]
    rules += [f" .color-{i}{{stroke:{c};fill:{c}}}" for i, c in enumerate(PALETTE)]
    return "".join(CSS_SCOPE + r for r in rules)


def _round_attribute(match: re.Match) -> str:
    return re.sub(r"(\d+\.\d)\d+", r"\1", match.group(0))


Series = dict[str, list[tuple[float, float]]]


def _number(value: float) -> str:
    """Short, readable numbers for axes, tooltips and the description: 0.734, 12.5k, 4.42M."""
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:.3g}M"
    if size >= 1e4:
        return f"{value / 1e3:.3g}k"
    return f"{value:.4g}"


def _check_series(series: dict, kind: str) -> None:
    if not isinstance(series, dict) or not series:
        raise ValueError(f"{kind}: series must be a non-empty dict of name -> values, got {series!r}")
    if len(series) > len(PALETTE):
        raise ValueError(f"{kind}: at most {len(PALETTE)} series can be told apart, got {len(series)}")
    for name, values in series.items():
        if not isinstance(name, str) or not values:
            raise ValueError(f"{kind}: series {name!r} must have a string name and at least one value")


@dataclass
class Chart:
    """A chart ready to render: a title, a text summary and how to draw it with pygal.

    pygal is imported only when the chart is rendered, so a snippet run as a plain
    script (which prints a placeholder instead) does not pay for the import.

    Attributes:
        title: The chart's title, shown above it and used as the SVG ``<title>``.
        summary: A plain-text description of the data, placed in the SVG ``<desc>``.
    """

    title: str
    summary: str
    _build: Callable[[], object] = field(repr=False)

    def render_svg(self) -> str:
        """The chart as an SVG string: deterministic, script-free and self-contained."""
        chart = self._build()
        _give_titles_room()
        chart.uuid = "unused"
        chart.no_prefix = True
        svg = chart.render(is_unicode=True)
        svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
        svg = re.sub(r"<style[^>]*>.*?</style>", f"<style>{_css()}</style>", svg, count=1, flags=re.S)
        # pygal always embeds its config for the tooltip script; without the script it is dead weight.
        svg = re.sub(r"<script[^>]*>.*?</script>", "", svg, flags=re.S)
        svg = re.sub(r'<desc class="[xy][^"]*">[^<]*</desc>', "", svg)
        svg = re.sub(r'<desc class="value">([^<]*)</desc>', r"<title>\1</title>", svg)
        svg = re.sub(r'<g[^>]*class="plot tooltip-overlay"><g[^>]*class="tooltip"><rect[^>]*/><g class="text" /></g></g>', "", svg)
        svg = re.sub(r'="[^"]*"', _round_attribute, svg)
        svg = svg.replace(' class=""', "")
        # pygal's ids serve only its script; the same chart twice on a page would repeat them.
        svg = re.sub(r' id="(?:activate-serie-\d+)?"', "", svg)
        svg = svg.replace("</title>", f"</title><desc>{_escape(self.summary)}</desc>", 1)
        svg = svg.replace('class="pygal-chart"', 'class="pygal-chart pft-svg"', 1)
        return svg.replace("<svg ", '<svg role="img" ', 1)


def _give_titles_room() -> None:
    """pygal splits each title into lines as wide as the room left for it, and where none is left (a
    title or labels of many lines, a small chart) it never returns: it is given room for a letter a line,
    as in every other case it has more. (Also for a reader's own pygal charts in the same Python.)"""
    from pygal.graph import graph
    from pygal.util import split_title

    graph.split_title = lambda title, width, size: split_title(title, max(width, size), size)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _config(title: str, x_label: str, y_label: str, width: int, height: int, names: Iterable[str]) -> dict:
    names = list(names)
    columns = legend_columns(names, width)
    rows = -(-len(names) // columns)
    letters = legend_letters(columns, width)
    return dict(
        title=title,
        x_title=x_label,
        y_title=y_label,
        width=width,
        height=height,
        style=_style(),
        js=[],
        css=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=columns,
        truncate_legend=letters if max(len(n) for n in names) > letters else -1,
        margin=8,
        margin_bottom=16 + (LEGEND_ROW if rows > 1 else 0),
        show_x_guides=False,
        max_scale=8,
        value_formatter=_number,
        x_value_formatter=_number,
    )


def line_chart(
    title: str,
    x_label: str,
    y_label: str,
    series: Series,
    *,
    y_range: tuple[float, float] | None = None,
    x_ticks: list[float] | None = None,
    width: int = 560,
    height: int = 320,
) -> Chart:
    """A line chart of one or more series of ``(x, y)`` points.

    Args:
        title: Title shown above the chart.
        x_label: Label of the horizontal axis.
        y_label: Label of the vertical axis.
        series: Series name -> list of ``(x, y)`` points, drawn in insertion order.
        y_range: Fixed ``(low, high)`` of the vertical axis; automatic if ``None``.
        x_ticks: Where to label the horizontal axis (e.g. only the ranks tried); automatic if ``None``.
        width: Width of the SVG viewBox.
        height: Height of the SVG viewBox.

    Returns:
        A [`Chart`][pft.render.charts.Chart] to pass to `pft.show`.

    Raises:
        ValueError: If ``series`` is empty or one of its series has no points.
    """
    _check_series(series, "line_chart")
    data = {name: [(float(x), float(y)) for x, y in points] for name, points in series.items()}

    def build():
        import pygal

        chart = pygal.XY(**_config(title, x_label, y_label, width, height, data), dots_size=2.5)
        if y_range is not None:
            chart.range = y_range
        if x_ticks is not None:
            chart.x_labels = list(x_ticks)
        for name, pts in data.items():
            chart.add(name, pts)
        return chart

    parts = [f"{name}: " + ", ".join(f"({_number(x)}, {_number(y)})" for x, y in pts) for name, pts in data.items()]
    summary = f"Line chart. x: {x_label}; y: {y_label}. " + "; ".join(parts) + "."
    return Chart(title, summary, build)


def bar_chart(
    title: str,
    x_label: str,
    y_label: str,
    labels: list[str],
    series: dict[str, list[float]],
    *,
    y_range: tuple[float, float] | None = None,
    width: int = 560,
    height: int = 320,
) -> Chart:
    """A grouped bar chart: one group per label, one bar per series in each group.

    Args:
        title: Title shown above the chart.
        x_label: Label of the horizontal axis (what the groups are).
        y_label: Label of the vertical axis.
        labels: Name of each group along the horizontal axis.
        series: Series name -> one value per label.
        y_range: Fixed ``(low, high)`` of the vertical axis; automatic if ``None``.
        width: Width of the SVG viewBox.
        height: Height of the SVG viewBox.

    Returns:
        A [`Chart`][pft.render.charts.Chart] to pass to `pft.show`.

    Raises:
        ValueError: If a series is empty or its length differs from ``len(labels)``.
    """
    _check_series(series, "bar_chart")
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(f"bar_chart: series {name!r} has {len(values)} values for {len(labels)} labels")
    data = {name: [float(v) for v in values] for name, values in series.items()}
    groups = list(labels)

    def build():
        import pygal

        chart = pygal.Bar(**_config(title, x_label, y_label, width, height, data))
        chart.x_labels = groups
        if y_range is not None:
            chart.range = y_range
        for name, values in data.items():
            chart.add(name, values)
        return chart

    parts = [f"{name}: " + ", ".join(f"{lab} {_number(v)}" for lab, v in zip(groups, values))
             for name, values in data.items()]
    summary = f"Bar chart. {x_label} against {y_label}. " + "; ".join(parts) + "."
    return Chart(title, summary, build)
