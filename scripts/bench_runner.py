"""Time the in-page runner in Debian's chromium, side by side in one browser, and print the figures.

Builds the site, serves it on 127.0.0.1 with its `_headers` (COOP/COEP), gzip-compressing text and
WebAssembly as static hosts do, and measures, for each network profile (Chrome DevTools Protocol
emulation: loopback as is, Fast-4G = 60 ms RTT at 9 Mbit/s, and 50 Mbit/s at 20 ms RTT):
  1. bare Pyodide boot (a page that only calls loadPyodide and prints), in a fresh browser context;
  2. our click on Run to first output of `print(1)` (the page's first block, its code replaced):
     on a first visit of the site as shipped (the site's snapshot if the connection is fast
     enough), on a first visit with that snapshot blocked (a normal boot), and on a later visit of
     that reader, with the memory snapshot the first visit left in Cache Storage and without it
     (storage cleared, HTTP cache kept): each with the bytes received until that output;
  3. navigation to the first output of print(1) when Run is clicked as soon as it works, on a first
     visit: our page, and the peer, a page of markdown-exec's `pyodide` fence (scripts/peer_site.py:
     markdown-exec from PyPI in a cache venv, its CDN files mirrored on its own local origin), which
     starts Pyodide when the page loads;
then, on loopback: warm print(1) (ours and the peer's), bytes before any interaction (ours and the
peer's), Run on a second page reached by instant navigation, and how long the page's main thread
stalls while a snippet prints 300,000 lines, while it switches 20,000 times between stdout and
stderr, and while it redraws one line 300,000 times with `\\r` (the longest gap between ticks of a
20 ms timer, and the long tasks the browser reports).
Targets (issues 4 and 15): later visit with snapshot <= 0.35x bare; first visit <= 0.6x bare where
the connection allows; Fast-4G no slower than a normal boot, first visit or later; warm <= 50 ms; <= 300 KB before interaction with no
Pyodide bytes; second page <= 100 ms; print flood: longest stall <= 400 ms.

Why one module: every figure is taken in one run, from one browser and one server, so the ratios
are measured side by side under the same load; each measurement is one function here.

Usage: python scripts/bench_runner.py [--rounds N] [--profiles loopback,fast-4g,50mbit] [--page PATH] [--second PATH] [--flood-rounds N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from chromium import (PROFILES, RUN_TIMEOUT_MS, Network, bytes_before_interaction, emulate, launch, navigate,
                      replace_code, wait_done)
from peer_site import build_peer, peer_visit
from print_flood import FLOODS, print_flood
from build_assets import SHIPPED_SNAPSHOT
from serve_site import serve

ROOT = Path(__file__).resolve().parent.parent
# The script is a file of its own: the site's Content-Security-Policy forbids inline scripts.
BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide boot</title>
<script type="module" src="bare-pyodide.js"></script>"""
BARE_SCRIPT = """import { loadPyodide } from "./assets/vendor/pyodide/pyodide.mjs";
const started = performance.now();
const pyodide = await loadPyodide({ indexURL: new URL("./assets/vendor/pyodide/", location.href).href });
pyodide.runPython("print(1)");
window.bootMs = performance.now() - started;
window.sinceNavigationMs = performance.now();
"""
# Click Run and resolve with the milliseconds until a new element of the output area shows text (that
# moment, since navigation, is left in window.pftOutputAt).
CLICK_TO_OUTPUT_JS = """root => new Promise((resolve, reject) => {
    const output = root.querySelector('.pft-output');
    const old = new Set(output.children);
    const started = performance.now();
    const observer = new MutationObserver(() => {
        if ([...output.children].some(child => !old.has(child) && child.textContent)) {
            observer.disconnect();
            window.pftOutputAt = performance.now();
            resolve(window.pftOutputAt - started);
        }
    });
    observer.observe(output, { childList: true, subtree: true, characterData: true });
    setTimeout(() => reject(new Error('no output within 180 s: ' + root.querySelector('.pft-status').textContent)), 180000);
    root.querySelector('button.pft-run').click();
})"""
FIRST_CODE = re.compile(r'(<div class="pft-snippet"[^>]*><div class="highlight"><pre>.*?<code[^>]*>).*?(</code>)', re.S)


def build_site(out: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_assets.py")], check=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "--site-dir", str(out)],
                   cwd=ROOT, check=True, env=env)
    (out / "bare-pyodide.html").write_text(BARE_PAGE, encoding="utf-8")
    (out / "bare-pyodide.js").write_text(BARE_SCRIPT, encoding="utf-8")


def add_print_one_page(site: Path, path: str) -> str:
    """A copy of top-level page `path` (its links are relative) whose first block's code is `print(1)`."""
    assert path.count("/") == 1, f"{path} is not a top-level page"
    html = (site / path / "index.html").read_text(encoding="utf-8")
    copy = site / "bench-print-one" / "index.html"
    copy.parent.mkdir()
    copy.write_text(FIRST_CODE.sub(r"\1print(1)\n\2", html, count=1), encoding="utf-8")
    return "bench-print-one/"


def bare_boot(browser, origin: str, network: Network) -> float:
    context = browser.new_context()
    page = context.new_page()
    emulate(page, network)
    page.goto(f"{origin}/bare-pyodide.html")
    page.wait_for_function("() => window.bootMs !== undefined", timeout=RUN_TIMEOUT_MS)
    ms = page.evaluate("() => window.sinceNavigationMs")
    context.close()
    return ms


def visit(context, origin: str, path: str, network: Network) -> dict:
    """A reader's visit of `path` in `context`: click Run on print(1), milliseconds to its output,
    how Python booted, and the bytes received (as sent, compressed) until the output showed."""
    for old in context.pages:
        old.close()
    page = context.new_page()
    emulate(page, network)
    received = []
    page.on("requestfinished", lambda request: received.append(request))
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    before = len(received)
    root = page.locator(".pft-snippet[data-pft-runner]").first
    root.wait_for(state="attached")
    click_ms = root.evaluate(CLICK_TO_OUTPUT_JS)
    wait_done(page, root)
    until_output = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in received[before:])
    return {"ms": click_ms, "boot": page.evaluate("document.documentElement.dataset.pftBoot"), "bytes": until_output, "page": page}


# The stored snapshot's size, as stored and gzip-compressed (as the site would have to ship it).
SNAPSHOT_SIZE_JS = """async () => {
    const cache = await caches.open('pft-python-snapshot');
    const [request] = await cache.keys();
    const blob = await (await cache.match(request)).blob();
    const gzipped = await new Response(blob.stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    return [blob.size, gzipped.byteLength];
}"""


def visits(browser, origin: str, path: str, network: Network) -> dict[str, dict]:
    """A first visit of the site as shipped (it fetches the site's snapshot if the connection is fast
    enough); then, with the site's snapshot blocked as before it was shipped, a first visit (a normal
    boot) and later visits of the same reader with and without the snapshot made in their browser."""
    context = browser.new_context()
    shipped = visit(context, origin, path, network)
    context.close()
    context = browser.new_context()
    context.route(f"**/{SHIPPED_SNAPSHOT}", lambda route: route.fulfill(status=404))
    first = visit(context, origin, path, network)
    first["page"].wait_for_function("() => document.documentElement.dataset.pftSnapshot", timeout=RUN_TIMEOUT_MS)
    first["snapshot"] = first["page"].evaluate(SNAPSHOT_SIZE_JS)
    later = visit(context, origin, path, network)
    later["page"].evaluate("caches.delete('pft-python-snapshot')")
    without = visit(context, origin, path, network)
    context.close()
    for name, result, boot in [("first", first, "normal"), ("later", later, "snapshot"), ("without", without, "normal")]:
        assert result["boot"] == boot, f"the {name} visit booted {result['boot']}, not {boot}"
    return {"shipped": shipped, "first": first, "later": later, "without": without}


def first_output_since_navigation(browser, origin: str, path: str, network: Network) -> float:
    """A first visit of our `path`: Run clicked as soon as the block has its runner; milliseconds from
    navigation to print(1)'s output."""
    context = browser.new_context()
    page = context.new_page()
    emulate(page, network)
    page.goto(f"{origin}/{path}", wait_until="commit")
    root = page.locator(".pft-snippet[data-pft-runner]").first
    root.wait_for(state="attached", timeout=RUN_TIMEOUT_MS)
    root.evaluate(CLICK_TO_OUTPUT_JS)
    since_navigation = page.evaluate("window.pftOutputAt")
    context.close()
    return since_navigation


def warm_and_second_page(browser, origin: str, path: str, second: str) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    root = page.locator(".pft-snippet[data-pft-runner]").first
    root.wait_for(state="attached")
    root.evaluate(CLICK_TO_OUTPUT_JS)
    wait_done(page, root)
    replace_code(page, root, "print(1)")
    warm = []
    for _ in range(5):
        warm.append(root.evaluate(CLICK_TO_OUTPUT_JS))
        wait_done(page, root)
    navigate(page, second)
    root = page.locator(".pft-snippet").first
    second_snippet = root.evaluate(CLICK_TO_OUTPUT_JS)
    wait_done(page, root)
    replace_code(page, root, "print(1)")
    second_print = root.evaluate(CLICK_TO_OUTPUT_JS)
    wait_done(page, root)
    context.close()
    return {"warm": statistics.median(warm), "second_snippet": second_snippet, "second_print": second_print}


def median(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profiles", default=",".join(PROFILES), help="network profiles, comma-separated")
    parser.add_argument("--page", default="prompt-engineering/", help="snippet page for the cold and warm runs")
    parser.add_argument("--second", default="synergy/", help="page reached by instant navigation")
    parser.add_argument("--flood-rounds", type=int, default=5, help="rounds of the print flood")
    args = parser.parse_args()
    networks = [PROFILES[name] for name in args.profiles.split(",")]
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        site, peer = Path(tmp) / "site", Path(tmp) / "peer"
        build_site(site)
        build_peer(peer)
        shipped_mb = (site / "assets" / "vendor" / "pyodide" / SHIPPED_SNAPSHOT).stat().st_size / 1e6
        print_page = add_print_one_page(site, args.page)
        server, peer_server = serve(site, compress=True), serve(peer, compress=True)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        peer_origin = f"http://127.0.0.1:{peer_server.server_address[1]}"
        results = {}
        snapshot_sizes = (0, 0)
        with sync_playwright() as p:
            browser = launch(p)
            for network in networks:
                runs = {"bare": [], "shipped": [], "first": [], "later": [], "without": [], "ours_nav": [], "peer_nav": []}
                received = {"shipped": [], "first": [], "later": [], "without": []}
                boots = []
                for _ in range(args.rounds):
                    runs["bare"].append(bare_boot(browser, origin, network))
                    for name, result in visits(browser, origin, print_page, network).items():
                        runs[name].append(result["ms"])
                        received[name].append(result["bytes"])
                        boots += [result["boot"]] if name == "shipped" else []
                        snapshot_sizes = result.get("snapshot", snapshot_sizes)
                    runs["ours_nav"].append(first_output_since_navigation(browser, origin, print_page, network))
                    runs["peer_nav"].append(peer_visit(browser, peer_origin, network)["first"])
                    loads.append(os.getloadavg()[0])
                results[network.name] = runs, received, boots
            raw, compressed, runtime, largest = bytes_before_interaction(browser, origin, args.page, site)
            peer_raw, peer_compressed, peer_runtime, _ = bytes_before_interaction(browser, peer_origin, "", peer)
            warm = warm_and_second_page(browser, origin, args.page, args.second)
            peer_warm = peer_visit(browser, peer_origin, PROFILES["loopback"], warm_rounds=5)["warm"]
            loads.append(os.getloadavg()[0])
            floods = {name: print_flood(browser, origin, args.page, args.flood_rounds, code) for name, code in FLOODS.items()}
            browser.close()
        server.shutdown()
        peer_server.shutdown()
    print(f"rounds: {args.rounds} (medians, all rounds in brackets); page: /{args.page}; second page: /{args.second};"
          f" load average {min(loads):.1f}-{max(loads):.1f} (2-core machine: figures scale with it)")
    print("click on Run to first output of print(1), ms; wasm and text served gzip-compressed")
    for name, (runs, received, boots) in results.items():
        bare = statistics.median(runs["bare"])
        print(f"  {name}:")
        print(f"    bare Pyodide boot (navigation to print):     {median(runs['bare'])}   {[round(x) for x in runs['bare']]}")
        labels = {"shipped": f"first visit, site as shipped ({'/'.join(boots)})",
                  "first": "first visit, site's snapshot blocked (normal)", "later": "later visit, with snapshot",
                  "without": "later visit, snapshot cleared"}
        for key, label in labels.items():
            mb = statistics.median(received[key]) / 1e6
            print(f"    {label + ':':<45}{median(runs[key])}   {[round(x) for x in runs[key]]}"
                  f"   {statistics.median(runs[key]) / bare:.2f}x bare; {mb:.2f} MB received")
        print("    navigation to first output, first visit, Run clicked as soon as it works:")
        for key, label in {"ours_nav": "ours (Python starts on intent)", "peer_nav": "peer, markdown-exec (starts at load)"}.items():
            print(f"      {label + ':':<43}{median(runs[key])}   {[round(x) for x in runs[key]]}")
    print("  targets: later visit with snapshot <= 0.35x bare on loopback, first visit as shipped <= 0.6x where the"
          " connection allows; at fast-4g no slower than the normal boot (site's snapshot blocked)")
    stored, gzipped = snapshot_sizes
    print(f"snapshot made in the reader's browser: {stored / 1e6:.1f} MB ({gzipped / 1e6:.1f} MB gzipped);"
          f" the site ships one of {shipped_mb:.1f} MB, fetched only on a fast connection")
    if "loopback" in results:
        runs = results["loopback"][0]  # the snapshot made in the browser, restored or not
        saved_s = (statistics.median(runs["without"]) - statistics.median(runs["later"])) / 1000
        print(f"    on loopback a restore saves {saved_s:.1f} s of boot (later visit without it minus with it), so the shipped"
              f" snapshot pays off on a first visit above {shipped_mb * 8 / max(saved_s, 1e-3):.0f} Mbit/s on this machine")
    print(f"warm click to output of print(1):                       {warm['warm']:7.1f} ms   (target <= 50 ms);"
          f" peer {peer_warm:.1f} ms")
    print(f"bytes before any interaction: {raw / 1024:.0f} KB as served, {compressed / 1024:.0f} KB gzipped"
          f" (target <= 300 KB); Pyodide/worker requests: {len(runtime)} (target 0)")
    print("    largest: " + ", ".join(f"{name} {size / 1024:.0f} KB" for size, name in largest))
    print(f"    peer: {peer_raw / 1024:.0f} KB as served, {peer_compressed / 1024:.0f} KB gzipped; Pyodide requests: {len(peer_runtime)}")
    print(f"second page by instant navigation, print(1):            {warm['second_print']:7.1f} ms   (target <= 100 ms)")
    print(f"second page, its first snippet to first output:         {warm['second_snippet']:7.1f} ms   (includes the snippet's own work)")
    for name, flood in floods.items():
        print(f"output flood of {name} (print_flood.FLOODS), {args.flood_rounds} rounds,"
              f" load average {min(flood['load']):.1f}-{max(flood['load']):.1f}: the page's main thread")
        print(f"    longest stall: {median(flood['stall'])} ms   {[round(x) for x in flood['stall']]}   (target <= 400 ms)")
        print(f"    long tasks in all: {median(flood['long'])} ms   {[round(x) for x in flood['long']]}")


if __name__ == "__main__":
    main()
