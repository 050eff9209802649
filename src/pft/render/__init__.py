"""Rendering: charts as self-contained SVG, where a shown chart goes, and plain-text tables.

- [`charts`][pft.render.charts]: line and bar charts;
- [`legend`][pft.render.legend]: how many columns a chart's legend takes, and how much of a name each shows;
- [`display`][pft.render.display]: `show(chart)` prints a placeholder, or hands the SVG
  to the handler the site build or the in-browser runner installed;
- [`tables`][pft.render.tables]: plain-text tables declared by one row template;
- [`prose`][pft.render.prose]: lists written as prose writes them ("a, b and c").
"""

from pft._exports import lazy

__getattr__, __dir__, __all__ = lazy(__name__, {
    "charts": ("PALETTE", "Chart", "bar_chart", "line_chart"),
    "legend": ("LEGEND_LEFT", "LEGEND_LETTER", "LEGEND_MARK", "LEGEND_ROW", "legend_columns", "legend_letters"),
    "display": ("Handler", "placeholder", "set_handler", "show"),
    "tables": ("text_table",),
    "prose": ("listed",),
})
