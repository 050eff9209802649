"""Hover definitions in Debian's chromium: a glossary term shows its definition on hover and on
keyboard focus (mkdocs-material's content.tooltips)."""

from __future__ import annotations

import pytest

from serve_site import serve

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

ACTIVE = "() => [...document.querySelectorAll('.md-tooltip2--active')].map(t => t.innerText.trim())"


def until_shown(page, action, text: str, attempts: int = 20) -> bool:
    """Repeat ``action`` until a tooltip shows ``text`` (the theme's script may still be loading)."""
    for _ in range(attempts):
        action()
        page.wait_for_timeout(250)
        if text in page.evaluate(ACTIVE):
            return True
        page.mouse.move(0, 0)
        page.locator("body").focus()
    return False


def test_a_term_shows_its_definition_on_hover_and_on_focus(browser, built_site):
    server = serve(built_site.dir, headers=False)
    host, port = server.server_address[:2]
    page = browser.new_page()
    try:
        page.goto(f"http://{host}:{port}/fine-tuning/", wait_until="load")
        terms = page.locator(".md-content abbr[title]")
        assert terms.count() >= 3
        first, second = terms.nth(0), terms.nth(1)
        # material moves the title into its tooltip, so read the definition before hovering
        wanted = [first.get_attribute("title"), second.get_attribute("title")]
        assert until_shown(page, first.hover, wanted[0])
        page.mouse.move(0, 0)
        assert until_shown(page, second.focus, wanted[1])
    finally:
        page.close()
        server.shutdown()
