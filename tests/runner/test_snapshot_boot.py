"""Booting Python from a memory snapshot (runner/src/snapshot.js): the site's own, or one made in the reader's browser.

In Debian's chromium: a first visit on a fast connection (loopback) boots from the snapshot the site
ships, runs the page's snippets as they ran at build time, and draws fresh random numbers on every
visit; a tampered shipped snapshot is refused and Python boots normally; a run cannot change the copy
of it kept for later visits. Without the shipped one, a first visit boots normally and stores a
snapshot; a later visit boots from it; a snapshot of another build, or a broken one, is dropped and
Python boots normally. Without a browser: the private Pyodide options are pinned to the exact Pyodide
the site ships, and a second making of the shipped snapshot gives the bytes the build shipped.

Why one module: every test boots Python the same ways, through the same helpers (a first visit from
the site's snapshot, a visit in a given browser context, the wait for the copy kept for later visits).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

import pytest

import build_assets
from chromium import KEPT_JS, Watch, block, boot_and_run, replace_code, snippet_pages, summary, wait_done, wait_kept
from conftest import ROOT

SNAPSHOT_JS = ROOT / "runner" / "src" / "snapshot.js"
RANDOM_CODE = "import random\nprint(random.random())\n"
# Replace, in the stored snapshot, every copy of the build's key (the cache entry's name ends
# with it) by another string of the same length: Pyodide still loads it, our check must not.
RETAG_JS = """async () => {
    const cache = await caches.open('pft-python-snapshot');
    const [request] = await cache.keys();
    const key = new TextEncoder().encode(request.url.split('snapshot-').pop());
    const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
    let copies = 0;
    for (let i = bytes.indexOf(key[0]); i !== -1; i = bytes.indexOf(key[0], i + 1)) {
        if (key.every((b, j) => bytes[i + j] === b)) { bytes.fill(48, i, i + key.length); copies++; }
    }
    await cache.put(request, new Response(bytes));
    return [request.url, copies];
}"""
# Store bytes that are no snapshot at all under the build's entry.
BREAK_JS = """async url => (await caches.open('pft-python-snapshot')).put(url, new Response(new Uint8Array(4096)))"""
SHIPPED_TRIES = 3
# Pyodide keeps the bytes it restored Python from where a run can reach them, unless the worker drops
# them. This run changes sys.version in them (to a string of the same length), as code that meant harm
# could change anything: if those bytes were the copy kept for later visits, every later visit's Python
# would be changed.
# The callback comes after the run, whose names are gone by then: it holds what it needs itself.
TAMPER_RESTORED_CODE = """import sys
import pyodide_js
from pyodide.ffi import create_proxy
def tamper(snapshot, version=sys.version.encode()):
    data = snapshot.to_bytes()
    at = data.find(version)
    while at != -1:
        snapshot.subarray(at, at + len(version)).assign(version.replace(b"(", b"!"))
        at = data.find(version, at + 1)
restored_from = getattr(pyodide_js._api.config, "_loadSnapshot", None)
if restored_from:
    restored_from.then(create_proxy(tamper))
print(sys.version)
"""
# Every way a run might reach the Cache Storage the snapshot is kept in: the global, any
# descriptor of it on the worker's global scope or its prototypes (a getter could be called on it),
# and the constructors of workers (one the code started would have a Cache Storage of its own); and
# the bytes Pyodide restored from, which it keeps in its config (about 31 MB held for the whole visit).
REACH_STORAGE_CODE = """import js
import pyodide_js
from pyodide.ffi import jsnull
names = ["caches", "Worker", "SharedWorker"]
found = [f"js.{name}" for name in names if getattr(js, name, None) is not None]
scope = js
while scope is not jsnull:
    found += [name for name in names if js.Object.getOwnPropertyDescriptor(scope, name) is not None]
    scope = js.Object.getPrototypeOf(scope)
if getattr(pyodide_js._api.config, "_loadSnapshot", None) is not None:
    found.append("pyodide_js._api.config._loadSnapshot")
print(found)
"""


def test_the_private_snapshot_options_are_pinned_to_the_shipped_pyodide():
    pinned = re.search(r'PYODIDE_VERSION = "([^"]+)"', SNAPSHOT_JS.read_text()).group(1)
    shipped = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    assert pinned == shipped, (
        f"Pyodide {shipped} is shipped but runner/src/snapshot.js was written for {pinned}: _makeSnapshot and "
        "_loadSnapshot are private options. Check them in the new Pyodide, then update PYODIDE_VERSION.")
    installed = ROOT / "node_modules" / "pyodide"
    assert json.loads((installed / "package.json").read_text())["version"] == shipped
    assert "_loadSnapshot" in (installed / "pyodide.mjs").read_text()
    assert "makeMemorySnapshot" in (installed / "pyodide.asm.mjs").read_text()


def shipped(runner_assets) -> dict:
    """What the built worker knows of the shipped snapshot: its key, sha256 and file."""
    worker = (runner_assets.parent.parent / "runner" / "worker.js").read_text()
    facts = re.search(r'\{file:"([^"]+)",bytes:(\d+),sha256:"([0-9a-f]{64})"\}', worker)
    key = re.search(r'\.prepare\("([0-9a-f]{32})"\)', worker)
    return {"file": facts.group(1), "bytes": int(facts.group(2)), "sha256": facts.group(3), "key": key.group(1)}


def test_a_second_making_of_the_shipped_snapshot_gives_the_bytes_the_build_shipped(runner_assets):
    # Two builds of one commit must ship the same bytes: the snapshot is made with fixed randomness and clocks.
    facts = shipped(runner_assets)
    assert (runner_assets / facts["file"]).stat().st_size == facts["bytes"]
    again = build_assets.make_snapshot(runner_assets, facts["key"])
    assert hashlib.sha256(again).hexdigest() == facts["sha256"], "the shipped snapshot is not reproducible"


def test_a_restored_python_checks_its_key_and_is_reseeded(monkeypatch):
    sys.path.insert(0, str(ROOT / "runner" / "py"))
    import memory_snapshot

    monkeypatch.setattr(memory_snapshot, "_made_for", None)
    memory_snapshot.prepare("key-a")
    assert all(name in sys.modules for name in memory_snapshot.PRELOAD)
    assert not memory_snapshot.restored("key-b")
    state = random.getstate()
    assert memory_snapshot.restored("key-a")
    assert random.getstate() != state


def first_visit_from_the_sites_snapshot(browser, origin: str, path: str, code: str):
    """A first visit that booted from the site's snapshot, in a fresh context: (context, output, watch).

    A first visit measures the connection before it chooses; on a machine busy with other work even
    loopback can measure slower than the choice needs, and then Python rightly boots normally. So a
    visit is tried SHIPPED_TRIES times, and the test fails only when none of them chose the snapshot.
    """
    rates = []
    for _ in range(SHIPPED_TRIES):
        context = browser.new_context()
        try:
            booted, out, watch = boot_and_run(context, origin, path, code)
            if booted == "shipped":
                return context, out, watch
            rates.append(context.pages[-1].evaluate("document.documentElement.dataset.pftMbit"))
        except BaseException:
            context.close()
            raise
        context.close()
    pytest.fail(f"no first visit on loopback used the site's snapshot (the connection measured {rates} Mbit/s)")


def wait_stored(page) -> None:
    page.wait_for_function("() => document.documentElement.dataset.pftSnapshot", timeout=180_000)
    assert page.evaluate("document.documentElement.dataset.pftSnapshot") == "stored"


def charted_page(built_site) -> str:
    """The snippet page with charts that has the fewest snippets."""
    html = {p: (built_site.dir / p / "index.html").read_text(encoding="utf-8") for p in snippet_pages(built_site.dir)}
    return min((p for p in html if "pft-chart" in html[p]), key=lambda p: html[p].count('class="pft-snippet"'))


def shipped_file(built_site) -> Path:
    return built_site.dir / "assets" / "vendor" / "pyodide" / build_assets.SHIPPED_SNAPSHOT


@pytest.mark.browser
def test_a_first_visit_boots_from_the_sites_snapshot_and_a_tampered_one_is_refused(browser, origin, built_site):
    pytest.importorskip("playwright.sync_api")
    path = charted_page(built_site)
    draws = []
    for visit in range(2):
        context, out, watch = first_visit_from_the_sites_snapshot(browser, origin, path, RANDOM_CODE)
        try:
            draws.append(out)
            if visit:
                continue
            # Every snippet of a page with charts, on Python restored from the site's snapshot, shows what the build showed.
            page = context.pages[-1]
            page.evaluate("localStorage.clear()")  # the edit made above, which the page would bring back
            page.goto(f"{origin}/{path}")
            for i in range(page.locator(".pft-snippet").count()):
                root = block(page, i)
                expected = summary(root)
                root.locator("button.pft-run").click()
                assert wait_done(page, root) == "ok"
                assert summary(root) == expected, root.get_attribute("data-snippet")
            # Kept for later visits, in place of making one.
            wait_kept(page)
            assert not watch.foreign and not watch.errors, (watch.foreign, watch.errors)
        finally:
            context.close()
    assert draws[0] != draws[1], "two boots from the site's snapshot drew the same random numbers"

    # One byte changed inside the snapshot (still valid gzip): its sha256 is not the build's.
    tampered = bytearray(gzip.decompress(shipped_file(built_site).read_bytes()))
    tampered[len(tampered) // 2] ^= 1
    body = gzip.compress(bytes(tampered), compresslevel=1)
    context = browser.new_context()
    try:
        context.route(f"**/{build_assets.SHIPPED_SNAPSHOT}", lambda route: route.fulfill(body=body))
        booted, out, watch = boot_and_run(context, origin, path, "print('after a tampered snapshot')")
        assert (booted, out) == ("normal", "after a tampered snapshot\n")
        assert not watch.foreign and not watch.errors, (watch.foreign, watch.errors)
    finally:
        context.close()


@pytest.mark.browser
def test_a_run_cannot_change_the_copy_of_the_sites_snapshot_kept_for_later_visits(browser, origin, built_site):
    pytest.importorskip("playwright.sync_api")
    path = charted_page(built_site)
    code = TAMPER_RESTORED_CODE + REACH_STORAGE_CODE
    context, out, _ = first_visit_from_the_sites_snapshot(browser, origin, path, code)
    try:
        version, found = out.splitlines(keepends=True)
        assert "(" in version
        assert found == "[]\n"
        wait_kept(context.pages[-1])
        booted, out, _ = boot_and_run(context, origin, path, "import sys\nprint(sys.version)\n")
        assert (booted, out) == ("snapshot", version)
    finally:
        context.close()


@pytest.mark.browser
def test_a_later_visit_boots_from_the_snapshot_and_a_stale_or_broken_one_is_dropped(browser, origin, built_site):
    pytest.importorskip("playwright.sync_api")
    path = charted_page(built_site)
    context = browser.new_context()
    try:
        # Without the site's snapshot, as on a slow connection: a normal boot, then one made here.
        context.route(f"**/{build_assets.SHIPPED_SNAPSHOT}", lambda route: route.fulfill(status=404))
        booted, _, watch = boot_and_run(context, origin, path, RANDOM_CODE)
        assert booted == "normal"
        wait_stored(context.pages[-1])
        draws = []
        for _ in range(2):
            booted, out, watch = boot_and_run(context, origin, path, RANDOM_CODE)
            assert booted == "snapshot"
            draws.append(out)
        assert draws[0] != draws[1], "two boots from one snapshot drew the same random numbers"
        page = context.pages[-1]
        assert not watch.foreign and not watch.errors, (watch.foreign, watch.errors)

        # A run cannot reach the copy later visits boot from (it could rewrite it for good otherwise).
        booted, out, watch = boot_and_run(context, origin, path, REACH_STORAGE_CODE)
        assert (booted, out) == ("snapshot", "[]\n")
        page = context.pages[-1]
        assert page.evaluate(KEPT_JS) == 1

        entry, copies = page.evaluate(RETAG_JS)
        assert copies >= 1
        booted, out, watch = boot_and_run(context, origin, path, "print('after a stale snapshot')")
        assert (booted, out) == ("normal", "after a stale snapshot\n")

        context.pages[-1].evaluate(BREAK_JS, entry)
        booted, out, watch = boot_and_run(context, origin, path, "print('after a broken snapshot')")
        assert (booted, out) == ("normal", "after a broken snapshot\n")
        assert not watch.foreign and not watch.errors, (watch.foreign, watch.errors)
    finally:
        context.close()


class _Wheels:
    """Holds back the wheels the worker asks for while `holding`; `release` sends them on."""

    def __init__(self):
        self.holding, self.held = True, []

    def __call__(self, route):
        if self.holding:
            self.held.append(route)
        else:
            route.continue_()

    def release(self):
        self.holding = False
        while self.held:
            self.held.pop().continue_()


def _run_held(page, root, code: str, wheels: _Wheels, release_after_ms: int) -> str:
    """Run `code`, press Stop while the wheels it imports are held back, release them after
    `release_after_ms`; the run's end status."""
    wheels.holding = True
    replace_code(page, root, code)
    page.keyboard.press("Control+Enter")
    for _ in range(300):
        if wheels.held:
            break
        page.wait_for_timeout(100)
    assert wheels.held, "no wheel was requested"
    root.locator("button.pft-stop").click()
    page.wait_for_timeout(release_after_ms)
    wheels.release()
    return wait_done(page, root)


@pytest.mark.browser
def test_stop_while_the_packages_load_ends_the_run_before_any_of_its_code(browser, origin, built_site):
    pytest.importorskip("playwright.sync_api")
    path = charted_page(built_site)
    context = browser.new_context()
    wheels = _Wheels()
    try:
        # A normal boot loads pft and pygal when a run first imports them (a snapshot holds them); no
        # snapshot is made meanwhile, so every wheel asked for is a run's.
        context.route(f"**/{build_assets.SHIPPED_SNAPSHOT}", lambda route: route.fulfill(status=404))
        context.route("**/*?snapshot", lambda route: route.abort())
        context.route("**/*.whl", wheels)
        page = context.new_page()
        watch = Watch(page, origin)
        page.goto(f"{origin}/{path}")
        root = block(page)
        output = root.locator(".pft-output")
        # Still loading when Stop's grace runs out: Python is restarted, and the note says why.
        assert _run_held(page, root, "import pft\nprint('ran')\n", wheels, 2500) == "restarted", summary(root)
        assert "still loading the packages the code imports" in output.text_content()
        # Loaded within the grace, in the fresh Python: the code never starts.
        assert _run_held(page, root, "import pft\nprint('ran')\n", wheels, 0) == "cancelled", summary(root)
        assert "ran" not in output.text_content() and "KeyboardInterrupt" not in output.text_content()
        assert not watch.foreign, watch.foreign
    finally:
        context.close()
