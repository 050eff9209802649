"""Tooltips in Debian's chromium (overrides/assets/javascripts/tooltips.js): a glossary term shows its
definition on hover and on keyboard focus, the tooltip goes when the pointer and the focus leave or
on Escape, the title and the element's accessible name and description come back as they were, and
a page that instant navigation brings in has them too."""

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


SHOWN = "() => document.querySelectorAll('.md-tooltip2').length"


def shown(page, text: str) -> None:
    """Wait until a tooltip shows ``text``."""
    page.wait_for_function(f"() => ({ACTIVE})().includes({text!r})")


def hover_first(page, selector: str):
    """Hover the first element ``selector`` finds and wait for its tooltip; returns it and its title.
    A handle, not a locator: "abbr[title]" would find the next term while this one's title is in its tooltip."""
    host = page.locator(selector).first.element_handle()
    title = host.get_attribute("title")
    host.hover()
    shown(page, title)
    return host, title


def gone(page) -> None:
    """Wait until no tooltip is left in the page."""
    page.wait_for_function(f"() => ({SHOWN})() === 0")


@pytest.fixture
def page_at(browser, built_site):
    server = serve(built_site.dir, headers=False)
    host, port = server.server_address[:2]
    page = browser.new_page()

    def goto(path: str):
        page.goto(f"http://{host}:{port}/{path}", wait_until="load")
        page.wait_for_function("() => window.component$ !== undefined")
        return page

    yield goto
    page.close()
    server.shutdown()


def test_a_tooltip_goes_when_the_pointer_leaves_and_on_escape(page_at):
    page = page_at("fine-tuning/")
    term, definition = hover_first(page, ".md-content abbr[title]")
    assert term.get_attribute("title") is None
    assert term.get_attribute("aria-describedby") == page.locator(".md-tooltip2").get_attribute("id")
    page.mouse.move(0, 0)
    gone(page)
    assert term.get_attribute("title") == definition
    assert term.get_attribute("aria-describedby") is None
    term.focus()
    shown(page, definition)
    page.keyboard.press("Escape")
    gone(page)
    assert term.get_attribute("title") == definition
    page.wait_for_timeout(400)
    assert page.evaluate(SHOWN) == 0, "Escape hides the tooltip until the focus leaves"


def test_an_icon_button_is_named_by_its_tooltip_and_a_description_is_kept(page_at):
    page = page_at("prompt-engineering/")
    copy, name = hover_first(page, ".md-content .md-code__button[title]")
    assert copy.get_attribute("aria-label") == name, "an icon button keeps its name while its title is in the tooltip"
    page.mouse.move(0, 0)
    gone(page)
    assert copy.get_attribute("aria-label") is None and copy.get_attribute("title") == name
    page.evaluate("""() => document.querySelector('.md-content p').insertAdjacentHTML('afterbegin',
        '<span id="described" tabindex="0" title="Its tooltip" aria-describedby="own-note">words</span>')""")
    described = page.locator("#described")
    described.focus()
    shown(page, "Its tooltip")
    tooltip = page.locator(".md-tooltip2").get_attribute("id")
    assert described.get_attribute("aria-describedby") == f"{tooltip} own-note"
    described.evaluate("element => element.blur()")
    gone(page)
    assert described.get_attribute("aria-describedby") == "own-note"


def test_a_page_reached_by_instant_navigation_has_tooltips(page_at):
    page = page_at("prompt-engineering/")
    heading = page.locator(".md-content h1").inner_text()
    hover_first(page, ".md-content abbr[title]")
    # a click in the script, so the pointer stays where it was: the term goes with its page, and its tooltip too
    page.evaluate("() => document.querySelector('.md-nav a[href$=\"fine-tuning/\"]').click()")
    page.wait_for_function(f"() => document.querySelector('.md-content h1').innerText !== {heading!r}")
    assert page.evaluate("() => location.pathname").endswith("/fine-tuning/")
    gone(page)
    hover_first(page, ".md-content abbr[title]")
