"""Security in Debian's chromium, under the site's own Content-Security-Policy (sent by
scripts/serve_site.py from the built `_headers`, and present as a meta tag in every page).

Every page loads, a snippet runs, a chart is drawn and the editor opens without one CSP
violation or console error; reader code cannot reach the page: markup it prints stays
text, and a chart whose SVG carries scripts, event handlers and javascript: links is drawn
without any of them; and Python cannot reach another server, even from a host that sends
none of the site's headers.
"""

from __future__ import annotations

import socket
import threading

import pytest

from chromium import Watch, block, site_pages, snippet_pages, wait_done
from serve_site import serve


pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

RECORD_VIOLATIONS = """window.pftViolations = [];
document.addEventListener('securitypolicyviolation', e =>
    window.pftViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${e.target.nodeName}`
        + ` ${e.target.getAttribute?.('class') ?? ''} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`));"""

# Every way a chart or printed text could try to run code in the page: each sets window.pftPwned.
HOSTILE = r'''
import pft

print("<script>window.pftPwned = 'printed script'</script>")
print('<img src=x onerror="window.pftPwned = \'printed img\'">')


class Hostile:
    title = '<img src=x onerror="window.pftPwned = \'title\'">'

    def render_svg(self):
        return """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 100 100" onload="window.pftPwned = 'svg onload'"
     style="position: fixed; top: 0; left: 0; width: 100vw; height: 100vh; z-index: 99999; fill: red">
  <script>window.pftPwned = 'svg script'</script>
  <script href="data:text/javascript,window.pftPwned='svg script src'"></script>
  <style>@import url(/x.css); rect { fill: url(/y.svg#z) }</style>
  <a href="javascript:window.pftPwned = 'javascript link'" xlink:href="javascript:window.pftPwned = 'xlink'">
    <rect id="hostile" width="100" height="100" fill="red"
          onclick="window.pftPwned = 'click'" onmouseover="window.pftPwned = 'hover'"
          ONFOCUS="window.pftPwned = 'focus'" tabindex="0"/>
  </a>
  <image href="x" onerror="window.pftPwned = 'image'"/>
  <foreignObject width="10" height="10">
    <img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="window.pftPwned = 'foreign img'"/>
  </foreignObject>
  <animate attributeName="href" to="javascript:window.pftPwned = 'animate'"/>
  <set attributeName="onclick" to="window.pftPwned = 'set'"/>
  <iframe src="javascript:parent.pftPwned = 'iframe'"/>
  <rect width="1" height="1" style="fill: u\\rl(/c.svg); background-image: u\\rl(/c.svg)"/>
  <text x="5" y="50">still drawn</text>
</svg>"""


pft.show(Hostile())
print("done")
'''


@pytest.fixture(scope="module")
def session(browser, origin):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page, Watch(page, origin)
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.pftViolations")


def test_every_page_loads_under_the_policy_without_a_violation(session, origin, built_site):
    page, watch = session
    found = {}
    for path in site_pages(built_site.dir):
        response = page.goto(f"{origin}/{path}", wait_until="networkidle")
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy, f"{path}: policy not sent"
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        if violations(page):
            found[path or "home"] = violations(page)
    assert not found, found
    assert not watch.errors and not watch.foreign, (watch.errors, watch.foreign)


def edit_and_run(page, root, code: str) -> str:
    root.locator("button.pft-edit").click()
    root.locator(".cm-content").wait_for()
    root.locator(".cm-content").focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(code)
    page.keyboard.press("Control+Enter")
    return wait_done(page, root)


def test_a_snippet_a_chart_and_the_editor_work_under_the_policy(session, origin, built_site):
    page, watch = session
    root = snippet_page(page, origin, built_site)
    root.locator("button.pft-run").click()
    assert wait_done(page, root) == "ok"
    chart = 'import pft\nfrom pft.render.charts import line_chart\npft.show(line_chart("Under the policy", "x", "y", {"a": [(0, 1), (1, 2)]}))\n'
    assert edit_and_run(page, root, chart) == "ok"
    assert root.locator("figure.pft-chart svg style").count() == 1, "the chart lost its stylesheet"
    assert not violations(page), violations(page)
    assert not watch.errors and not watch.foreign, (watch.errors, watch.foreign)
    root.locator("button.pft-reset").click()


def snippet_page(page, origin: str, built_site):
    """The first example of the first page with one, on a fresh load (each test its own)."""
    page.goto(f"{origin}/{snippet_pages(built_site.dir)[0]}")
    return block(page)


def test_reader_code_cannot_run_script_in_the_page(session, origin, built_site):
    page, watch = session
    root = snippet_page(page, origin, built_site)
    assert edit_and_run(page, root, HOSTILE) == "ok"
    output = root.locator(".pft-output")
    stdout = output.locator("pre.pft-stdout").all_text_contents()
    assert "<script>window.pftPwned = 'printed script'</script>" in "".join(stdout), "printed markup must stay text"
    figure = output.locator("figure.pft-chart")
    assert figure.locator("svg text").text_content() == "still drawn", "the harmless part of the chart was lost"
    figure.locator("svg").hover()
    figure.locator("svg").click()
    page.wait_for_timeout(300)
    dangerous = output.evaluate("""out => {
      const all = (node) => [...node.querySelectorAll('*')].flatMap(el => [el, ...(el.shadowRoot ? all(el.shadowRoot) : [])]);
      return all(out).flatMap(el => [
        ...(['script', 'foreignObject', 'iframe', 'image', 'img', 'animate', 'set'].includes(el.localName) ? [el.localName] : []),
        ...[...el.attributes].filter(a => /^on/i.test(a.name) || /javascript:|url\\(\\s*['"]?(?!#)/i.test(a.value))
            .map(a => `${el.localName}[${a.name}]`)]); }""")
    assert not dangerous, dangerous
    assert "@import" not in figure.locator("svg").inner_html()
    assert figure.locator("svg").evaluate("svg => getComputedStyle(svg).position") != "fixed", "the chart left its figure"
    assert page.evaluate("window.pftPwned") is None, page.evaluate("window.pftPwned")
    # The policy may report what it refused here (chromium checks the handlers already while the
    # sanitiser parses the SVG); what counts is that nothing ran and nothing was fetched.
    fetched = [u for u in watch.requests if u.rsplit("/", 1)[-1].split("#")[0] in ("x", "x.css", "y.svg", "c.svg")]
    assert not fetched and not watch.foreign, (fetched, watch.foreign)
    root.locator("button.pft-reset").click()


# A chart drawn with pygal directly carries a stylesheet of its own, and may set style attributes, which
# the policy would refuse.
OWN_STYLESHEET = r'''
import pft


class Styled:
    title = "its own stylesheet"

    def render_svg(self):
        return """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <style>
    .bar { fill: rgb(1, 2, 3); position: fixed; top: 0 }
    .hidden { visibility: hidden }
    body, html, :host, .md-header { fill: red; visibility: hidden }
  </style>
  <rect class="bar" width="50" height="50"/>
  <rect class="inline" style="fill: rgb(4, 5, 6); position: fixed" x="60" width="20" height="20"/>
  <text class="hidden" x="5" y="80">not shown</text>
</svg>"""


pft.show(Styled())
'''


def test_a_chart_with_its_own_stylesheet_is_drawn_styled_and_its_rules_stay_in_the_chart(session, origin, built_site):
    page, watch = session
    root = snippet_page(page, origin, built_site)
    assert edit_and_run(page, root, OWN_STYLESHEET) == "ok"
    shown = root.locator("figure.pft-chart").evaluate("""figure => {
        const svg = figure.querySelector('.pft-chart-scope').shadowRoot.querySelector('svg');
        const style = (selector) => getComputedStyle(svg.querySelector(selector));
        return {fill: style('.bar').fill, position: style('.bar').position, hidden: style('.hidden').visibility,
                inline: [style('.inline').fill, style('.inline').position], stylesheets: svg.querySelectorAll('style').length}; }""")
    assert shown == {"fill": "rgb(1, 2, 3)", "position": "static", "hidden": "hidden", "inline": ["rgb(4, 5, 6)", "static"],
                     "stylesheets": 0}, shown
    assert page.evaluate("[document.body, document.querySelector('.md-header')].map(e => getComputedStyle(e).visibility)") == ["visible"] * 2
    assert root.locator("figure.pft-chart").evaluate("f => getComputedStyle(f).visibility") == "visible"
    root.locator("button.pft-reset").click()


def showing(svg: str) -> str:
    """Code that shows a chart whose SVG is `svg`, as a reader's own object with a title and an SVG."""
    return f"import pft\n\nclass Chart:\n    title = 'a reader\\'s chart'\n\n    def render_svg(self):\n        return {svg!r}\n\npft.show(Chart())\n"


# A chart whose root takes the theme's overlay class (laid out as a fixed layer over the whole page)
# and a heading's id.
THEME_CLASS = ('<svg xmlns="http://www.w3.org/2000/svg" class="md-consent__overlay md-header" id="{anchor}" '
               'viewBox="0 0 10 10"><rect width="5" height="5"/></svg>')


def test_a_chart_cannot_take_the_pages_classes_or_ids(session, origin, built_site):
    page, watch = session
    root = snippet_page(page, origin, built_site)
    anchor = page.locator(".md-typeset h2[id]").first.get_attribute("id")
    assert edit_and_run(page, root, showing(THEME_CLASS.replace("{anchor}", anchor))) == "ok"
    svg = root.locator("figure.pft-chart svg")
    assert svg.evaluate("svg => getComputedStyle(svg).position") == "static", "the theme laid the chart out over the page"
    assert page.evaluate("id => document.getElementById(id).localName", anchor) == "h2", "the chart took a heading's id"
    reset = root.locator("button.pft-reset")
    box = reset.bounding_box()
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('button')?.className",
                        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert hit == reset.get_attribute("class"), f"Reset is covered (the point hits {hit!r})"
    reset.click()


TALL = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 100000000"><rect width="1" height="100000000"/></svg>'


def test_a_chart_of_any_shape_leaves_the_rest_of_the_page_within_reach(session, origin, built_site):
    page, watch = session
    root = snippet_page(page, origin, built_site)
    assert edit_and_run(page, root, showing(TALL)) == "ok"
    height = root.locator("figure.pft-chart").evaluate("figure => figure.getBoundingClientRect().height")
    assert height <= 1.5 * page.viewport_size["height"] + 1, f"the chart is {height:,.0f} px tall"
    root.locator("button.pft-reset").click()


# Every way Python in the page could open a connection to another server: `{url}` is filled in.
REACH_OUT = """
import js
from pyodide.http import open_url

url = "{url}"
for attempt in (lambda: js.fetch(url).catch(lambda error: None), lambda: open_url(url),
                lambda: js.XMLHttpRequest.new().open("GET", url, False),
                lambda: js.WebSocket.new(url.replace("http", "ws")), lambda: js.EventSource.new(url)):
    try:
        attempt()
    except Exception:
        pass
print("tried")
"""


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that counts the connections made to it, closing each at once (a
    request left waiting would hold a synchronous one, and the run, until the test times out)."""
    server = socket.create_server(("127.0.0.1", 0))
    connections = []

    def accept():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            connections.append(connection.getpeername())
            connection.close()

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1], connections
    server.close()


def test_python_reaches_no_other_server_even_from_a_host_without_the_headers(browser, built_site, listener):
    port, connections = listener
    plain = serve(built_site.dir, headers=False)
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page, f"http://127.0.0.1:{plain.server_address[1]}")
    page.goto(f"http://127.0.0.1:{plain.server_address[1]}/{snippet_pages(built_site.dir)[0]}")
    root = block(page)
    assert edit_and_run(page, root, REACH_OUT.format(url=f"http://127.0.0.1:{port}/from-python")) == "ok"
    assert root.locator("pre.pft-stdout").text_content() == "tried\n"
    page.wait_for_timeout(1_000)
    assert not connections, f"{len(connections)} connection(s) reached another server"
    assert watch.workers == 1
    context.close()
    plain.shutdown()
