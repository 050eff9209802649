"""Lighthouse scores of the built site: Home and a snippet-heavy page, mobile and desktop.

Prints the four category scores (Performance, Accessibility, Best Practices, SEO) and the
total blocking time of each page, served on 127.0.0.1 with the site's own headers (CSP,
COOP/COEP) and gzip-compressed as static hosts send them, in Debian's chromium. Target: >= 95 in every category, TBT < 200 ms.

Lighthouse's mobile preset simulates a slow phone by multiplying how long each main-thread task
took by 4, so on a busy machine (other processes taking the cores) TBT and Performance move with
the load, not only with the page. Each row therefore also gives the processor time the page's
main thread used while loading (from the trace: a task's time on the processor, not on the
clock), which the load changes far less, the load average when it ran, and Lighthouse's own
measure of the machine's speed (`benchmarkIndex`, "bench"). Lighthouse's 4x is calibrated for a
high-end desktop (1500-2000 in its docs/throttling.md); at 1000 or below it warns in the report
that the device is slower than it expects and the score suffers. Such runs are marked "slow host"
and the medians are printed twice: over all runs, and over the runs Lighthouse did not warn about.
`--calibrate` follows each mobile audit with a second one whose CPU multiplier is the one
Lighthouse's CPU-slowdown calculator (linked from its docs/throttling.md) gives for the
benchmarkIndex the first one measured: the mid-tier phone the preset means, on this machine as
fast as it is at that moment. The default preset's figures stay the ones to quote; the calibrated
row says how much of a shortfall is the machine.

Usage: python scripts/audit_pages.py [SITE_DIR ...] [--runs N] [--page NAME] [--preset mobile|desktop] [--calibrate]
  SITE_DIR  default site/, as `make build` writes it; with several, each run audits them in turn
            (side by side under the same machine load, e.g. a baseline build and yours)
  --runs N  audit each page N times and print the median of each column (TBT is load sensitive)
  --page    only the page whose name contains NAME (e.g. --page prompt)
  --preset  only mobile or only desktop (default both)
  --calibrate  also audit mobile with the CPU multiplier calibrated to this machine (rows "mobile calibrated"; each run prints its multiplier, e.g. mobile@2.7x)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from serve_site import ROOT, serve

PAGES = {"Home": "", "Understanding Prompt Engineering": "prompt-engineering/"}
ATTEMPTS = 3
PRESETS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def main_thread_cpu_ms(trace: Path) -> float:
    """Processor time of the page's main thread in a Lighthouse trace: its tasks' thread time."""
    events = json.loads(trace.read_text())["traceEvents"]
    mains = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name" and e["args"]["name"] == "CrRendererMain"}
    tasks: dict[tuple, float] = {}
    for e in events:
        if (e["pid"], e["tid"]) in mains and e.get("ph") == "X" and e["name"] == "RunTask":
            tasks[e["pid"], e["tid"]] = tasks.get((e["pid"], e["tid"]), 0) + e.get("tdur", 0) / 1000
    return max(tasks.values(), default=0)


CALIBRATION = ((150, 1.0), (800, 2.0), (1300, 3.0), (1533, 4.0))
"""(benchmarkIndex, CPU multiplier that makes that machine a mid-tier phone): the anchor points of
Lighthouse's CPU-slowdown calculator, which interpolates between them and past the last one goes
on at the last segment's slope (one more x per 233)."""


def calibrated_multiplier(benchmark: float) -> float:
    """The CPU multiplier Lighthouse's calculator gives for a machine of ``benchmark`` (at least 1)."""
    if benchmark <= CALIBRATION[0][0]:
        return CALIBRATION[0][1]
    pairs = list(zip(CALIBRATION, CALIBRATION[1:]))
    for (low, low_x), (high, high_x) in pairs:
        if benchmark <= high:
            break
    return low_x + (benchmark - low) * (high_x - low_x) / (high - low)


def audit(url: str, preset: str, multiplier: float | None = None) -> dict:
    """Lighthouse's report of `url`, with the main thread's processor time added as `cpu_ms`."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [str(ROOT / "node_modules/.bin/lighthouse"), url, "--quiet", "--output=json",
                   f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}", "--save-assets",
                   "--only-categories=" + ",".join(CATEGORIES)]
        if preset == "desktop":
            command.append("--preset=desktop")
        if multiplier is not None:
            command.append(f"--throttling.cpuSlowdownMultiplier={multiplier:.2f}")
        env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
        # Lighthouse now and then loses the trace of a load (NO_NAVSTART); a fresh run records it.
        for attempt in range(ATTEMPTS):
            if subprocess.run(command, env=env, cwd=tmp, check=False).returncode == 0:
                return {**json.loads(report.read_text()), "cpu_ms": main_thread_cpu_ms(Path(tmp) / "report-0.trace.json")}
        raise SystemExit(f"lighthouse failed {ATTEMPTS} times on {url} ({preset})")


SLOW_HOST = "slower CPU than"
"""Words of Lighthouse's run warning for a machine slower than its CPU multiplier is calibrated for."""
COLUMNS = (*(c[:13] for c in CATEGORIES), "TBT ms", "CPU ms", "bench", "load")
WIDTHS = (13, 13, 13, 13, 8, 7, 6, 5)


def measure(result: dict) -> tuple[list[float], bool]:
    """The printed columns of one report, and whether Lighthouse warned that the host was too slow."""
    slow = any(SLOW_HOST in warning for warning in result.get("runWarnings", []))
    return ([100 * result["categories"][c]["score"] for c in CATEGORIES]
            + [result["audits"]["total-blocking-time"]["numericValue"], result["cpu_ms"],
               result["environment"]["benchmarkIndex"], os.getloadavg()[0]]), slow


def line(values: list[float]) -> str:
    return " ".join(f"{v:>{w}.{1 if c == 'load' else 0}f}" for v, w, c in zip(values, WIDTHS, COLUMNS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="*", type=Path, default=[ROOT / "site"],
                        help="built sites (default site/); several are audited in turn, side by side")
    parser.add_argument("--runs", type=int, default=1, help="audits of each page; prints each and the medians")
    parser.add_argument("--page", default="", help="only the page whose name contains this")
    parser.add_argument("--preset", choices=PRESETS, action="append", help="only this preset (default both)")
    parser.add_argument("--calibrate", action="store_true",
                        help="also audit mobile at the CPU multiplier Lighthouse's calculator gives for this machine")
    args = parser.parse_args()
    for site in args.sites:
        if not (site / "index.html").exists():
            sys.exit(f"no built site in {site}: run `make build` first")
    servers = [serve(site, compress=True) for site in args.sites]
    pages = {name: path for name, path in PAGES.items() if args.page.lower() in name.lower()}
    label = len(args.sites) > 1
    print(f"{'page':<34} {'preset':<8} " + " ".join(f"{c:>{w}}" for c, w in zip(COLUMNS, WIDTHS))
          + ("  site" if label else ""))
    try:
        for name, path in pages.items():
            for preset in args.preset or PRESETS:
                rows: dict[tuple[Path, str], list[tuple[list[float], bool]]] = {}
                for run in range(args.runs):
                    for site, server in zip(args.sites, servers):
                        url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
                        # (row of the medians, label of this run, report)
                        audits = [(preset, preset, audit(url, preset))]
                        if args.calibrate and preset == "mobile":
                            multiplier = calibrated_multiplier(audits[0][2]["environment"]["benchmarkIndex"])
                            audits.append((f"{preset} calibrated", f"{preset}@{multiplier:.1f}x",
                                           audit(url, preset, multiplier)))
                        for row, kind, result in audits:
                            values, slow = measure(result)
                            rows.setdefault((site, row), []).append((values, slow))
                            if args.runs > 1:
                                print(f"  run {run + 1}: {name} {kind} {line(values)}" + ("  slow host" if slow else "")
                                      + (f"  {site}" if label else ""), flush=True)
                            failing = [a["id"] for a in result["audits"].values() if a.get("score") is not None
                                       and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric")]
                            if failing and args.runs == 1:
                                print(f"{'':<43}{kind} below 0.9: {', '.join(sorted(failing)[:12])}")
                for (site, kind), runs in rows.items():
                    for kept, what in ((runs, "all runs"), ([r for r in runs if not r[1]], "runs not on a slow host")):
                        if not kept or (what != "all runs" and len(kept) == len(runs)):
                            continue
                        median = [statistics.median(column) for column in zip(*(values for values, _ in kept))]
                        print(f"{name:<34} {kind:<8} {line(median)}" + (f"  {site}" if label else "")
                              + (f"  (median of {len(kept)}, {what})" if args.runs > 1 else ""), flush=True)
    finally:
        for server in servers:
            server.shutdown()


if __name__ == "__main__":
    main()
