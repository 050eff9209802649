"""Measure the browser's memory before and after a snippet fills Python's memory, and print it.

Builds the site (or takes a built one) and serves it on 127.0.0.1 with its `_headers`,
opens a snippet page in Debian's chromium and runs a warm-up, then a snippet that takes 2 GB
and asks for 2 GB more (a real MemoryError at WebAssembly's 4 GB limit). The runner then
replaces its worker, which is the only way to give a WebAssembly memory back. For comparison,
a snippet that takes 2 GB and ends normally, after which the worker is kept, as it was after a
MemoryError before. Printed: the resident memory of all of this browser's processes (from
/proc) before, right after each run and a few seconds later, with the machine's load.

Usage: python scripts/bench_runner_memory.py [--site SITE_DIR] [--page PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import chromium  # noqa: E402
from bench_runner import build_site  # noqa: E402
from serve_site import serve  # noqa: E402

FILL = "a = bytearray(2**31 - 100)\nprint('2 GB taken')\nb = bytearray(2**31 - 100)\n"
KEEP = "a = bytearray(2**31 - 100)\nprint('2 GB taken')\n"
SETTLE_S = 5


def browser_rss_bytes(marker: str) -> int:
    """Resident memory of the chromium whose command line contains `marker`, and of its children."""
    parents, commands, rss = {}, {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            commands[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
            parents[pid] = status["PPid"].strip()
            rss[pid] = int(status.get("VmRSS", "0 kB").split()[0]) * 1024
        except (OSError, KeyError):
            continue
    family = {pid for pid, command in commands.items() if marker in command}
    while grown := {pid for pid, parent in parents.items() if parent in family} - family:
        family |= grown
    return sum(rss.get(pid, 0) for pid in family)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="a built site to serve instead of building one")
    parser.add_argument("--page", default="fine-tuning/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(args.site) if args.site else Path(tmp)
        if not args.site:
            build_site(site)
        measure(site, args.page)


def measure(site: Path, path: str) -> None:
    server = serve(site)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    marker = f"--bench-memory-{os.getpid()}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.CHROMIUM, args=[*chromium.CHROMIUM_ARGS, marker])
        page = browser.new_page()
        watch = chromium.Watch(page, origin)
        page.goto(f"{origin}/{path}")
        root = chromium.block(page)
        chromium.replace_code(page, root, "print('warm')")
        root.locator("button.pft-run").click()
        assert chromium.wait_done(page, root) == "ok"
        gib = lambda: browser_rss_bytes(marker) / 2**30  # noqa: E731
        before = gib()
        root.evaluate("root => delete root.dataset.pftStatus")
        chromium.replace_code(page, root, FILL)
        started = time.monotonic()
        peak, running = [0.0], threading.Event()
        running.set()

        def sample() -> None:
            while running.is_set():
                peak[0] = max(peak[0], gib())
                time.sleep(0.2)

        sampler = threading.Thread(target=sample)
        sampler.start()
        root.locator("button.pft-run").click()
        status = chromium.wait_done(page, root, timeout=600_000)
        seconds = time.monotonic() - started
        running.clear()
        sampler.join()
        right_after = gib()
        time.sleep(SETTLE_S)
        settled = gib()
        root.evaluate("root => delete root.dataset.pftStatus")
        chromium.replace_code(page, root, KEEP)
        root.locator("button.pft-run").click()
        kept_status = chromium.wait_done(page, root, timeout=600_000)
        kept_right_after = gib()
        time.sleep(SETTLE_S)
        kept_settled = gib()
        browser.close()
    server.shutdown()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"MemoryError run: status {status!r} after {seconds:.1f} s; workers started so far {watch.workers}")
    print(f"  browser resident memory: before {before:.2f} GiB, peak during the run {peak[0]:.2f} GiB, right after {right_after:.2f} GiB, "
          f"{SETTLE_S} s later {settled:.2f} GiB (kept: {settled - before:+.2f} GiB)")
    print(f"2 GB run that ends normally (worker kept): status {kept_status!r}")
    print(f"  browser resident memory: right after {kept_right_after:.2f} GiB, {SETTLE_S} s later "
          f"{kept_settled:.2f} GiB (kept: {kept_settled - before:+.2f} GiB)")


if __name__ == "__main__":
    main()
