"""How often Stop interrupts a loop that catches the KeyboardInterrupt, in chromium.

    .venv/bin/python scripts/stop_reliability.py [--stops N]

Builds the site, then runs the loop below and presses Stop N times, once with the runtime the site
ships and once with Pyodide's pyodide.asm.mjs as its npm package has it. The shipped one takes a
Stop in one atomic step (scripts/build_assets.py, `SIGNAL_TAKE`); the packaged one can wipe a Stop
out unseen, and the page then restarts Python once the grace is over. Prints how the Stops ended,
side by side, and the load average (a loaded machine loses more of them).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench_tools import build_site
from build_assets import NPM_PYODIDE, STAGING, VENDOR
from chromium import block, launch, replace_code, snippet_pages, wait_done
from serve_site import serve

LOOP = "print('spinning')\ntry:\n    while True:\n        pass\nexcept KeyboardInterrupt:\n    print('caught')\n"
RUNTIME = Path("assets") / VENDOR.relative_to(STAGING) / "pyodide.asm.mjs"
"""The runtime file, as a path in the built site."""


def stops(browser, site: Path, count: int) -> dict[str, int]:
    """How `count` Stops of LOOP ended on `site`: "caught" (interrupted, the code's handler ran) or a status."""
    server = serve(site)
    server.handle_error = lambda request, address: None  # downloads cut off when the page closes
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{snippet_pages(site)[0]}")
    root = block(page)
    replace_code(page, root, LOOP)
    ends: dict[str, int] = {}
    for _ in range(count):
        root.locator("button.pft-run").click()
        page.wait_for_function("root => root.querySelector('pre.pft-stdout')?.textContent === 'spinning\\n'",
                               arg=root.element_handle())
        time.sleep(0.05)
        root.locator("button.pft-stop").click()
        status = wait_done(page, root, timeout=10_000)
        end = "caught" if root.locator("pre.pft-stdout").text_content() == "spinning\ncaught\n" else status
        ends[end] = ends.get(end, 0) + 1
    page.close()
    server.shutdown()
    return ends


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shipped, packaged = Path(tmp) / "shipped", Path(tmp) / "packaged"
        build_site(shipped)
        shutil.copytree(shipped, packaged)
        shutil.copy2(NPM_PYODIDE / RUNTIME.name, packaged / RUNTIME)
        with sync_playwright() as p:
            browser = launch(p)
            ends = {name: stops(browser, site, args.stops) for name, site in [("shipped", shipped), ("packaged", packaged)]}
            browser.close()
    print(f"{args.stops} Stops of a loop that catches the interrupt; load average {os.getloadavg()[0]:.1f} (2 cores)")
    for name, counts in ends.items():
        lost = args.stops - counts.get("caught", 0)
        print(f"  runtime {name:<9} caught {counts.get('caught', 0):>4}   not caught {lost:>4}   {counts}")


if __name__ == "__main__":
    main()
