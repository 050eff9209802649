"""Time the in-page runner in Debian's chromium, side by side in one browser, and print the figures.

Builds the site, serves it on 127.0.0.1 with its `_headers` (COOP/COEP), then measures:
  1. bare Pyodide boot (a page that only calls loadPyodide) against our cold click-to-first-output
     on a snippet page, each in a fresh browser context (cold HTTP cache), alternated;
  2. warm click-to-output of `print(1)`;
  3. bytes transferred before any interaction, and whether any of them were Pyodide's;
  4. Run on a second page reached by instant navigation.
Targets (issue 4): cold <= 1.15x bare; warm <= 50 ms; <= 300 KB and no Pyodide bytes; second page <= 100 ms.

Usage: python scripts/bench_runner.py [--rounds N] [--page PATH] [--second PATH]
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from chromium import RUN_TIMEOUT_MS, launch, navigate, replace_code, wait_done
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
# Click Run and resolve with the milliseconds until a new element of the output area shows text.
CLICK_TO_OUTPUT_JS = """root => new Promise((resolve, reject) => {
    const output = root.querySelector('.pft-output');
    const old = new Set(output.children);
    const started = performance.now();
    const observer = new MutationObserver(() => {
        if ([...output.children].some(child => !old.has(child) && child.textContent)) {
            observer.disconnect();
            resolve(performance.now() - started);
        }
    });
    observer.observe(output, { childList: true, subtree: true, characterData: true });
    setTimeout(() => reject(new Error('no output within 180 s: ' + root.querySelector('.pft-status').textContent)), 180000);
    root.querySelector('button.pft-run').click();
})"""


def build_site(out: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_assets.py")], check=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "--site-dir", str(out)],
                   cwd=ROOT, check=True, env=env)
    (out / "bare-pyodide.html").write_text(BARE_PAGE, encoding="utf-8")
    (out / "bare-pyodide.js").write_text(BARE_SCRIPT, encoding="utf-8")


def bare_boot(browser, origin: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/bare-pyodide.html")
    page.wait_for_function("() => window.bootMs !== undefined", timeout=RUN_TIMEOUT_MS)
    ms = page.evaluate("() => window.sinceNavigationMs")
    context.close()
    return ms


def cold_run(browser, origin: str, path: str) -> tuple[float, float]:
    """(click-to-first-output, navigation-start-to-first-output) of a fresh context's first Run."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    root = page.locator(".pft-snippet").first
    page_ready_ms = page.evaluate("() => performance.now()")
    click_ms = root.evaluate(CLICK_TO_OUTPUT_JS)
    wait_done(page, root)
    context.close()
    return click_ms, page_ready_ms + click_ms


def bytes_before_interaction(browser, origin: str, path: str) -> tuple[int, int, list[str], list[tuple[int, str]]]:
    """Bytes as served, bytes if gzip-compressed, Pyodide or worker URLs fetched, and the largest
    files, of a page left alone (the local server does not compress; real hosts do)."""
    context = browser.new_context()
    page = context.new_page()
    urls: list[str] = []
    raw = 0
    page.on("requestfinished", lambda request: urls.append(request.url))
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    page.wait_for_timeout(1500)
    compressed = 0
    sizes = []
    for url in urls:
        local = url.removeprefix(origin).split("?")[0].split("#")[0]
        file = SITE_DIR / local.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        body = file.read_bytes() if file.is_file() else b""
        raw += len(body)
        compressed += len(gzip.compress(body, 6))
        sizes.append((len(body), local))
    context.close()
    runtime = [u for u in urls if "/vendor/pyodide/" in u or u.endswith("/runner/worker.js")]
    return raw, compressed, runtime, sorted(sizes, reverse=True)[:4]


def warm_and_second_page(browser, origin: str, path: str, second: str) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    root = page.locator(".pft-snippet").first
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


SITE_DIR = Path()


def main() -> None:
    global SITE_DIR
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page", default="prompt-engineering/", help="snippet page for the cold and warm runs")
    parser.add_argument("--second", default="synergy/", help="page reached by instant navigation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        SITE_DIR = Path(tmp)
        build_site(SITE_DIR)
        server = serve(SITE_DIR)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        with sync_playwright() as p:
            browser = launch(p)
            bare, cold, cold_total = [], [], []
            for _ in range(args.rounds):
                bare.append(bare_boot(browser, origin))
                click_ms, total_ms = cold_run(browser, origin, args.page)
                cold.append(click_ms)
                cold_total.append(total_ms)
            raw, compressed, runtime, largest = bytes_before_interaction(browser, origin, args.page)
            warm = warm_and_second_page(browser, origin, args.page, args.second)
            browser.close()
        server.shutdown()
    b, c = statistics.median(bare), statistics.median(cold)
    print(f"rounds: {args.rounds} (medians); page: /{args.page}; second page: /{args.second}; load average {os.getloadavg()[0]:.1f}")
    print(f"bare Pyodide boot (navigation to loadPyodide + print):  {b:7.0f} ms   {[round(x) for x in bare]}")
    print(f"cold click to first output (ours):                     {c:7.0f} ms   {[round(x) for x in cold]}"
          f"   ratio {c / b:.2f}x (target <= 1.15x)")
    print(f"cold, navigation start to first output (ours):         {statistics.median(cold_total):7.0f} ms")
    print(f"warm click to output of print(1):                       {warm['warm']:7.1f} ms   (target <= 50 ms)")
    print(f"bytes before any interaction: {raw / 1024:.0f} KB as served, {compressed / 1024:.0f} KB gzipped"
          f" (target <= 300 KB); Pyodide/worker requests: {len(runtime)} (target 0)")
    print("    largest: " + ", ".join(f"{name} {size / 1024:.0f} KB" for size, name in largest))
    print(f"second page by instant navigation, print(1):            {warm['second_print']:7.1f} ms   (target <= 100 ms)")
    print(f"second page, its first snippet to first output:         {warm['second_snippet']:7.1f} ms   (includes the snippet's own work)")


if __name__ == "__main__":
    main()
