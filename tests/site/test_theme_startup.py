"""The theme's start-up styling, in Debian's chromium: the stylesheets' addresses are made absolute
while the head is parsed, so the theme's start-up does not reload them and restyle the page again.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

# Every change of a stylesheet link's address, and whether the page had a <body> by then.
WATCH_STYLESHEETS = """
window.__stylesheetChanges = [];
new MutationObserver((records) => {
  for (const r of records) if (r.target.rel === 'stylesheet')
    window.__stylesheetChanges.push({href: r.target.getAttribute('href'), afterBody: !!document.body});
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['href']});
"""


def test_the_theme_does_not_reload_the_stylesheets_once_the_page_is_styled(browser, origin):
    context = browser.new_context()
    context.add_init_script(WATCH_STYLESHEETS)
    page = context.new_page()
    page.goto(f"{origin}/prompt-engineering/", wait_until="load")
    page.wait_for_function("() => window.location$ !== undefined")
    page.wait_for_timeout(500)
    changes = page.evaluate("window.__stylesheetChanges")
    stylesheets = page.evaluate("document.querySelectorAll('link[rel=stylesheet]').length")
    assert len(changes) == stylesheets, changes
    assert not [c for c in changes if c["afterBody"]], f"stylesheets re-addressed after the head: {changes}"
    assert all(c["href"].startswith(origin) for c in changes)
    context.close()
