"""Pages reflow on a 320 px wide screen (WCAG 1.4.10): nothing makes the page scroll sideways."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

WIDTH = 320


@pytest.mark.parametrize("path", ["cost-calculator/", "decision-guide/", "fine-tuning/"])
def test_a_narrow_screen_does_not_scroll_sideways(browser, origin, path):
    page = browser.new_page(viewport={"width": WIDTH, "height": 640})
    page.goto(f"{origin}/{path}")
    page.wait_for_selector(".pft-tool form, .pft-snippet[data-pft-runner]")
    wide = page.evaluate(f"""() => [...document.querySelectorAll('.md-content *')]
        .filter(e => e.getBoundingClientRect().right > {WIDTH} + 1 && !e.closest('pre, table, .md-typeset__scrollwrap, .highlight, .pft-output'))
        .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, f"{path} scrolls sideways: {wide}"
    page.close()
