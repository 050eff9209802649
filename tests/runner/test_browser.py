"""The in-page runner, end to end in Debian's chromium against the built site on 127.0.0.1.

One browser for the module. One page, served with the COOP/COEP headers of the site's
`_headers` file, goes through the tests in order, moving between pages by instant
navigation, so its single worker is also checked to serve every page. A second page on a
server without those headers checks that Stop falls back to restarting Python.

Why one module: the tests on the first page share its one worker, and the last of them checks
that it served them all, counting the restarts the tests before it caused.
"""

from __future__ import annotations

import difflib
import math
import re
import time
from pprint import pformat

import pytest

from chromium import Watch, block, navigate, replace_code, snippet_pages, summary, wait_done
from executor import MAX_LINES
from serve_site import serve

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

# The output block as a tree of [tag, {attributes}, ...children] and text, adjacent text merged.
# Left out: what is added to every code block for interaction, not output: codecopy.py's copy
# button, its code id and tabindex, the id the theme gives a block it mounts, and the tabindex
# the runner gives output that scrolls.
STRUCTURE_JS = """root => {
    const original = root.querySelector('.pft-output'), output = original.cloneNode(true);
    // A chart drawn in the browser sits in a shadow root (runner/src/svg.js): compare what it holds.
    const hosts = original.querySelectorAll('.pft-chart-scope');
    output.querySelectorAll('.pft-chart-scope').forEach((copy, i) =>
        copy.replaceWith(...[...hosts[i].shadowRoot.children].map(child => child.cloneNode(true))));
    output.querySelectorAll('nav.md-code__nav').forEach(nav => nav.remove());
    output.normalize();
    const tree = node => node.nodeType === Node.TEXT_NODE ? node.data : [node.localName,
        Object.fromEntries([...node.attributes].filter(a => a.name !== 'tabindex' && !(a.name === 'id' && /^__(copy|code)_\\d+$/.test(a.value)))
            .map(a => [a.name, a.value]).sort()),
        ...[...node.childNodes].filter(n => n.nodeType === Node.ELEMENT_NODE || n.nodeType === Node.TEXT_NODE).map(tree)];
    return [...output.childNodes].map(tree);
}"""


@pytest.fixture(scope="module")
def site(built_site):
    isolated = serve(built_site.dir)
    plain = serve(built_site.dir, headers=False)
    yield built_site.dir, f"http://127.0.0.1:{isolated.server_address[1]}", f"http://127.0.0.1:{plain.server_address[1]}"
    isolated.shutdown()
    plain.shutdown()


@pytest.fixture(scope="module")
def session(browser, site):
    directory, origin, _ = site
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    watch = Watch(page, origin)
    pages = snippet_pages(directory)
    # The tests share this page and mostly go on from where the one before left it; a test run on
    # its own (-k) starts on the first snippet page instead of a blank one.
    if pages:
        page.goto(f"{origin}/{pages[0]}")
    yield page, watch, origin, pages
    context.close()


def edit_and_run(page, root, code: str) -> str:
    replace_code(page, root, code)
    page.keyboard.press("Control+Enter")
    return wait_done(page, root)


def test_python_is_fetched_only_after_intent(session):
    page, watch, origin, pages = session
    assert pages, "no page of the built site contains a snippet"
    page.goto(f"{origin}/{pages[0]}", wait_until="networkidle")
    # On a loaded machine the runner's module may attach after the network went idle.
    page.locator(".pft-snippet[data-pft-runner]").first.wait_for(state="attached")
    assert page.locator(".pft-snippet[data-pft-runner] button.pft-run").count() == page.locator(".pft-snippet").count()
    assert not [u for u in watch.requests if "/vendor/pyodide/" in u or u.endswith("/worker.js")]
    block(page).hover()
    # Python's start-up shows in the block's status; on a fast load it may be past the download already.
    shown = "() => /^(Loading Python|Starting Python|Python is ready)/.test(document.querySelector('.pft-status').textContent)"
    try:
        page.wait_for_function(shown)
    except Exception as error:
        status = page.locator(".pft-status").first.text_content()
        raise AssertionError(f"hovering did not start Python: status {status!r}, workers {watch.workers}") from error
    assert page.evaluate("crossOriginIsolated")


def test_every_snippet_runs_in_the_browser_as_it_did_at_build_time(session):
    """For every snippet: the output block the build wrote (parsed by the browser, before Run) and
    the one the browser builds after Run have the same elements, attributes and text
    (runner/output.json is the one description both follow)."""
    page, watch, origin, pages = session
    mismatches = {}
    for n, path in enumerate(pages):
        if n:
            navigate(page, path)
        for i in range(page.locator(".pft-snippet").count()):
            root = block(page, i)
            built = root.evaluate(STRUCTURE_JS)
            root.locator("button.pft-run").click()
            status = wait_done(page, root)
            ran = root.evaluate(STRUCTURE_JS)
            if status != "ok" or ran != built:
                diff = difflib.unified_diff(pformat(built).splitlines(), pformat(ran).splitlines(), "build", "browser",
                                            lineterm="", n=1)
                mismatches[f"{path or 'home'}#{i} {root.get_attribute('data-snippet')}"] = (status, "\n".join(diff))
            assert all(len(item) > 2 for item in ran if item[0] == "figure"), "a chart arrived without its SVG"
    assert not mismatches, "\n".join(f"{name}: {status}\n{diff}" for name, (status, diff) in mismatches.items())


def test_edited_code_runs_and_reset_restores_the_original(session):
    page, watch, *_ = session
    root = block(page)
    original = summary(root)
    assert edit_and_run(page, root, "print(6 * 7)") == "ok"
    assert summary(root) == [["text", "42\n"]]
    root.locator("button.pft-reset").click()
    assert summary(root) == original
    # A new block is indented by four spaces, as the examples are.
    replace_code(page, root, "for i in range(2):")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("print(i)")
    assert root.locator(".cm-content").inner_text().endswith("for i in range(2):\n    print(i)")
    # Reset during a run: what the stopped run still sends does not land in the original output.
    replace_code(page, root, "print('spinning')\nwhile True:\n    pass\n")
    page.keyboard.press("Control+Enter")
    root.locator("pre.pft-stdout", has_text="spinning").wait_for()
    root.locator("button.pft-reset").click()
    status = wait_done(page, root)
    # On a loaded machine the interrupt can take longer than Stop's grace period (seen in a CI run);
    # then Python is restarted instead, the designed fallback, and the reset is the same.
    assert status in ("interrupted", "restarted")
    watch.restarts += status == "restarted"
    assert summary(root) == original and root.locator(".pft-status").text_content().startswith("Back to the original")
    assert root.locator(".cm-editor").count() == 0 and root.locator(".highlight").is_visible()


def test_an_exception_shows_a_traceback_with_editor_line_numbers(session):
    page, *_ = session
    root = block(page)
    assert edit_and_run(page, root, "def f():\n    return 1 / 0\n\nf()\n") == "error"
    stderr = root.locator("pre.pft-stderr").text_content()
    assert 'File "<snippet>", line 4' in stderr and 'line 2, in f' in stderr
    assert stderr.rstrip().endswith("ZeroDivisionError: division by zero")
    root.locator("button.pft-reset").click()


def test_a_print_flood_keeps_the_page_responsive(session):
    """While an endless print loop runs, the page takes the reader's clicks and typing, the output
    stays at its cap, and Stop ends the loop. How long the page stalls during a flood is measured
    by scripts/bench_runner.py, not here."""
    page, *_ = session
    root = block(page)
    replace_code(page, root, "i = 0\nwhile True:\n    print(i)\n    i += 1\n")
    root.locator("button.pft-run").click()
    root.locator("pre.pft-stdout").wait_for(timeout=180_000)
    # A frozen page would not take the keys, nor show them in the editor in time.
    root.locator(".cm-content").press("ControlOrMeta+End")
    page.keyboard.type("\n# typed during the flood")
    root.locator(".cm-content", has_text="# typed during the flood").wait_for(timeout=10_000)
    notice = root.locator(".pft-notice")
    notice.wait_for()
    assert notice.text_content() == f"Output cut after {MAX_LINES:,} lines; the code kept running."
    page.wait_for_timeout(500)
    assert root.locator(".pft-status").text_content() == "Running…"
    assert root.locator("pre.pft-stdout").text_content() == "".join(f"{i}\n" for i in range(MAX_LINES))
    root.locator("button.pft-stop").click()
    assert wait_done(page, root, timeout=5_000) == "interrupted"
    root.locator("button.pft-reset").click()


def test_stop_interrupts_an_endless_loop_and_python_runs_again(session):
    page, *_ = session
    root = block(page)
    replace_code(page, root, "print('spinning')\nwhile True:\n    pass\n")
    root.locator("button.pft-run").click()
    root.locator("pre.pft-stdout").wait_for()
    started = time.monotonic()
    root.locator("button.pft-stop").click()
    assert wait_done(page, root, timeout=2_000) == "interrupted"
    assert time.monotonic() - started < 2
    assert "KeyboardInterrupt" in root.locator("pre.pft-stderr").text_content()
    assert edit_and_run(page, root, "print('again')") == "ok"
    assert summary(root) == [["text", "again\n"]]
    root.locator("button.pft-reset").click()


def test_code_that_catches_the_interrupt_may_clean_up_but_not_carry_on(session):
    """Stop's grace is in two parts: Python must take the KeyboardInterrupt within the first, and
    from then the run has the second to end (its own clean-up, or a loaded machine)."""
    page, watch, *_ = session
    root = block(page)
    cleanup = ("import time\ntry:\n    print('spinning')\n    while True:\n        pass\n"
               "except KeyboardInterrupt:\n    time.sleep(1.0)\n    print('cleaned up')\n")
    replace_code(page, root, cleanup)
    root.locator("button.pft-run").click()
    root.locator("pre.pft-stdout").wait_for()
    root.locator("button.pft-stop").click()
    status = wait_done(page, root, timeout=5_000)
    # Counted first, so that a failure here is not also one of test_one_worker_served_every_page; the
    # notice says which grace ran out.
    watch.restarts += status == "restarted"
    assert status == "ok", summary(root)
    assert summary(root) == [["text", "spinning\ncleaned up\n"]]
    carry_on = ("print('spinning')\nwhile True:\n    try:\n        while True:\n            pass\n"
                "    except KeyboardInterrupt:\n        print('caught')\n")
    replace_code(page, root, carry_on)
    root.locator("button.pft-run").click()
    # Stop once the loop runs: "Running…" shows from when Python is ready, before the code begins (on a
    # loaded machine an earlier Stop ended the run before the loop could catch anything).
    root.locator("pre.pft-stdout").wait_for()
    started = time.monotonic()
    root.locator("button.pft-stop").click()
    assert wait_done(page, root, timeout=8_000) == "restarted"
    watch.restarts += 1
    assert time.monotonic() - started > 2.0  # the second grace, counted from the take
    # The notice first: it says which grace ran out ("did not take": the interrupt itself came late, on a
    # loaded machine). Past it, a missing "caught" is a Stop the runtime lost (test_signal_take.py).
    assert "the code caught it and went on" in root.locator(".pft-notice").text_content(), summary(root)
    assert root.locator("pre.pft-stdout").text_content() == "spinning\ncaught\n", summary(root)
    root.locator("button.pft-reset").click()


def test_a_call_that_never_takes_the_interrupt_is_ended_by_a_restart(session):
    page, watch, *_ = session
    root = block(page)
    replace_code(page, root, "print('summing')\nprint(sum(range(10 ** 14)))\n")
    root.locator("button.pft-run").click()
    root.locator("pre.pft-stdout").wait_for()
    root.locator("button.pft-stop").click()
    assert wait_done(page, root, timeout=5_000) == "restarted"
    watch.restarts += 1
    # Restarted after the first part of the grace (the note of the second names a caught interrupt).
    assert "cannot be interrupted" in root.locator(".pft-notice").text_content()
    root.locator("button.pft-reset").click()


def test_one_worker_served_every_page(session):
    page, watch, origin, pages = session
    # One runner worker, and one more for each run that ended by restarting Python.
    assert watch.workers == 1 + watch.restarts
    # Each of them fetches the runtime, and so (from the HTTP cache) does each worker that makes the
    # snapshot for later visits. Such a worker gives way to every run and starts over after twice
    # the idle time (at least a second) it waited last: the k-th starts at least 2**k - 1 seconds
    # after the first boot.
    assert watch.snapshot_makers <= 1 + math.log2(1 + time.monotonic() - watch.started)
    # (A maker that gives way early may not have fetched it yet.)
    assert 1 <= sum(u.endswith("/pyodide.asm.wasm") for u in watch.requests) <= watch.workers + watch.snapshot_makers


def stop_while_python_starts(page, root) -> None:
    """Stop pressed before Python has started calls the run off, and Python goes on starting."""
    replace_code(page, root, "print('never')")
    page.keyboard.press("Control+Enter")
    assert root.locator(".pft-status").text_content().startswith(("Starting Python", "Loading Python"))
    root.locator("button.pft-stop").click()
    assert wait_done(page, root, timeout=5_000) == "cancelled"
    assert "never" not in root.locator(".pft-output").text_content()


def own_page(browser, directory, origin):
    """A page in a browser context of its own, watched, at the first page with a snippet on ``origin``.

    Returns the context (to close), the page, its watch and the page's first snippet block.
    """
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page, origin)
    page.goto(f"{origin}/{snippet_pages(directory)[0]}")
    return context, page, watch, block(page)


def test_without_isolation_stop_restarts_python_and_says_so(browser, site):
    directory, _, plain_origin = site
    context, page, watch, root = own_page(browser, directory, plain_origin)
    assert not page.evaluate("crossOriginIsolated")
    stop_while_python_starts(page, root)
    assert edit_and_run(page, root, "print('warm')") == "ok"
    replace_code(page, root, "while True:\n    pass\n")
    root.locator("button.pft-run").click()
    page.wait_for_function("root => root.querySelector('.pft-status').textContent === 'Running…'", arg=root.element_handle())
    started = time.monotonic()
    root.locator("button.pft-stop").click()
    assert wait_done(page, root, timeout=2_000) == "restarted"
    assert time.monotonic() - started < 2
    assert re.search(r"restarting Python", root.locator(".pft-notice").text_content())
    assert root.locator(".pft-status").text_content() == "Stopped: Python was restarted (see above)."
    replace_code(page, root, "print('after restart')")
    root.locator("button.pft-run").click()
    assert wait_done(page, root) == "ok"
    assert summary(root) == [["text", "after restart\n"]]
    assert watch.workers == 2
    assert not watch.foreign and not watch.errors, (watch.foreign, watch.errors)
    context.close()


def test_a_crash_of_the_runtime_is_reported_and_python_comes_back(browser, site):
    directory, origin, _ = site
    context, page, watch, root = own_page(browser, directory, origin)
    stop_while_python_starts(page, root)
    # Pyodide's own fatal-error path, which a stack overflow or memory exhaustion inside the runtime
    # takes (provoking one of those for real takes minutes in a worker).
    assert edit_and_run(page, root, CRASH) == "crashed"
    assert "Python crashed" in root.locator(".pft-status").text_content()
    assert edit_and_run(page, root, "print('back')") == "ok"
    assert summary(root) == [["text", "back\n"]]
    assert watch.workers == 2
    # The browser's stack running out (what a raised recursion limit allows) gets a hint.
    assert edit_and_run(page, root, STACK_CRASH) == "crashed"
    assert "If the code raised sys.setrecursionlimit, lower it" in root.locator(".pft-output").text_content()
    assert edit_and_run(page, root, "print('back')") == "ok"
    # Pyodide reports each fatal error in the console, with its cause.
    expected = ("fatal error", "simulated crash", "Maximum call stack size exceeded")
    unexpected = [e for e in watch.errors if not any(word in e for word in expected)]
    assert not watch.foreign and not unexpected, (watch.foreign, unexpected)
    context.close()


CRASH = "import pyodide_js\n\npyodide_js._api.fatal_error('simulated crash')\n"
# A recursion past what the browser's stack holds, which only a raised limit lets Python attempt
# (about ten seconds in a worker).
STACK_CRASH = "import sys\n\nsys.setrecursionlimit(10**9)\n\ndef f():\n    f()\n\nf()\n"


def test_nothing_was_fetched_from_another_origin_and_the_console_stayed_clean(session):
    _, watch, *_ = session
    assert not watch.foreign, watch.foreign
    assert not watch.errors, watch.errors
