"""Rendering: charts as self-contained SVG, and where a shown chart goes.

- [`charts`][pft.render.charts]: line and bar charts;
- [`display`][pft.render.display]: `show(chart)` prints a placeholder, or hands the SVG
  to the handler the site build or the in-browser runner installed.
"""

from pft._exports import lazy

__getattr__, __dir__, __all__ = lazy(__name__, {
    "charts": ("PALETTE", "Chart", "bar_chart", "line_chart"),
    "display": ("Handler", "placeholder", "set_handler", "show"),
})
