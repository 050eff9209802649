"""Where a chart goes when a snippet calls `show(chart)`.

Run as a plain script, `show` prints a one-line placeholder, so a snippet's text
output stays short, readable in a terminal and checkable by a snapshot. The site
build and the in-browser runner install a handler that receives the SVG instead
and draws it in the page where the placeholder would have been.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

__all__ = ["Chart", "Handler", "placeholder", "set_handler", "show"]


class Chart(Protocol):
    """Anything with a title that can render itself as SVG."""

    title: str

    def render_svg(self) -> str: ...


Handler = Callable[[str, str], None]
"""Receives ``(title, svg)`` for each chart shown."""

_handler: Handler | None = None


def placeholder(title: str) -> str:
    """The text line that stands for a chart in plain-text output."""
    return f"[chart: {title}]"


def set_handler(handler: Handler | None) -> Handler | None:
    """Route charts to ``handler`` (``None`` restores printing); returns the previous one."""
    if handler is not None and not callable(handler):
        raise TypeError(f"set_chart_handler() takes a function of (title, svg), or None; got {type(handler).__name__}")
    global _handler
    previous, _handler = _handler, handler
    return previous


def show(chart: Chart) -> None:
    """Show a chart: as SVG where a handler is installed, else as a placeholder line."""
    if not (isinstance(getattr(chart, "title", None), str) and callable(getattr(chart, "render_svg", None))):
        raise TypeError(
            "show() takes a chart: an object with a title and a render_svg() method, such as "
            f"pft.render.line_chart(...) returns; got {type(chart).__name__} {chart!r:.60}"
        )
    if _handler is None:
        print(placeholder(chart.title))
    else:
        _handler(chart.title, chart.render_svg())
