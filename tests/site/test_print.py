"""The print stylesheet, in Debian's chromium: a printed page keeps its code, output and charts
and drops navigation, header, footer, search and the runner's buttons."""

from __future__ import annotations

import pytest

from serve_site import serve

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

HIDDEN = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".headerlink"]
KEPT = [".pft-snippet .highlight pre", ".pft-output pre.pft-stdout", ".pft-output figure.pft-chart svg",
        "details.pft-cite pre.pft-cite-bibtex"]
DISPLAY = "selector => [...document.querySelectorAll(selector)].map(el => getComputedStyle(el).display)"
SHOWN = """selector => [...document.querySelectorAll(selector)].map(el => {
    const box = el.getBoundingClientRect();
    return getComputedStyle(el).visibility !== 'hidden' && box.width > 0 && box.height > 0;
})"""


@pytest.fixture(scope="module")
def printed(browser, built_site):
    server = serve(built_site.dir, headers=False)
    host, port = server.server_address[:2]
    page = browser.new_page()
    page.goto(f"http://{host}:{port}/cost-calculator/", wait_until="load")
    page.wait_for_selector(".pft-snippet")
    page.evaluate("document.querySelectorAll('.pft-snippet').forEach(s => { const b = document.createElement('button');"
                  " b.textContent = 'Run'; s.prepend(b); })")
    screen = {selector: page.evaluate(DISPLAY, selector) for selector in HIDDEN}
    page.emulate_media(media="print")
    yield page, screen
    page.close()
    server.shutdown()


def test_navigation_header_footer_and_buttons_are_not_printed(printed):
    page, screen = printed
    assert any("none" not in shown for shown in screen.values()), "the chrome should be visible on screen"
    for selector in [*HIDDEN, ".pft-snippet button"]:
        displays = page.evaluate(DISPLAY, selector)
        assert displays, f"{selector}: not on the page, the test would prove nothing"
        assert set(displays) == {"none"}, f"{selector} is printed: {displays}"


def test_code_output_charts_and_citation_are_printed(printed):
    page, _ = printed
    for selector in KEPT:
        shown = page.evaluate(SHOWN, selector)
        assert shown and all(shown), f"{selector} is missing from the printout: {shown}"


def test_a_pdf_can_be_made(printed):
    page, _ = printed
    assert page.pdf(format="A4")[:5] == b"%PDF-"


def test_a_long_output_is_printed_whole(printed):
    page, _ = printed
    heights = page.evaluate("""() => { const pre = document.querySelector('.pft-output pre.pft-stdout');
        pre.textContent = Array.from({length: 200}, (_, i) => `line ${i}`).join('\\n');
        return [pre.clientHeight, pre.scrollHeight]; }""")
    assert heights[0] >= heights[1] > 2000, f"the output's scroll box cuts it in print: {heights}"


def test_an_edited_example_is_printed_whole(browser, built_site):
    """The editor's scroll box (at most 32rem on screen) does not cut a reader's longer code in print."""
    from chromium import block, replace_code

    server = serve(built_site.dir, headers=False)
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/fine-tuning/")
    page.wait_for_selector(".pft-snippet[data-pft-runner]")
    root = block(page, 0)
    replace_code(page, root, "\n".join(f"print({i})" for i in range(80)))
    box = """root => { const s = root.querySelector('.pft-editor').shadowRoot.querySelector('.cm-scroller');
        return [s.clientHeight, s.scrollHeight]; }"""
    on_screen = root.evaluate(box)
    page.emulate_media(media="print")
    printed = root.evaluate(box)
    page.close()
    server.shutdown()
    assert on_screen[1] > on_screen[0], f"the code should overflow the editor on screen: {on_screen}"
    assert printed[1] <= printed[0] + 1, f"the printed editor cuts the code off: {printed}"
