"""Run every experiment on the reporting seeds and write the robustness file.

    .venv/bin/python scripts/robustness.py [--jobs N] [--check] [--only NAME,...]

For each experiment of `pft.experiments.effects.EXPERIMENTS`, runs `run(seed=s)`
with its default settings for every seed of its reporting block (`reporting_seeds`), evaluates each
declared effect on each result and writes `ROBUSTNESS` (one checked home: the
pages, the claim map and the tests read it). `--check` recomputes and exits
non-zero if the file differs. `--only` reruns the named experiments and keeps the
others' records (for an experiment whose settings changed, after a run of all). Takes several minutes on two cores; `--jobs 2`
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

from pft.experiments.effects import EXPERIMENTS, ROBUSTNESS, measure, reporting_seeds  # noqa: E402


def _experiment(name: str) -> dict:
    return measure(import_module(f"pft.experiments.{name}"), reporting_seeds(name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="experiments run at once")
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    parser.add_argument("--only", default="", help="comma-separated experiments to rerun; the others are kept")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(EXPERIMENTS)
    unknown = sorted(set(names) - set(EXPERIMENTS))
    if unknown or (args.only and args.check):
        parser.error(f"--only takes names of {', '.join(EXPERIMENTS)} and no --check; got {args.only}")
    data = json.loads(ROBUSTNESS.read_text(encoding="utf-8")) if args.only else {}
    with ProcessPoolExecutor(args.jobs) as pool:
        data.update(zip(names, pool.map(_experiment, names)))
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
