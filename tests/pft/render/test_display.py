"""pft.show and pft.set_chart_handler: where a chart goes, and what they accept."""

from __future__ import annotations

import pytest

import pft
from pft.render import line_chart


@pytest.mark.parametrize("wrong", [123, "a title", None, object()])
def test_show_rejects_what_is_not_a_chart_saying_what_it_takes(wrong):
    with pytest.raises(TypeError, match=r"^show\(\) takes a chart: an object with a title and a render_svg\(\) method"):
        pft.show(wrong)


def test_show_prints_a_placeholder_or_hands_the_svg_to_the_handler(capsys):
    chart = line_chart("Accuracy", "x", "y", {"a": [(0, 1), (1, 2)]})
    pft.show(chart)
    assert capsys.readouterr().out == "[chart: Accuracy]\n"
    seen = []
    previous = pft.set_chart_handler(lambda title, svg: seen.append((title, svg[:4])))
    try:
        pft.show(chart)
    finally:
        pft.set_chart_handler(previous)
    assert seen == [("Accuracy", "<svg")]


def test_set_chart_handler_rejects_what_cannot_be_called():
    with pytest.raises(TypeError, match=r"takes a function of \(title, svg\), or None; got int"):
        pft.set_chart_handler(3)
