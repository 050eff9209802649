"""Accessibility in Debian's chromium: axe-core on every built page in both palettes, on a page
whose snippet has run and whose editor is open, and a keyboard-only walk through a snippet.

axe is injected into a context that bypasses the site's Content-Security-Policy (the policy
itself is checked in test_security.py). Only violations of impact serious or critical fail.
"""

from __future__ import annotations

import pytest

from chromium import block, replace_code, site_pages, snippet_pages, wait_done
from conftest import ROOT


pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
AXE_RUN = r"""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .filter(v => %s.includes(v.impact))
    .map(v => `${v.id} (${v.impact}) on ${v.nodes.length}: ` + v.nodes.slice(0, 3)
        .map(n => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join(' | '))
""" % list(BLOCKING)
# The element that has focus, named by its snippet block and button, or by its tag.
FOCUSED = """() => { const host = document.activeElement; let a = host;
    while (a.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const root = host.closest('.pft-snippet');
    const blocks = [...document.querySelectorAll('.pft-snippet')];
    if (!root) return a.tagName.toLowerCase();
    if (a.closest('.cm-content')) return `${blocks.indexOf(root)}:editor`;
    const action = [...a.classList].find(c => c.startsWith('pft-') && c !== 'pft-button');
    return `${blocks.indexOf(root)}:${action ? action.slice(4) : a.tagName.toLowerCase()}`; }"""


def violations(page) -> list[str]:
    # Blocks out of view are skipped by content-visibility (site.css), and axe would skip them too.
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_serious_violation(browser, origin, built_site, scheme):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    found = {}
    pages = site_pages(built_site.dir)
    assert len(pages) > 5
    for path in pages:
        page.goto(f"{origin}/{path}")
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected, "the palette did not follow the system"
        if problems := violations(page):
            found[path or "home"] = problems
    context.close()
    assert not found, "\n".join(f"{path}:\n  " + "\n  ".join(p) for path, p in found.items())


@pytest.fixture(scope="module")
def snippet_page(browser, origin, built_site):
    """A page of the first snippet page, in a context allowed to use the clipboard (Copy)."""
    context = browser.new_context(bypass_csp=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{origin}/{snippet_pages(built_site.dir)[0]}")
    yield page
    context.close()


def test_a_snippet_that_ran_and_an_open_editor_with_an_edit_have_no_serious_violation(snippet_page):
    page = snippet_page
    root = block(page)
    root.locator("button.pft-run").click()
    assert wait_done(page, root) == "ok"
    original = root.locator(".highlight").text_content()
    replace_code(page, root, original.rstrip() + "\n# edited\n")
    root.locator(".pft-edited").wait_for()  # the mark, and the line above the examples
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        problems = violations(page)
        assert not problems, f"after a run, with an edit in the editor ({scheme}):\n" + "\n".join(problems)
    page.emulate_media(color_scheme="light")
    root.locator("button.pft-reset").click()


def press(page, key: str, times: int = 1) -> str:
    for _ in range(times):
        page.keyboard.press(key)
    return page.evaluate(FOCUSED)


def test_keyboard_alone_reaches_every_button_runs_edits_stops_and_leaves_the_editor(snippet_page):
    page = snippet_page
    root = block(page)
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    for _ in range(400):
        if press(page, "Tab") == "0:run":
            break
    else:
        pytest.fail("Tab never reached the first snippet's Run button")
    assert [press(page, "Tab") for _ in range(4)] == ["0:edit", "0:stop", "0:reset", "0:copy"]
    assert [press(page, "Shift+Tab") for _ in range(4)] == ["0:reset", "0:stop", "0:edit", "0:run"]

    # Run: focus stays on the button while the snippet runs, and the output is there to read.
    expected = root.locator(".pft-output").inner_text()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "0:run"
    assert wait_done(page, root) == "ok"
    assert root.locator(".pft-output").inner_text() == expected
    assert root.locator(".pft-output").get_attribute("aria-live") == "polite"

    # Edit: the editor takes focus; Escape leaves it for Run, which runs the edited code.
    assert press(page, "Tab") == "0:edit"
    page.keyboard.press("Enter")
    root.locator(".cm-content").wait_for()
    page.wait_for_function(f"() => ({FOCUSED})() === '0:editor'")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text("print('typed', 6 * 7)")
    assert press(page, "Escape") == "0:run"
    page.keyboard.press("Enter")
    assert wait_done(page, root) == "ok"
    assert root.locator(".pft-output").inner_text().strip() == "typed 42"

    # Stop, from the keyboard, on an endless loop.
    assert press(page, "Tab") == "0:edit"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({FOCUSED})() === '0:editor'")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text("print('spinning')\nwhile True:\n    pass")
    assert press(page, "Escape") == "0:run"
    page.keyboard.press("Enter")
    root.locator("pre.pft-stdout").wait_for()
    assert press(page, "Tab", 2) == "0:stop"
    page.keyboard.press("Enter")
    assert wait_done(page, root, timeout=5_000) == "interrupted"
    assert page.evaluate(FOCUSED) == "0:stop"

    # Reset brings back the original code and output; Copy reports what it did.
    assert press(page, "Tab") == "0:reset"
    page.keyboard.press("Enter")
    assert root.locator(".pft-output").inner_text() == expected
    assert root.locator(".cm-editor").count() == 0
    assert press(page, "Tab") == "0:copy"
    page.keyboard.press("Enter")
    page.wait_for_function("root => root.querySelector('.pft-status').textContent === 'Code copied.'",
                           arg=root.element_handle())
    assert page.evaluate("navigator.clipboard.readText()") == root.locator(".highlight code").text_content()


def test_the_theme_copy_button_of_a_code_block_copies_it_by_keyboard(snippet_page):
    """The copy buttons are in the HTML (docs_tools/codecopy.py), handled by the theme's Clipboard.js."""
    page = snippet_page
    root = block(page)
    button = root.locator(".highlight button.md-code__button")
    button.focus()
    page.evaluate("navigator.clipboard.writeText('')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => navigator.clipboard.readText().then(text => text.length > 0)")
    # the theme copies the code without its final newline
    assert page.evaluate("navigator.clipboard.readText()") == root.locator(".highlight code").text_content().rstrip("\n")
    page.locator(".md-dialog--active").wait_for()  # the theme's "Copied to clipboard"
