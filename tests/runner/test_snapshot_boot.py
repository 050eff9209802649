"""Booting Python from a memory snapshot made in the reader's browser (runner/src/snapshot.js).

In Debian's chromium: a first visit boots normally and stores a snapshot; a later visit boots
from it, runs the page's snippets as they ran at build time, and draws fresh random numbers;
a snapshot of another build, or a broken one, is dropped and Python boots normally. Without a
browser: the private Pyodide options are pinned to the exact Pyodide the site ships.
"""

from __future__ import annotations

import json
import random
import re
import sys

import pytest

from chromium import Watch, block, replace_code, snippet_pages, summary, wait_done
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


def boot_and_run(context, origin: str, path: str, code: str) -> tuple[str, str, Watch]:
    """Open `path` in a new page of `context`, run `code` in its first block: (how Python booted, output, watch)."""
    for old in context.pages:
        old.close()
    page = context.new_page()
    watch = Watch(page, origin)
    page.goto(f"{origin}/{path}")
    root = block(page)
    replace_code(page, root, code)
    page.keyboard.press("Control+Enter")
    assert wait_done(page, root) == "ok", summary(root)
    return page.evaluate("document.documentElement.dataset.pftBoot"), root.locator("pre.pft-stdout").text_content(), watch


def wait_stored(page) -> None:
    page.wait_for_function("() => document.documentElement.dataset.pftSnapshot", timeout=180_000)
    assert page.evaluate("document.documentElement.dataset.pftSnapshot") == "stored"


@pytest.mark.browser
def test_a_later_visit_boots_from_the_snapshot_and_a_stale_or_broken_one_is_dropped(browser, origin, built_site):
    pytest.importorskip("playwright.sync_api")
    pages = snippet_pages(built_site.dir)
    charted = [p for p in pages if "pft-chart" in (built_site.dir / p / "index.html").read_text(encoding="utf-8")]
    path = min(charted, key=lambda p: (built_site.dir / p / "index.html").read_text(encoding="utf-8").count('class="pft-snippet"'))
    context = browser.new_context()
    try:
        booted, _, watch = boot_and_run(context, origin, path, RANDOM_CODE)
        assert booted == "normal"
        wait_stored(context.pages[-1])
        draws = []
        for _ in range(2):
            booted, out, watch = boot_and_run(context, origin, path, RANDOM_CODE)
            assert booted == "snapshot"
            draws.append(out)
        assert draws[0] != draws[1], "two boots from one snapshot drew the same random numbers"

        # Every snippet of a page with charts, on a restored Python, shows what the build showed.
        page = context.pages[-1]
        page.evaluate("localStorage.clear()")  # the edits made above, which the page would bring back
        page.goto(f"{origin}/{path}")
        for i in range(page.locator(".pft-snippet").count()):
            root = block(page, i)
            expected = summary(root)
            root.locator("button.pft-run").click()
            assert wait_done(page, root) == "ok"
            assert summary(root) == expected, root.get_attribute("data-snippet")
        assert page.evaluate("document.documentElement.dataset.pftBoot") == "snapshot"
        assert not watch.foreign and not watch.errors, (watch.foreign, watch.errors)

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
