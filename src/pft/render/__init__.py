"""Rendering: charts as self-contained SVG, and where a shown chart goes.

- [`charts`][pft.render.charts]: line and bar charts;
- [`display`][pft.render.display]: `show(chart)` prints a placeholder, or hands the SVG
  to the handler the site build or the in-browser runner installed.
"""

from pft.render.charts import PALETTE, Chart, bar_chart, line_chart
from pft.render.display import Handler, placeholder, set_handler, show

__all__ = ["PALETTE", "Chart", "Handler", "bar_chart", "line_chart", "placeholder", "set_handler", "show"]
