"""Time the decision guide's and the cost calculator's forms in Debian's chromium, once Python is warm.

Builds the site (unless given a built one), serves it on 127.0.0.1 with its headers, opens each
tool, waits for Python, then changes one answer at a time and measures, in the page, the time from
the change to the updated result (and, for the calculator, to the redrawn chart). Prints the
median and the 90th percentile of each, with the machine's load. Target (issue 13): the result
within 100 ms of a change.

Usage: python scripts/bench_tools.py [--changes N] [--site DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from chromium import launch  # noqa: E402
from serve_site import serve  # noqa: E402

# Change one field (a radio or a text input) and resolve with the milliseconds until the tool's
# result shows the new answers, and until its chart is redrawn (null for the guide).
CHANGE_JS = """(root, [name, value, query, chart]) => new Promise((resolve, reject) => {
    const started = performance.now();
    let result = null;
    const done = () => { if (result !== null && (!chart || drawn !== null)) { observer.disconnect(); resolve([result, drawn]); } };
    let drawn = null;
    const observer = new MutationObserver(() => {
        if (result === null && root.dataset.pftQuery === query) result = performance.now() - started;
        if (chart && drawn === null && result !== null && root.dataset.pftChart === query) drawn = performance.now() - started;
        done();
    });
    observer.observe(root, { attributes: true, subtree: true, childList: true });
    setTimeout(() => reject(new Error('no result within 30 s')), 30000);
    const input = [...root.querySelectorAll(`[name="${name}"]`)].find(el => el.type !== 'radio' || el.value === value);
    if (input.type === 'radio') { input.checked = true; input.dispatchEvent(new Event('change', { bubbles: true })); }
    else { input.value = value; input.dispatchEvent(new Event('input', { bubbles: true })); }
})"""


def build_site(out: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_assets.py")], check=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "--site-dir", str(out)],
                   cwd=ROOT, check=True, env=env)


def changes(tool: str, count: int):
    """(field, value, expected query) for `count` changes that each alter the result."""
    for i in range(count):
        if tool == "guide":
            value = ("falls-short", "reaches-bar")[i % 2]
            yield "prompting", value, f"test_set=yes&prompting={value}"
        else:
            value = str(1_000 + 37 * i)
            yield "calls_per_day", value, f"calls_per_day={value}"


def measure(browser, origin: str, path: str, tool: str, count: int) -> tuple[list[float], list[float]]:
    page = browser.new_page()
    page.set_default_timeout(180_000)
    page.goto(f"{origin}/{path}" + ("?test_set=yes" if tool == "guide" else "?calls_per_day=999"))
    root = page.locator(f'.pft-tool[data-tool="{tool}"]')
    page.wait_for_function("root => root.dataset.pftQuery !== undefined", arg=root.element_handle())
    results, charts = [], []
    for i, (name, value, query) in enumerate(changes(tool, count + 2)):
        result, chart = root.evaluate(CHANGE_JS, [name, value, query, tool == "cost"])
        if i >= 2:  # the first changes still warm caches up
            results.append(result)
            if chart is not None:
                charts.append(chart)
    page.close()
    return results, charts


def describe(label: str, values: list[float]) -> str:
    if not values:
        return f"{label}: -"
    ninety = sorted(values)[max(0, int(len(values) * 0.9) - 1)]
    return f"{label}: median {statistics.median(values):.1f} ms, p90 {ninety:.1f} ms over {len(values)} changes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build_site(site)
        server = serve(site)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        with sync_playwright() as p:
            browser = launch(p)
            for tool, path in (("guide", "decision-guide/"), ("cost", "cost-calculator/")):
                results, charts = measure(browser, origin, path, tool, args.changes)
                print(describe(f"{tool}: change -> result", results))
                if charts:
                    print(describe(f"{tool}: change -> chart", charts))
            browser.close()
        server.shutdown()
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("target: change -> result <= 100 ms (median)")


if __name__ == "__main__":
    main()
