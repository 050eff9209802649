"""The theme's start-up styling and the palette toggle, in Debian's chromium.

The stylesheets' addresses are made absolute, and the root's class "no-js" becomes "js", while the
head is parsed, so the theme's start-up does not reload them or change the class, either of which
restyles the whole page again. The palette toggle is ours
(overrides/partials/javascripts/palette.html), not the theme's start-up script, which restyled the
whole page twice: it must switch, save and restore the palette as the theme's did, follow the
system until the reader picks, and keep working across instant navigation.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

STATE = """() => ({
    scheme: document.body.dataset.mdColorScheme,
    shown: [...document.querySelectorAll('[data-pft-palette] label')].map(l => !l.hidden),
    themeColor: document.querySelector('meta[name=theme-color]')?.content,
    colorScheme: document.querySelector('meta[name=color-scheme]')?.content,
    saved: Object.keys(localStorage).some(k => k.endsWith('.__palette')),
})"""


def state(page) -> dict:
    # The colour metas are filled in once the page is idle.
    page.wait_for_function("() => document.querySelector('meta[name=theme-color]')?.content")
    return page.evaluate(STATE)


def toggle(page) -> None:
    page.locator("[data-pft-palette] label:not([hidden])").click()


@pytest.mark.parametrize("system, other", [("light", "dark"), ("dark", "light")])
def test_the_toggle_switches_saves_and_restores_the_palette(browser, origin, system, other):
    scheme = {"light": "default", "dark": "slate"}
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{origin}/prompt-engineering/")
    first = state(page)
    assert first["scheme"] == scheme[system] and first["colorScheme"] == system
    assert first["shown"].count(True) == 1 and not first["saved"]
    assert first["themeColor"].startswith("#") and len(first["themeColor"]) == 7

    toggle(page)
    page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{scheme[other]}'")
    switched = state(page)
    assert switched["saved"] and switched["colorScheme"] == other and switched["shown"] == first["shown"][::-1]

    page.reload()
    assert state(page)["scheme"] == scheme[other], "the reader's choice was not restored"
    page.emulate_media(color_scheme=other)
    page.emulate_media(color_scheme=system)
    page.wait_for_timeout(200)
    assert state(page)["scheme"] == scheme[other], "a change of the system's setting overrode the reader's choice"

    page.focus("[data-pft-palette] input:checked")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{scheme[system]}'")

    page.click("a.md-footer__link--next")
    page.wait_for_url("**/fine-tuning/**")
    toggle(page)
    page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{scheme[other]}'")
    assert not errors
    context.close()


# The body's attributes, in the order they change.
WATCH_BODY = """() => { window.__bodyChanges = [];
    new MutationObserver((records) => window.__bodyChanges.push(...records.map(r => r.attributeName)))
        .observe(document.body, {attributes: true}); }"""


def test_until_the_reader_picks_the_palette_follows_the_system(browser, origin):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(f"{origin}/")
    assert state(page)["scheme"] == "default"
    page.evaluate(WATCH_BODY)
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    # Shown at once, not faded (the theme holds transitions while switching): text caught between
    # palettes has too little contrast.
    changed = page.evaluate("window.__bodyChanges")
    assert changed.index("data-md-color-switching") < changed.index("data-md-color-scheme"), changed
    assert state(page)["colorScheme"] == "dark" and not state(page)["saved"]
    context.close()


# Every change of a stylesheet link's address, and whether the page had a <body> by then.
WATCH_STYLESHEETS = """
window.__stylesheetChanges = [];
new MutationObserver((records) => {
  for (const r of records) if (r.target.rel === 'stylesheet')
    window.__stylesheetChanges.push({href: r.target.getAttribute('href'), afterBody: !!document.body});
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['href']});
"""


@contextmanager
def watched_load(browser, origin, watcher: str):
    """A snippet page loaded with ``watcher`` run before anything else, once the theme has started."""
    context = browser.new_context()
    context.add_init_script(watcher)
    page = context.new_page()
    page.goto(f"{origin}/prompt-engineering/", wait_until="load")
    page.wait_for_function("() => window.location$ !== undefined")
    page.wait_for_timeout(500)
    yield page
    context.close()


def test_the_theme_does_not_reload_the_stylesheets_once_the_page_is_styled(browser, origin):
    with watched_load(browser, origin, WATCH_STYLESHEETS) as page:
        changes = page.evaluate("window.__stylesheetChanges")
        stylesheets = page.evaluate("document.querySelectorAll('link[rel=stylesheet]').length")
    assert len(changes) == stylesheets, changes
    assert not [c for c in changes if c["afterBody"]], f"stylesheets re-addressed after the head: {changes}"
    assert all(c["href"].startswith(origin) for c in changes)


# The root element's class after each change, and whether the page had a <body> by then.
WATCH_ROOT_CLASS = """
window.__rootClasses = [];
new MutationObserver((records) => {
  for (const r of records) if (r.target === document.documentElement)
    window.__rootClasses.push({value: r.target.className, afterBody: !!document.body});
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['class']});
"""


def test_the_page_is_styled_for_javascript_from_the_head_on(browser, origin):
    with watched_load(browser, origin, WATCH_ROOT_CLASS) as page:
        changes = page.evaluate("window.__rootClasses")
    assert changes and changes[0] == {"value": "js", "afterBody": False}, changes
    # (the theme's focus-visible polyfill adds a class of its own later)
    classes = [c["value"].split() for c in changes]
    assert all("js" in c and "no-js" not in c for c in classes), f"the root went back to no-js: {changes}"
