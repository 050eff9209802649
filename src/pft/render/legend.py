"""Where a chart's legend goes: as many columns below the plot as its names allow, and how much of a
name each column shows (a longer name is cut, whole in its tooltip and in the chart's description).

pygal measures text by estimate, not by font; these sizes, in pixels at the charts' 12 px legend text,
are estimates in the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["LEGEND_LEFT", "LEGEND_LETTER", "LEGEND_MARK", "LEGEND_ROW", "legend_columns", "legend_letters"]

LEGEND_LETTER = 7
"""Width of a legend letter at 12 px, about."""
LEGEND_MARK = 30
"""Width of a legend entry besides its name: the colour box and the gaps around it."""
LEGEND_LEFT = 80
"""Where the legend starts, about: it lines up with the plot, right of the vertical axis's labels."""


def legend_columns(names: Iterable[str], width: int) -> int:
    """As many legend columns as fit (4 at most): each must hold the longest name."""
    names = list(names)
    needed = LEGEND_LETTER * max(len(n) for n in names) + LEGEND_MARK
    return max(1, min(len(names), 4, width // needed))


def legend_letters(columns: int, width: int) -> int:
    """How many letters of a name a legend column shows; a longer name is cut, whole in its tooltip."""
    return max(1, ((width - LEGEND_LEFT) // columns - LEGEND_MARK) // LEGEND_LETTER)


LEGEND_ROW = 18
"""Height of a legend row (12 px text and its spacing). pygal leaves room at the bottom for one row fewer
than it draws once there are two rows or more, so the last row fell outside the picture."""
