"""The runner loses nothing and explains everything, end to end in Debian's chromium.

Every test runs on the built site served with the headers of its `_headers` file (cross-origin
isolated: Stop interrupts, input() asks in the page), and those whose outcome can depend on the
headers run again on a server without them (Stop restarts Python, input() explains why it cannot
read). One browser context per server goes through the tests in order.

Why one module: those tests share the module's browser context and server (the `reader`
fixture), so they run in one module and in order.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.parse

import pytest

from conftest import ROOT
from chromium import PASTE_JS, Watch, block, code_link, navigate, replace_code, wait_done
from serve_site import serve

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

PAGE = "fine-tuning/"
# The client's start-up watchdog (ms), read from its source.
STALL_MS = int(re.search(r"const START_STALL_MS = ([\d_]+);", (ROOT / "runner" / "src" / "client.js").read_text(encoding="utf-8"))
               .group(1).replace("_", ""))
# Why a test of what the editor shows and keeps runs on one server only.
EDITOR_ONCE = "what the editor shows and keeps does not depend on the server's headers: checked once, on the isolated server"
# Tabs share storage but not runs: what this module checks of them does not depend on the server's headers.
TABS_ONCE = "tabs share storage whatever the server's headers: checked once, on the isolated server"
START_ONCE = "the start-up is the same on both servers; one is enough"
INPUT_ONCE = "without isolation input() explains itself (test_errors_...)"
# Every text a block's status line shows, in order, from now on.
RECORD_STATUS_JS = """root => { root.pftStatuses = []; const line = root.querySelector('.pft-status');
    new MutationObserver(() => root.pftStatuses.push(line.textContent))
        .observe(line, {childList: true, subtree: true, characterData: true}); }"""


@pytest.fixture(scope="module", params=["isolated", "plain"])
def reader(request, browser, built_site):
    isolated = request.param == "isolated"
    server = serve(built_site.dir, headers=isolated)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(30_000)
    watch = Watch(page, origin)
    page.goto(f"{origin}/{PAGE}")
    assert page.evaluate("crossOriginIsolated") == isolated
    yield page, watch, origin, isolated
    assert not watch.foreign, watch.foreign
    context.close()
    server.shutdown()


def isolated_only(reader, why: str):
    """The reader's page, watch and origin on the isolated server; on the other, the test is skipped for `why`."""
    page, watch, origin, isolated = reader
    if not isolated:
        pytest.skip(why)
    return page, watch, origin


def press_run(root) -> None:
    """Press Run on example `root`, its last run's status cleared (for `wait_done` to wait for this one's)."""
    root.evaluate("root => delete root.dataset.pftStatus")
    root.locator("button.pft-run").click()


def run(page, root, code: str, timeout: float = 180_000) -> str:
    replace_code(page, root, code)
    press_run(root)
    return wait_done(page, root, timeout)


def notices(root) -> str:
    """The block's notes, joined."""
    return " ".join(root.locator(".pft-notice").all_text_contents())


def start(page, root, code: str, first_line: str) -> None:
    """Run `code` and return once it has printed `first_line`."""
    replace_code(page, root, code)
    press_run(root)
    page.wait_for_function("([root, line]) => root.querySelector('.pft-output').textContent.startsWith(line)",
                           arg=[root.element_handle(), first_line], timeout=180_000)


def code_of(root) -> str:
    return root.locator(".cm-content").evaluate("node => [...node.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n')")


def status(root) -> str:
    return root.locator(".pft-status").text_content()


def saved(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('pft-runner:')))")


def open_tab(page, origin):
    """Another tab of the same browser on PAGE, once its examples are ready."""
    tab = page.context.new_page()
    tab.goto(f"{origin}/{PAGE}")
    tab.wait_for_selector(".pft-snippet[data-pft-runner]")
    return tab


def bring_back(page, root, says: str) -> None:
    """Press the status line's button that brings an edit back, and wait until the status `says` so."""
    root.locator("button.pft-bring-back").click()
    page.wait_for_function("([root, text]) => root.querySelector('.pft-status').textContent.includes(text)",
                           arg=[root.element_handle(), says])


def copy_link(page, root, code: str) -> str:
    """The link that the Link button of example `root` makes for `code`."""
    replace_code(page, root, code)
    root.evaluate("root => delete root.dataset.pftLink")
    root.locator("button.pft-link").click()
    page.wait_for_function("root => root.dataset.pftLink", arg=root.element_handle())
    return root.get_attribute("data-pft-link")


def open_link(page, link: str):
    """Open `link` on PAGE; its example, once it shows the link's code."""
    page.goto(link)
    root = block(page)
    page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('came with the link')",
                           arg=root.element_handle())
    return root


def reload(page):
    page.reload()
    page.wait_for_selector(".pft-snippet[data-pft-runner]")
    page.wait_for_timeout(300)


def test_an_edit_and_an_unfinished_run_survive_the_table_of_contents_a_reload_and_navigation(reader):
    page, watch, origin = isolated_only(reader, EDITOR_ONCE)
    root = block(page)
    replace_code(page, root, "print('mine')")
    page.wait_for_function("root => !root.querySelector('.pft-edited').hidden", arg=root.element_handle())
    fetched = len(watch.requests)
    # The first same-page link after a full load used to fetch the page again and replace it.
    toc = page.locator(".md-sidebar--secondary a.md-nav__link")
    toc.nth(toc.count() - 1).click()
    page.wait_for_function("() => location.hash.length > 1")
    page.go_back()
    page.wait_for_timeout(300)
    assert not [u for u in watch.requests[fetched:] if u.endswith(f"/{PAGE}")], "the page was fetched again"
    assert code_of(root) == "print('mine')" and root.locator(".pft-edited").is_visible()
    mine = "print('mine')\nwhile True:\n    pass"
    start(page, root, mine, "mine\n")
    reload(page)
    root = block(page)
    root.locator(".cm-content").wait_for()
    assert code_of(root) == mine and root.locator(".pft-edited").is_visible()
    assert "saved in this browser" in status(root)
    assert "did not finish: the page was left, reloaded or closed while it ran, or the tab crashed" in status(root)
    assert "One example on this page shows your edits" in page.locator(".pft-page-edits").text_content()
    navigate(page, "synergy/")
    navigate(page, PAGE)
    root = block(page)
    root.locator(".cm-content").wait_for()
    assert code_of(root) == mine and root.locator(".pft-edited").is_visible()
    # Another spelling of the page's address is the same page, with the same edits.
    for spelling in (f"{PAGE}index.html", PAGE.replace("t", "%74", 1), PAGE):
        page.goto(f"{origin}/{spelling}")
        root = block(page)
        root.locator(".cm-content").wait_for()
        assert code_of(root) == mine, spelling


def test_reset_forgets_the_edit_and_one_control_resets_the_page(reader):
    page, _, _ = isolated_only(reader, EDITOR_ONCE)
    first, second = block(page, 0), block(page, 1)
    original = second.locator(".highlight").text_content()
    replace_code(page, second, "print('two')")
    page.wait_for_function("() => document.querySelector('.pft-page-edits').textContent.startsWith('2 examples')")
    edit = code_of(first)
    first.locator("button.pft-reset").click()
    assert first.locator(".cm-content").count() == 0 and not first.locator(".pft-edited").is_visible()
    assert len(saved(page)) == 1
    # Undo brings the edit back, saved again; Reset then forgets it for good.
    first.locator(".pft-status button.pft-bring-back").focus()
    page.keyboard.press("Enter")
    first.locator(".cm-content").wait_for()
    page.wait_for_function("root => root.contains(document.activeElement) && document.activeElement.matches('.pft-editor')",
                           arg=first.element_handle())
    page.wait_for_function("() => Object.keys(localStorage).filter(k => k.startsWith('pft-runner:')).length === 2")
    assert code_of(first) == edit and first.locator(".pft-edited").is_visible()
    first.locator("button.pft-reset").click()
    assert len(saved(page)) == 1
    # From the keyboard: a button that hides itself hands the keyboard's place on, not to the page.
    page.locator(".pft-reset-all").focus()
    page.keyboard.press("Enter")
    assert second.locator(".cm-content").count() == 0 and second.locator(".highlight").text_content() == original
    assert not saved(page)
    page.wait_for_function("() => document.activeElement.matches('button.pft-undo-all')")
    page.keyboard.press("Enter")
    second.locator(".cm-content").wait_for()
    assert code_of(second) == "print('two')" and len(saved(page)) == 1
    page.wait_for_function("() => document.activeElement.matches('button.pft-reset-all')")
    page.locator(".pft-reset-all").click()
    assert not saved(page)
    page.mouse.move(1, 1)
    reload(page)
    assert page.locator(".cm-content").count() == 0 and page.locator(".pft-page-edits").is_hidden()
    # The snippet whose hover started Python shows its start-up, up to the end.
    greeter = block(page, 2)
    greeter.hover()
    page.wait_for_function("root => root.querySelector('.pft-status').textContent === 'Python is ready.'",
                           arg=greeter.element_handle(), timeout=180_000)


def test_stop_ends_a_sleep_and_keeps_what_was_printed(reader):
    page, _, _, isolated = reader
    root = block(page)
    start(page, root, "import time\nprint('before')\ntime.sleep(30)\n", "before\n")
    started = time.monotonic()
    root.locator("button.pft-stop").click()
    result = wait_done(page, root, timeout=5_000)
    text = root.locator(".pft-output").text_content()
    assert text.startswith("before\n")
    if isolated:
        assert result == "interrupted" and time.monotonic() - started < 1.5
        assert text.rstrip().endswith("KeyboardInterrupt") and 'line 3, in <module>' in text
        assert "restarted" not in text
    else:
        assert result == "restarted"
        assert "Stopped by restarting Python" in root.locator(".pft-notice").text_content()


def test_a_progress_line_redrawn_with_carriage_returns_shows_its_latest_state(reader):
    page, _, _, _ = reader
    root = block(page)
    code = ("import time\nfor i in range(0, 101, 25):\n    print(f'\\r{i}%', end='', flush=True)\n"
            "    time.sleep(0.05)\nprint(' done')\nprint('a\\rb')\nprint('abcdef\\rXY')\n")
    assert run(page, root, code) == "ok"
    assert root.locator(".pft-stdout").text_content() == "100% done\nb\nXYcdef\n"


def test_status_lines_belong_to_their_own_snippet(reader):
    page, *_ = reader
    one, two, three = (block(page, i) for i in range(3))
    for root in (one, two, three):
        root.evaluate(RECORD_STATUS_JS)
    start(page, one, "print('spinning')\nwhile True:\n    pass\n", "spinning\n")
    for name, root in (("two", two), ("three", three)):
        replace_code(page, root, f"import pft\nprint('{name}')\n")
        press_run(root)
        assert status(root) == "Waiting for the running example…"
    # A waiting run stopped before its turn, then the running one (without isolation: a restart,
    # whose start-up the next waiting run shows).
    two.locator("button.pft-stop").click()
    assert wait_done(page, two, timeout=1_000) == "cancelled"
    one.locator("button.pft-stop").click()
    assert wait_done(page, one, timeout=5_000) in ("interrupted", "restarted")
    assert wait_done(page, three) == "ok" and three.locator(".pft-output").text_content() == "three\n"
    assert "two" not in two.locator(".pft-output").text_content()
    page.wait_for_timeout(500)
    seen = {name: root.evaluate("root => root.pftStatuses") for name, root in [("one", one), ("two", two), ("three", three)]}
    for name in ("one", "two"):
        after_stop = seen[name][next(i for i, s in enumerate(seen[name]) if s.startswith("Stop")):]
        assert all(s.startswith("Stop") for s in after_stop), seen
    assert seen["two"][-1] == "Stopped before it started: nothing ran.", seen
    # The packages' loader speaks before the code begins, not over it ("No new packages to load").
    assert seen["three"][-2] == "Running…" and seen["three"][-1].startswith("Finished"), seen
    for root in (one, two, three):
        root.locator("button.pft-reset").click()


ERRORS = [
    ("import numpy\n", "ModuleNotFoundError: No module named 'numpy'", "There is no numpy in this page"),
    ("bytearray(3 * 1024**3)\n", "OverflowError", "can use at most 4 GB of memory"),
    ("import pft\n\npft.show(123)\n", "TypeError: show() takes a chart", ""),
    ("import threading\nthreading.Thread(target=print).start()\n", "RuntimeError", "cannot start others"),
]

FORGED = """import js
for i in range(1, 200):
    js.postMessage(js.JSON.parse(f'{{"type": "done", "id": {i}, "status": "ok"}}'))
js.postMessage(js.JSON.parse('{"type": "crash", "message": "forged"}'))
print('not ended')
"""


def test_errors_say_what_to_do_and_show_no_runner_frames(reader):
    page, watch, _, isolated = reader
    root = block(page)
    for code, error, hint in ERRORS:
        assert run(page, root, code) == "error", code
        stderr = root.locator("pre.pft-stderr").text_content()
        assert error in stderr and "pft_runner" not in stderr and "executor" not in stderr, stderr
        notes = notices(root)
        # A mistake in the code itself gets no note: the traceback says it all.
        assert hint in notes if hint else notes == "", (code, notes)
        if "numpy" in code:
            assert "the standard library and" in notes and "pft" in notes and "pygal" in notes
    assert root.locator("pre.pft-stderr code").evaluate("node => getComputedStyle(node).whiteSpace") == "pre-wrap"
    if not isolated:
        assert run(page, root, "name = input('Name? ')\n") == "error"
        stderr = root.locator("pre.pft-stderr").text_content()
        assert "this page cannot read from the keyboard (input(), getpass" in stderr and "pft_runner" not in stderr
        assert stderr.count("File ") == 1, stderr
    # A KeyboardInterrupt the code raises is its own error, not a Stop nobody pressed.
    assert run(page, root, "raise KeyboardInterrupt") == "interrupted"
    assert "KeyboardInterrupt" in root.locator("pre.pft-stderr").text_content()
    assert status(root) == "Ended by a KeyboardInterrupt the code raised: see the traceback above."
    # What the code posts from the worker (import js) is not the runner's word: it ends nothing.
    workers = watch.workers
    assert run(page, root, FORGED) == "ok" and root.locator(".pft-output").text_content() == "not ended\n"
    assert watch.workers == workers
    root.locator("button.pft-reset").click()


def test_after_a_memory_error_python_is_replaced(reader):
    page, watch, *_ = reader
    root = block(page)
    workers = watch.workers
    # Asks for more pointers than a 32-bit runtime can index: a real MemoryError, without the wait
    # of filling 4 GB first (scripts/bench_runner_memory.py measures that case).
    assert run(page, root, "x = [None] * 2**29\n") == "out-of-memory"
    assert "MemoryError" in root.locator("pre.pft-stderr").text_content()
    assert "restarted to give the memory back" in root.locator(".pft-output").text_content()
    assert run(page, root, "print('back')\n") == "ok"
    assert watch.workers == workers + 1
    root.locator("button.pft-reset").click()


# Code that leaves the worker unable to take another run: closed, or deaf to the page's messages.
# The watchdog that replaces it does not depend on isolation: each page setting tries one of them
# (each costs the watchdog's wait and a new Python).
DISABLING = {"isolated": "import js\njs.close()\n", "plain": "import js\njs.onmessage = None\n"}


def test_a_worker_that_stopped_taking_runs_is_replaced_for_the_next(reader):
    page, watch, _, isolated = reader
    root = block(page)
    code = DISABLING["isolated" if isolated else "plain"]
    assert run(page, root, code) == "ok", code
    workers = watch.workers
    assert run(page, root, "print('back')\n", timeout=60_000) == "ok", code
    assert root.locator(".pft-output").text_content().endswith("back\n")
    assert "stopped taking runs" in notices(root)
    assert watch.workers == workers + 1
    # The time reported is the code's own, not the wait for the new Python.
    seconds = float(re.fullmatch(r"Finished in ([\d.]+) s\.", status(root))[1])
    assert seconds < 2, status(root)
    root.locator("button.pft-reset").click()


# Leaves a timer behind whose callback raises every 20 ms once the run has ended.
RAISES_LATER = ("import js\nfrom pyodide.ffi import create_proxy\n"
                "js.self.pftTimer = js.setInterval(create_proxy(lambda: 1 / 0), 20)\nprint('armed')\n")


def test_a_callback_that_raises_after_its_run_keeps_python_and_the_next_run_says_so(reader):
    page, watch, *_ = reader
    root = block(page)
    assert run(page, root, RAISES_LATER) == "ok"
    workers = watch.workers
    page.wait_for_timeout(500)
    assert run(page, root, "import js\njs.clearInterval(js.self.pftTimer)\nprint('back')\n", timeout=60_000) == "ok"
    assert root.locator(".pft-output").text_content().endswith("back\n")
    notes = notices(root)
    found = re.search(r"raised ZeroDivisionError: division by zero after that run had ended \((\d+) times\)", notes)
    assert found and int(found[1]) > 1, notes
    assert watch.workers == workers, "an error in a late callback is no crash: Python should be kept"
    assert run(page, root, "print('again')\n", timeout=60_000) == "ok"
    assert not root.locator(".pft-notice").count(), "the note belongs to one run only"
    root.locator("button.pft-reset").click()


def test_the_note_on_a_late_callbacks_error_is_one_short_line_that_names_it(reader):
    page, _, *_ = reader
    root = block(page)
    arm = "import js\nfrom pyodide.ffi import create_proxy\n{}\nprint('armed')\n"
    huge = "def boom():\n    raise ValueError('x' * 10**7 + '\\nsecond line')\njs.setTimeout(create_proxy(boom), 0)"
    assert run(page, root, arm.format(huge)) == "ok"
    page.wait_for_timeout(300)
    assert run(page, root, "print('next')\n", timeout=60_000) == "ok"
    note = notices(root)
    assert "raised ValueError: xxx" in note and len(note) < 500, note[:200]
    # Errors that say different things are counted together, not as so many times the last one.
    two = ("js.setTimeout(create_proxy(lambda: 1 / 0), 0)\n"
           "js.setTimeout(create_proxy(lambda: {}['key']), 100)")
    assert run(page, root, arm.format(two)) == "ok"
    page.wait_for_timeout(500)
    assert run(page, root, "print('next')\n", timeout=60_000) == "ok"
    assert "raised 2 errors after their runs had ended; the last: KeyError: 'key'." in notices(root), notices(root)
    root.locator("button.pft-reset").click()


# Code that replaces what the runner itself uses of the worker's JavaScript, then prints.
DAMAGING = ("import js\njs.MessagePort.prototype.postMessage = js.Object.prototype.valueOf\n"
            "js.clearTimeout = None\njs.setTimeout = None\n"
            "js.Atomics.wait = None\njs.Atomics.load = None\nprint('set')\n")


def test_code_that_damages_the_workers_javascript_ends_its_run_and_the_next_one_works(reader):
    page, watch, *_ = reader
    root = block(page)
    assert run(page, root, DAMAGING, timeout=60_000) == "ok"
    workers = watch.workers  # counted after the first run, which starts Python if no test before did
    assert root.locator(".pft-output").text_content() == "set\n"
    assert run(page, root, "import time\ntime.sleep(0.2)\nprint('back')\n", timeout=60_000) == "ok"
    assert root.locator(".pft-output").text_content() == "back\n"
    assert watch.workers == workers, "the runner should have kept this Python"
    # What Pyodide itself needs (js.String) cannot be saved: the run ends as a crash, not a hang.
    assert run(page, root, "import js\njs.String = None\nprint('set')\n", timeout=60_000) == "crashed"
    assert "crashed" in root.locator(".pft-output").text_content()
    assert run(page, root, "print('back')\n", timeout=60_000) == "ok"
    assert root.locator(".pft-output").text_content().endswith("back\n")
    # A Python error in what the runtime calls before the code (here, finding its imports) is named.
    assert run(page, root, "import pyodide.code\npyodide.code.find_imports = lambda code: 1 / 0\n") == "ok"
    assert run(page, root, "print('set')\n", timeout=60_000) == "crashed"
    assert "Python crashed (ZeroDivisionError: division by zero)" in notices(root)
    assert run(page, root, "print('back')\n", timeout=60_000) == "ok"
    # os._exit ends the program on purpose: said as the code's doing, and Python comes back.
    assert run(page, root, "import os\nos._exit(3)\n", timeout=60_000) == "exited"
    assert "os._exit(3)" in root.locator(".pft-output").text_content()
    assert "crashed" not in root.locator(".pft-output").text_content() + root.locator(".pft-status").text_content()
    assert run(page, root, "print('back')\n", timeout=60_000) == "ok"
    root.locator("button.pft-reset").click()


def test_input_asks_in_the_output_area_where_the_page_is_isolated(reader):
    page, _, _ = isolated_only(reader, INPUT_ONCE)
    root = block(page)
    replace_code(page, root, "name = input('Name? ')\nprint('Hello', name)\n")
    press_run(root)
    field = root.locator(".pft-input input")
    field.wait_for(timeout=180_000)
    assert field.evaluate("node => node === document.activeElement")
    field.fill("é" * 40_000)  # 80,000 bytes of UTF-8
    field.press("Enter")
    page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('too long')", arg=root.element_handle())
    assert "80,000 bytes of text, and at most 65,536 go through" in status(root)
    field.fill("Ada <b>")
    field.press("Enter")
    assert wait_done(page, root) == "ok"
    assert root.locator(".pft-output").text_content() == "Name? Ada <b>\nHello Ada <b>\n"
    # The answered field goes, and the keyboard's focus stays in the example, not at the top of the page.
    assert root.evaluate("root => root.contains(document.activeElement) && document.activeElement.tagName") == "BUTTON"
    # Reading to the end of input: lines until End input, or Ctrl+D in the empty field.
    start(page, root, "import sys\nprint('reading')\nprint(repr(sys.stdin.read()))\nprint(input())\n", "reading\n")
    for line in ("one", "two"):
        field = root.locator(".pft-input input")
        field.fill(line)
        field.press("Enter")
        root.locator(".pft-output", has_text=f"{line}\n").wait_for()
    root.locator("button.pft-end-input").click()
    root.locator(".pft-input input").press("Control+d")
    assert wait_done(page, root) == "error"
    assert root.evaluate("root => root.contains(document.activeElement) && document.activeElement.tagName") == "BUTTON"
    assert root.locator("pre.pft-stdout").text_content() == "reading\none\ntwo\n'one\\ntwo\\n'\n"
    assert root.locator("pre.pft-stderr").text_content().rstrip().endswith("EOFError: EOF when reading a line")
    # Stop while the code waits for an answer.
    start(page, root, "print('asking')\nanswer = input()\n", "asking\n")
    root.locator(".pft-input input").wait_for()
    root.locator("button.pft-stop").click()
    assert wait_done(page, root, timeout=2_000) == "interrupted"
    stderr = root.locator("pre.pft-stderr").text_content()
    assert stderr.count("File ") == 1 and "line 2" in stderr and root.locator(".pft-input").count() == 0
    root.locator("button.pft-reset").click()


def test_input_leaves_the_keyboard_where_the_reader_is_typing_in_another_example(reader):
    page, _, _ = isolated_only(reader, INPUT_ONCE)
    asking, typing = block(page, 0), block(page, 1)
    replace_code(page, asking, "name = input('Name? ')\nprint('Hello', name)\n")
    replace_code(page, typing, "# notes")
    typing.locator(".cm-content").click()
    # A click from code: the keyboard stays in the other example's editor while the run starts.
    asking.locator("button.pft-run").evaluate("button => button.click()")
    asking.locator(".pft-input input").wait_for(timeout=180_000)
    page.keyboard.type(" and more")
    assert code_of(typing).endswith("and more"), code_of(typing)
    assert asking.locator(".pft-input input").input_value() == ""
    asking.locator(".pft-input input").fill("Ada")
    asking.locator(".pft-input input").press("Enter")
    assert wait_done(page, asking) == "ok"
    # Nor from its own editor, run with Ctrl+Enter while the reader goes on typing there.
    asking.locator(".cm-content").click()
    page.keyboard.press("End")
    page.keyboard.press("Control+Enter")
    asking.locator(".pft-input input").wait_for()
    page.keyboard.type("  # still typing")
    assert "# still typing" in code_of(asking), code_of(asking)
    asking.locator(".pft-input input").fill("Ada")
    asking.locator(".pft-input input").press("Enter")
    assert wait_done(page, asking) == "ok"
    for root in (asking, typing):
        root.locator("button.pft-reset").click()


def test_a_link_carries_the_code_and_never_runs_it(reader):
    page, watch, origin = isolated_only(reader, EDITOR_ONCE)
    root = block(page)
    code = "print('from a link', 1 + 1)  # <script>alert(1)</script>"
    replace_code(page, root, code)
    root.locator("button.pft-link").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.includes('#'))")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(f"{origin}/{PAGE}#") and "print" not in link
    root.locator("button.pft-reset").click()
    requests, workers = len(watch.requests), watch.workers
    other = page.context.new_page()
    other_watch = Watch(other, origin)
    other.goto(link)
    shown = block(other)
    shown.locator(".cm-content").wait_for()
    assert code_of(shown) == code and "read it, then press Run" in status(shown)
    assert "direction of text" not in status(shown)
    assert "#" not in other.url.split(PAGE, 1)[1] or "code=" not in other.url
    other.wait_for_timeout(500)
    assert shown.get_attribute("data-pft-status") is None and other_watch.workers == 0
    assert not [u for u in watch.requests[requests:] + other_watch.requests if "code=" in u]
    # As some mail and chat programs pass a link on: what follows the # percent-encoded.
    base, fragment = code_link(origin, PAGE, shown.get_attribute("data-snippet"), "print('encoded')").split("#", 1)
    other.goto(f"{base}#{urllib.parse.quote(fragment, safe='')}")
    shown.locator(".cm-content", has_text="encoded").wait_for()
    # Damaged or oversized links get a message, and the page stays usable.
    for fragment, message in [("code=AAAA", "could not be read"), ("code=" + "A" * 9000, "longer than")]:
        other.goto(f"{origin}/{PAGE}#snippet={shown.get_attribute('data-snippet')}&{fragment}")
        other.wait_for_function("m => document.querySelector('.pft-status').textContent.includes(m)", arg=message)
    # Half a link: cut before its code, or without the example's name. With no example named, the
    # page says so above its examples, where Reset all has nothing to reset.
    other.goto(f"{origin}/{PAGE}#snippet={shown.get_attribute('data-snippet')}")
    other.wait_for_function("() => document.querySelector('.pft-status').textContent.includes('could not be read')")
    packed = link.split("code=", 1)[1]
    other.goto(f"{origin}/{PAGE}#code={packed}")
    bar = other.locator(".pft-page-edits")
    bar.get_by_text("could not be read").wait_for()
    assert bar.locator("button.pft-reset-all").is_hidden()
    # A link for an example renamed since: its code can still be shown, and the name the link gives
    # is not repeated (whoever made it could make it say anything); a good link then clears the note.
    other.goto(f"{origin}/{PAGE}#snippet=snippets/moved.py%20Press%20the%20button&code={packed}")
    bar.get_by_text("not on this page (it may have been renamed or moved)").wait_for()
    assert "Press" not in bar.text_content()
    bar.get_by_role("button", name="Show the code in the first example").click()
    shown.locator(".cm-content").wait_for()
    assert code_of(shown) == code and "read it, then press Run" in status(shown)
    # Damaged code says so, whatever example the link names.
    other.goto(f"{origin}/{PAGE}#snippet=nowhere&code=%ZZ")
    bar.get_by_text("could not be read").wait_for()
    other.goto(f"{origin}/{PAGE}#snippet=snippets/moved.py&code={packed}")
    bar.get_by_text("renamed or moved").wait_for()
    other.goto(f"{origin}/{PAGE}#code={packed}")
    bar.get_by_text("could not be read").wait_for()
    other.goto(link)
    other.wait_for_function("() => !location.hash")
    assert bar.is_hidden() or "could not be read" not in bar.text_content()
    # On a page without examples the link is not dropped without a word.
    other.goto(f"{origin}/glossary/#snippet=snippets/moved.py&code={packed}")
    other.locator(".pft-no-examples", has_text="this page has no examples").wait_for()
    assert "code=" in other.url
    other.close()
    assert watch.workers == workers
    # Hashes do not compress: far beyond what a link may carry.
    replace_code(page, root, "".join(f"# {hashlib.sha256(bytes([i])).hexdigest()}\n" for i in range(200)))
    root.locator("button.pft-link").click()
    page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('too long for a link')", arg=root.element_handle())
    # Code that compresses to a short link, but more of it than a link is read for, gets no link either.
    replace_code(page, root, "data = [\n" + "    (1, 2, 3),\n" * 70_000 + "]\n")
    root.locator("button.pft-link").click()
    page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('more code than a link may carry')",
                           arg=root.element_handle())
    root.locator("button.pft-reset").click()


def test_code_from_a_link_that_is_run_keeps_the_readers_own_edit_to_bring_back(reader):
    page, _, origin = isolated_only(reader, EDITOR_ONCE)
    root = block(page)
    replace_code(page, root, "print('from the link')")
    root.locator("button.pft-link").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.includes('#'))")
    link = page.evaluate("navigator.clipboard.readText()")
    replace_code(page, root, "print('my own work')")
    page.wait_for_timeout(600)  # the edit is saved
    page.goto(link)
    root = block(page)
    page.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('came with the link')",
                           arg=root.element_handle())
    assert "edit of this example is kept" in status(root) and root.locator("button.pft-bring-back").count() == 1
    assert run(page, root, "print('from the link')") == "ok"
    reload(page)
    root = block(page)
    assert code_of(root) == "print('from the link')"
    assert "replaced your earlier edit" in status(root)
    bring_back(page, root, "Your edit is back")
    assert code_of(root) == "print('my own work')"
    reload(page)
    root = block(page)
    assert code_of(block(page)) == "print('my own work')" and root.locator("button.pft-bring-back").count() == 0
    root.locator("button.pft-reset").click()
    assert not saved(page)


def test_code_from_a_link_with_windows_line_ends_is_not_the_readers_until_changed(reader):
    """The editor makes every line end \\n: the link's code must not then look changed, and be saved as the reader's."""
    page, _, origin = isolated_only(reader, EDITOR_ONCE)
    root = block(page)
    replace_code(page, root, "print('mine')")
    page.wait_for_timeout(600)
    for ends in ("\r\n", "\r"):
        root = open_link(page, code_link(origin, PAGE, root.get_attribute("data-snippet"), f"print('linked'){ends}print(2){ends}"))
        page.wait_for_timeout(600)
        assert root.locator(".pft-edited").is_hidden(), f"code from a link with {ends!r} line ends was marked as the reader's edit"
        assert json.loads(next(iter(saved(page).values()))) == {"code": "print('mine')"}
        reload(page)
        root = block(page)
        root.locator(".cm-content").wait_for()
        assert code_of(root) == "print('mine')"
    root.locator("button.pft-reset").click()


def test_the_readers_own_edit_outlasts_code_from_several_links_run_in_turn(reader):
    page, _, _ = isolated_only(reader, EDITOR_ONCE)
    root = block(page)
    links = [copy_link(page, root, f"print('link {number}')") for number in (1, 2)]
    replace_code(page, root, "print('my own work')")
    page.wait_for_timeout(600)  # the edit is saved
    for link in links:
        root = open_link(page, link)
        assert "edit of this example is kept" in status(root)
        press_run(root)
        assert wait_done(page, root) == "ok"
    [record] = saved(page).values()
    assert json.loads(record) == {"code": "print('link 2')", "previous": "print('my own work')", "replacedBy": "link"}
    reload(page)
    root = block(page)
    bring_back(page, root, "Your edit is back")
    assert code_of(root) == "print('my own work')"
    root.locator("button.pft-reset").click()
    assert not saved(page)


def test_code_from_a_link_that_shows_in_another_order_than_it_runs_is_shown_for_what_it_is(reader):
    page, _, _ = isolated_only(reader, EDITOR_ONCE)
    root = block(page)
    # Direction controls that CodeMirror shows by default (RLO, LRI, PDI) and not (LRE, PDF), and a zero-width joiner.
    link = copy_link(page, root, "s = 'user\u202e \u2066# admin\u2069 \u2066'\nt = '\u202aab\u202c'\nu\u200d = 1\n")
    root.locator("button.pft-reset").click()
    root = open_link(page, link)
    assert "characters that change the direction of text" in status(root)
    shown = root.locator(".cm-content .cm-specialChar")
    assert set(shown.all_text_contents()) == {"\u2022"}
    titles = [title.removeprefix("Control character ") for title in shown.evaluate_all("nodes => nodes.map(n => n.title)")]
    assert titles == ["right-to-left override", "left-to-right isolate", "pop directional isolate", "left-to-right isolate",
                      "0x202a", "0x202c", "zero width joiner"]
    root.locator("button.pft-reset").click()
    assert not saved(page)


def test_an_edit_saved_in_another_tab_is_kept_when_this_tab_saves_over_it(reader):
    page, _, origin = isolated_only(reader, TABS_ONCE)
    other = open_tab(page, origin)
    # Both tabs were open before either saved: the first tab's edit, then the other's.
    root = block(page)
    replace_code(page, root, "print('first tab')")
    page.wait_for_timeout(600)
    root_other = block(other)
    replace_code(other, root_other, "print('other tab')")
    other.wait_for_function("root => root.querySelector('.pft-status').textContent.includes('came from another tab')",
                            arg=root_other.element_handle())
    [record] = saved(page).values()
    assert '"code":"print(\'other tab\')"' in record and '"previous":"print(\'first tab\')"' in record
    other.close()
    reload(page)
    root = block(page)
    assert code_of(root) == "print('other tab')" and "saved in another tab" in status(root)
    bring_back(page, root, "other tab's edit is in")
    assert code_of(root) == "print('first tab')"
    assert [r for r in saved(page).values()] == ['{"code":"print(\'first tab\')"}']
    root.locator("button.pft-reset").click()
    assert not saved(page)


def test_an_edit_a_third_tab_pushes_out_of_storage_is_marked_not_saved_and_saved_again_when_changed(reader):
    page, _, origin = isolated_only(reader, "what storage keeps does not depend on the server's headers: checked once, on the isolated server")
    tabs = [page, open_tab(page, origin), open_tab(page, origin)]
    for number, tab in enumerate(tabs):
        replace_code(tab, block(tab), f"print('tab {number}')")
        tab.wait_for_timeout(600)
    root = block(page)
    page.wait_for_function("root => root.querySelector('.pft-edited').textContent === 'Edited, not saved'",
                           arg=root.element_handle())
    assert "only in this tab now" in status(root)
    assert "is not keeping it" in page.locator(".pft-page-edits").text_content()
    assert "Edited, not saved" not in block(tabs[1]).locator(".pft-edited").text_content(), "its edit is still kept"
    replace_code(page, root, "print('tab 0 again')")
    page.wait_for_timeout(600)
    [record] = saved(page).values()
    assert '"code":"print(\'tab 0 again\')"' in record and '"previous":"print(\'tab 2\')"' in record
    assert root.locator(".pft-edited").text_content() == "Edited"
    tabs[1].wait_for_function("root => root.querySelector('.pft-edited').textContent === 'Edited, not saved'",
                              arg=block(tabs[1]).element_handle())
    for tab in tabs[1:]:
        tab.close()
    page.evaluate("localStorage.clear()")
    reload(page)


def test_reset_in_one_tab_keeps_an_edit_another_tab_saved_since(reader):
    page, _, origin = isolated_only(reader, TABS_ONCE)
    root = block(page)
    replace_code(page, root, "print('first tab')")
    page.wait_for_timeout(600)
    other = open_tab(page, origin)
    replace_code(other, block(other), "print('other tab')")
    other.wait_for_timeout(600)
    other.close()
    root.locator("button.pft-reset").click()
    assert [r for r in saved(page).values()] == ['{"previous":"print(\'other tab\')","replacedBy":"tab"}']
    bring_back(page, root, "back in the editor")  # Undo: this tab's edit is back, the other's still kept
    assert [r for r in saved(page).values()] == [
        '{"previous":"print(\'other tab\')","replacedBy":"tab","code":"print(\'first tab\')"}']
    root.locator("button.pft-reset").click()
    reload(page)
    root = block(page)
    assert "saved in another tab" in status(root), "a second Reset forgot the other tab's edit"
    bring_back(page, root, "other tab's edit is in")
    root.locator("button.pft-reset").click()
    assert not saved(page)


UNFINISHED = "did not finish"


def test_a_run_going_in_another_tab_is_not_called_unfinished_but_one_whose_tab_closed_is(reader):
    page, _, origin = isolated_only(reader, TABS_ONCE)
    running = open_tab(page, origin)
    start(running, block(running), "print('spinning')\nwhile True:\n    pass", "spinning\n")
    onlooker = open_tab(page, origin)
    onlooker.wait_for_timeout(500)
    assert UNFINISHED not in status(block(onlooker)), "a run still going in another tab was called unfinished"
    running.close()
    later = open_tab(page, origin)
    later.wait_for_function("text => document.querySelector('.pft-status').textContent.includes(text)", arg=UNFINISHED)
    for tab in (onlooker, later):
        tab.close()


def test_a_run_cut_off_by_leaving_is_reported_when_the_reader_comes_straight_back(reader):
    """The run's clean-up may still hold its lock as the page comes back: this tab's own lock is no other tab's run."""
    page, _, _ = isolated_only(reader, "without isolation leaving ends the run by restarting Python at once: no clean-up outlasts it")
    root = block(page)
    start(page, root, "import time\nprint('looping')\ntry:\n    while True:\n        time.sleep(0.05)\n"
                      "except KeyboardInterrupt:\n    time.sleep(1.5)\n", "looping\n")
    navigate(page, "synergy/")
    navigate(page, PAGE)
    root = block(page)
    page.wait_for_function("text => document.querySelector('.pft-status').textContent.includes(text)", arg=UNFINISHED)
    root.locator("button.pft-reset").click()


def test_leaving_while_python_only_starts_is_no_unfinished_run(reader, browser):
    _, _, origin = isolated_only(reader, START_ONCE)
    context = browser.new_context()
    fresh = context.new_page()
    # Python never finishes starting: its WebAssembly is never answered.
    asked = []
    fresh.route("**/pyodide.asm.wasm", lambda route: asked.append(route))
    fresh.goto(f"{origin}/{PAGE}")
    block(fresh).locator("button.pft-run").click()
    deadline = time.monotonic() + 60
    while not asked:
        assert time.monotonic() < deadline, "Run did not start Python"
        fresh.wait_for_timeout(100)
    fresh.unroute("**/pyodide.asm.wasm")
    reload(fresh)
    fresh.wait_for_timeout(300)
    assert UNFINISHED not in status(block(fresh)), "no code had begun, yet the run was called unfinished"
    context.close()


def test_download_saves_a_script_that_says_how_to_run_it(reader):
    page, _, origin = isolated_only(reader, EDITOR_ONCE)
    root = block(page)
    replace_code(page, root, "print('mine')")
    with page.expect_download() as download:
        root.locator("button.pft-download").click()
    name = root.get_attribute("data-snippet").rsplit("/", 1)[-1]
    assert download.value.suggested_filename == name
    text = open(download.value.path(), encoding="utf-8").read()
    lines = text.splitlines()
    assert lines[0].startswith("# An example from") and lines[-1] == "print('mine')"
    assert re.search(rf"python -m pip install {re.escape(origin)}/assets/vendor/pyodide/pft-[^ ]+\.whl$", text, re.M)
    assert f"python {name}" in text
    assert "lone surrogate" not in status(root)
    # Half of a surrogate pair, which UTF-8 cannot hold, is replaced in the file, and the status says so.
    root.locator(".cm-content").focus()
    page.keyboard.press("ControlOrMeta+a")
    root.locator(".cm-content").evaluate(f"content => ({PASTE_JS})(content, \"s = '\" + String.fromCharCode(0xD800) + \"'\")")
    with page.expect_download() as download:
        root.locator("button.pft-download").click()
    assert open(download.value.path(), encoding="utf-8").read().splitlines()[-1] == "s = '\ufffd'"
    assert "lone surrogate" in status(root) and "became \ufffd" in status(root)
    root.locator("button.pft-reset").click()


# Pyodide's start-up catches the failed download (it logs "wasm instantiation failed!"), but only after
# Chrome has reported the download's promise as unhandled.
@pytest.mark.allow_page_errors("Failed to fetch")
def test_a_failed_download_of_python_ends_the_run_and_the_next_run_starts_afresh(reader, browser):
    page, _, origin = isolated_only(reader, START_ONCE)
    context = browser.new_context()
    # The page's clock runs as usual, but the test moves it past the start-up watchdog instead of waiting it out.
    context.clock.install()
    fresh = context.new_page()
    aborted = []
    # Pyodide never settles when its WebAssembly cannot be fetched: only the start-up watchdog ends the wait.
    # One download fails; the next boot (the next Run, or hovering a block) fetches it as usual.
    fresh.route("**/pyodide.asm.wasm", lambda route: (aborted.append(route.request.url), route.abort("connectionreset")), times=1)
    fresh.goto(f"{origin}/{PAGE}")
    root = block(fresh)
    root.locator("button.pft-run").click()
    deadline = time.monotonic() + 60
    while not root.get_attribute("data-pft-status"):
        assert time.monotonic() < deadline, "the start-up watchdog did not end the run"
        if aborted:  # again and again: progress of the other downloads may have set the watchdog anew
            fresh.clock.fast_forward(STALL_MS)
        fresh.wait_for_timeout(250)
    assert root.get_attribute("data-pft-status") == "not-started"
    assert "could not start" in status(root) and "no progress" in root.locator(".pft-output").text_content()
    press_run(root)
    assert wait_done(fresh, root, timeout=180_000) == "ok"
    context.close()


def test_a_runner_script_that_cannot_be_loaded_says_why(reader, browser):
    """Offline, or after the site was updated: the worker's own script does not come, and says nothing itself."""
    _, _, origin = isolated_only(reader, START_ONCE)
    context = browser.new_context()
    fresh = context.new_page()
    fresh.route("**/runner/worker.js", lambda route: route.abort("internetdisconnected"))
    fresh.goto(f"{origin}/{PAGE}")
    root = block(fresh)
    root.locator("button.pft-run").click()
    assert wait_done(fresh, root, timeout=60_000) == "not-started"
    assert "the connection may be down" in root.locator(".pft-output").text_content()
    context.close()


def test_a_search_result_for_this_page_keeps_a_run_in_progress(reader):
    """With search.highlight a result links to this page with ?h=<terms>, which the theme fetched as another page."""
    page, watch, origin = isolated_only(reader, EDITOR_ONCE)
    root = block(page)
    start(page, root, "import time\nprint('spinning')\nwhile True:\n    time.sleep(0.05)", "spinning\n")
    fetched = len(watch.requests)
    section = page.evaluate("document.querySelector('.md-content h2[id]').id")
    page.evaluate("""id => { const a = document.createElement('a'); a.href = `?h=adapter#${id}`; a.textContent = 'result';
                         document.querySelector('.md-content').append(a); a.click(); }""", section)
    page.wait_for_function("id => location.hash === '#' + id", arg=section)
    page.wait_for_timeout(500)
    assert not [u for u in watch.requests[fetched:] if f"/{PAGE}?" in u or u.endswith(f"/{PAGE}")], "the page was fetched again"
    assert root.get_attribute("data-pft-status") is None and "spinning" in root.locator(".pft-output").text_content()
    root.locator("button.pft-stop").click()
    assert wait_done(page, root) in ("interrupted", "restarted")
