"""Measure the browser's memory after Python boots from a snapshot, and before and after a snippet
fills Python's memory, and print it.

Builds the site (or takes a built one) and serves it on 127.0.0.1 with its `_headers`, and in
Debian's chromium:
  boot: in a fresh context, a first visit that boots from the site's snapshot and runs print(1),
    then a later visit that boots from the copy the first one kept; the memory SETTLE_S after
    each (the first once its copy is kept), and after a garbage collection in the runner's
    worker, over --rounds contexts. With --against OTHER_SITE (say, the site built from an older
    commit), its rounds alternate with this site's in the same browser, and both medians are
    printed side by side.
  fill: on one page, a warm-up, then a snippet that takes 2 GB and asks for 2 GB more (a real
    MemoryError at WebAssembly's 4 GB limit). The runner then replaces its worker, which is the
    only way to give a WebAssembly memory back. For comparison, a snippet that takes 2 GB and
    ends normally, after which the worker is kept, as it was after a MemoryError before.
Printed: the resident memory of all of this browser's processes (from /proc), with the
machine's load.

Usage: python scripts/bench_runner_memory.py [--site SITE_DIR] [--against SITE_DIR] [--page PATH]
                                             [--rounds N] [--parts boot,fill]
"""

from __future__ import annotations

import argparse
import os
import statistics
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
    parser.add_argument("--against", help="with boot: a second built site measured beside it")
    parser.add_argument("--page", default="fine-tuning/")
    parser.add_argument("--rounds", type=int, default=5, help="boot: fresh contexts per site")
    parser.add_argument("--parts", default="boot,fill", help="what to measure, comma-separated")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(args.site) if args.site else Path(tmp)
        if not args.site:
            build_site(site)
        if "boot" in parts:
            measure_boots({"this site": site} | ({"against": Path(args.against)} if args.against else {}),
                          args.page, args.rounds)
        if "fill" in parts:
            measure(site, args.page)


def boot_figures(browser, origin: str, path: str, marker: str) -> list[float] | None:
    """In a fresh context: the browser's resident memory in MiB SETTLE_S after a first visit booted from
    the site's snapshot kept it, and after a later visit booted from that copy; None if the first visit
    booted otherwise (it measures the connection first, and a loaded machine can measure too slow)."""
    context = browser.new_context()
    try:
        figures = []
        for expected in ("shipped", "snapshot"):
            booted, _, _ = chromium.boot_and_run(context, origin, path, "print(1)")
            if booted != expected:
                return None
            page = context.pages[-1]
            if expected == "shipped":
                chromium.wait_kept(page)
            for worker in page.workers:
                if worker.url.endswith("#pft-runner"):
                    worker.evaluate("gc()")
            time.sleep(SETTLE_S)
            figures.append(browser_rss_bytes(marker) / 2**20)
        return figures
    finally:
        context.close()


def measure_boots(sites: dict[str, Path], path: str, rounds: int) -> None:
    servers = {name: serve(site) for name, site in sites.items()}
    marker = f"--bench-memory-{os.getpid()}"
    figures: dict[str, list[list[float]]] = {name: [] for name in sites}
    skipped = dict.fromkeys(sites, 0)
    with sync_playwright() as p:
        # gc(): the figures are taken after a collection in the runner's worker, not whenever V8 gets to it.
        browser = p.chromium.launch(executable_path=chromium.CHROMIUM,
                                    args=[*chromium.CHROMIUM_ARGS, marker, "--js-flags=--expose-gc"])
        for _ in range(rounds):
            for name, server in servers.items():
                got = boot_figures(browser, f"http://127.0.0.1:{server.server_address[1]}", path, marker)
                if got is None:
                    skipped[name] += 1
                else:
                    figures[name].append(got)
        browser.close()
    for server in servers.values():
        server.shutdown()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"browser resident memory, MiB, median of {rounds} fresh contexts ({SETTLE_S} s after print(1)'s output "
          "and a garbage collection in the runner's worker):")
    for name in sites:
        first, later = (statistics.median(column) for column in zip(*figures[name])) if figures[name] else (0.0, 0.0)
        print(f"  {name:<10} first visit from the site's snapshot, once kept {first:7.0f};"
              f" later visit from the kept copy {later:7.0f}"
              + (f" ({skipped[name]} rounds booted otherwise, left out)" if skipped[name] else ""))


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
