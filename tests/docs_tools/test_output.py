"""The output block the build writes from a run's events (rules in runner/output.json)."""

from __future__ import annotations

import pytest

import output
from csp import chart_stylesheet
from executor import Event

def chart(body: str = '<rect class="a" fill="url(#g)" width="1" height="1"/>', title: str = "A & B") -> Event:
    """A chart event whose SVG carries the stylesheet of pft.render's charts, and ``body``."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>{chart_stylesheet()}</style>{body}</svg>'
    return Event("chart", svg, title)


def test_text_of_one_kind_shares_an_element_and_is_escaped():
    html = output.render([Event("stdout", "a <b>\n"), Event("stdout", "c\n"), Event("stderr", "e\n"),
                          Event("stdout", "d\n"), Event("notice", "cut")])
    assert html == ('<div class="pft-output"><pre class="pft-stdout"><code>a &lt;b&gt;\nc\n</code></pre>'
                    '<pre class="pft-stderr"><code>e\n</code></pre><pre class="pft-stdout"><code>d\n</code></pre>'
                    '<p class="pft-notice">cut</p></div>')


def test_a_chart_is_a_labelled_figure_around_its_svg():
    html = output.render([chart()])
    assert html.startswith('<div class="pft-output"><figure class="pft-chart" role="img" aria-label="A &amp; B"><svg ')
    assert html.endswith("</svg></figure></div>")


@pytest.mark.parametrize(("body", "found"), [
    ("<script>alert(1)</script>", "element <script>"),
    ('<rect onclick="x()"/>', "attribute onclick"),
    ('<a href="#x"><rect/></a>', "element <a>"),
    ('<rect fill="url(https://example.org/x.svg#y)"/>', "attribute fill"),
    ('<rect style="fill: url(/x.svg)"/>', "attribute style"),
    ('<rect style="fill: u\\rl(/x.svg)"/>', "attribute style"),
    ('<svg style="position: fixed; fill: red"/>', "style property 'position'"),
    ('<text xml:space="preserve">t</text>', "attribute space"),
    ("<style>@import url(/x.css);</style>", "<style> with '@import'"),
    ("<style>rect { fill: red }</style>", "a <style> other than the one pft.render's charts carry"),
    ("<foreignObject/>", "element <foreignObject>"),
])
def test_a_chart_with_anything_the_policy_does_not_allow_is_refused(body, found):
    with pytest.raises(output.UnsafeChart, match=found):
        output.render([chart(body)])


def test_svg_that_does_not_parse_is_refused():
    with pytest.raises(output.UnsafeChart, match="does not parse"):
        output.render([Event("chart", "<svg><g></svg>", "t")])
