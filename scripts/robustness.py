"""Run every experiment on the reporting seeds and write the robustness file.

    .venv/bin/python scripts/robustness.py [--jobs N] [--check]

For each experiment of `pft.experiments.effects.EXPERIMENTS`, runs `run(seed=s)`
with its default settings for every seed of `REPORTING_SEEDS`, evaluates each
declared effect on each result and writes `ROBUSTNESS` (one checked home: the
pages, the claim map and the tests read it). `--check` recomputes and exits
non-zero if the file differs. Takes several minutes on two cores; `--jobs 2`
runs two experiments at a time.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pft.experiments.effects import EXPERIMENTS, REPORTING_SEEDS, ROBUSTNESS, measure  # noqa: E402


def _experiment(name: str) -> dict:
    return measure(import_module(f"pft.experiments.{name}"), REPORTING_SEEDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="experiments run at once")
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = parser.parse_args()
    with ProcessPoolExecutor(args.jobs) as pool:
        data = dict(zip(EXPERIMENTS, pool.map(_experiment, EXPERIMENTS)))
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if args.check:
        if ROBUSTNESS.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{ROBUSTNESS.relative_to(ROOT)} is stale: run make robustness")
        print("robustness file is current")
        return
    ROBUSTNESS.write_text(text, encoding="utf-8")
    print(f"wrote {ROBUSTNESS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
