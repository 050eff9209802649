"""Lighthouse scores of the built site: Home and a snippet-heavy page, mobile and desktop.

Prints the four category scores (Performance, Accessibility, Best Practices, SEO) and the
total blocking time of each page, served on 127.0.0.1 with the site's own headers (CSP,
COOP/COEP) and gzip-compressed as static hosts send them, in Debian's chromium. Target: >= 95 in every category, TBT < 200 ms.

Usage: python scripts/audit_pages.py [SITE_DIR]   (default: site/, as `make build` writes it)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from serve_site import ROOT, serve

PAGES = {"Home": "", "Understanding Prompt Engineering": "prompt-engineering/"}
ATTEMPTS = 3
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def audit(url: str, preset: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [str(ROOT / "node_modules/.bin/lighthouse"), url, "--quiet", "--output=json",
                   f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
                   "--only-categories=" + ",".join(CATEGORIES)]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
        # Lighthouse now and then loses the trace of a load (NO_NAVSTART); a fresh run records it.
        for attempt in range(ATTEMPTS):
            if subprocess.run(command, env=env, cwd=tmp, check=False).returncode == 0:
                return json.loads(report.read_text())
        raise SystemExit(f"lighthouse failed {ATTEMPTS} times on {url} ({preset})")


def main() -> None:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    if not (site / "index.html").exists():
        sys.exit(f"no built site in {site}: run `make build` first")
    server = serve(site, compress=True)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"{'page':<34} {'preset':<8} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES) + f" {'TBT ms':>8}")
    try:
        for name, path in PAGES.items():
            for preset in ("mobile", "desktop"):
                result = audit(origin + path, preset)
                scores = [round(100 * result["categories"][c]["score"]) for c in CATEGORIES]
                tbt = result["audits"]["total-blocking-time"]["numericValue"]
                print(f"{name:<34} {preset:<8} " + " ".join(f"{s:>13}" for s in scores) + f" {tbt:>8.0f}")
                failing = [a["id"] for a in result["audits"].values() if a.get("score") is not None and a["score"] < 0.9
                           and a.get("scoreDisplayMode") in ("binary", "numeric")]
                if failing:
                    print(f"{'':<43}below 0.9: {', '.join(sorted(failing)[:12])}")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
