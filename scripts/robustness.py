"""Run every experiment on the reporting seeds and write the robustness file.

    .venv/bin/python scripts/robustness.py [--jobs N] [--check] [--only NAME,...]
    .venv/bin/python scripts/robustness.py --seeds FIRST-LAST [--model-seed N] [--jobs N] [--only NAME,...]
    .venv/bin/python scripts/robustness.py --other-models [--jobs N] [--check | --only NAME,...]

For each experiment of `pft.experiments.effects.EXPERIMENTS`, runs `run(seed=s)`
with its default settings for every seed of its reporting block (`reporting_seeds`), evaluates each
declared effect on each result and writes `ROBUSTNESS` (one checked home: the
pages, the claim map and the tests read it). `--check` recomputes and exits
non-zero if the file differs. `--only` reruns the named experiments and keeps the
others' records (for an experiment whose settings changed, after a run of all). Takes several minutes on two cores; `--jobs 2`
runs two experiments at a time.

`--seeds` checks the pages' sentences on a block of seeds of your choosing instead, one
nobody has looked at: it prints each effect's pass rate, mean and range there and how it falls
short of the sentence, if it does ("-" marks a quantity a page reports without a claim), writes
nothing, and exits non-zero if any effect falls short. Where a pass rate falls short, it also prints how often
an effect that meets the rule exactly would hold on so few seeds of a block this size: on a small block, a
shortfall can be the luck of the draw. With `--model-seed N` the check runs with the model the shipped
recipe gives for pretraining seed N in the shipped model's place (the shipped one is seed 0), trained
first (about ten seconds).

`--other-models` runs every experiment on its reporting seeds again with each of the other
pretrained models of `pft.experiments.other_models` in the shipped model's place, and writes
that file (`--check`: exits non-zero if it differs; `--only`: reruns the named experiments and keeps
the others' records). Takes about forty-five minutes with `--jobs 2`.
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

from pft.experiments import other_models  # noqa: E402
from pft.experiments.effects import (  # noqa: E402
    EXPERIMENTS, ROBUSTNESS, declared, describe, measure, reporting_seeds, shortfalls, tuning_seeds,
)
from pft.substrate.lm import use_pretrained  # noqa: E402


def _experiment(name: str, seeds: range | None = None) -> dict:
    return measure(import_module(f"pft.experiments.{name}"), reporting_seeds(name) if seeds is None else seeds)


def _block(text: str) -> range:
    first, _, last = text.partition("-")
    try:
        block = range(int(first), int(last) + 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"give seeds as FIRST-LAST, e.g. 31000-31029; got {text!r}") from None
    if len(block) < 10:
        raise argparse.ArgumentTypeError(f"a pass rate needs at least 10 seeds; {text} has {len(block)}")
    return block


def _use_model(seed: int | None) -> None:
    if seed is not None:
        use_pretrained(other_models.model(seed))


def _model_seed(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a pretraining seed is a whole number, 0 or more; got {text!r}")
    return int(text)


def check_seeds(names: list[str], seeds: range, jobs: int, model_seed: int | None = None) -> None:
    """Print how each effect of ``names`` fares on ``seeds``; exit non-zero if any falls short."""
    effects, failed = declared(), 0
    if model_seed is not None:
        print(f"with the model pretrained with seed {model_seed} in the shipped model's place", flush=True)
    with ProcessPoolExecutor(jobs, initializer=_use_model, initargs=(model_seed,)) as pool:
        for name, data in zip(names, pool.map(_experiment, names, [seeds] * len(names))):
            looked_at = sorted(set(seeds) & {s for block in tuning_seeds(name) for s in block})
            print(f"{name}" + (f" (seeds {looked_at[0]}-{looked_at[-1]} were looked at while tuning it)" if looked_at else ""))
            for effect_name, record in data["effects"].items():
                effect = effects[f"{name}/{effect_name}"]
                # A sentence that says some seeds fall short is checked on the reporting seeds only:
                # a block without such a seed does not contradict it.
                problems = shortfalls(effect, record, exceptions=False)
                failed += bool(problems)
                checked = effect.holds is not None or effect.mean_at_least is not None
                notes = [f"note, on this block: {p}" for p in shortfalls(effect, record) if p not in problems]
                print(f"  {'SHORT' if problems else 'ok' if checked else '-':<5} {effect_name}: {describe(effect, record)}"
                      + "".join(f"; {p}" for p in problems + notes), flush=True)
    print(f"{failed} effect(s) fall short on seeds {seeds.start}-{seeds.stop - 1}" if failed
          else f"every effect bears out its sentence on seeds {seeds.start}-{seeds.stop - 1}")
    if failed:
        raise SystemExit(1)


def _write(path: Path, data: dict, check: bool, remake: str) -> None:
    """Write ``data`` to ``path``, or with ``check`` exit non-zero if the file holds something else."""
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if check:
        if path.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{path.relative_to(ROOT)} is stale: run {remake}")
        print(f"{path.relative_to(ROOT)} is current")
        return
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def write_other_models(names: list[str], jobs: int, check: bool) -> None:
    """Experiments ``names`` with every other pretrained model, into `other_models.DATA` (the others' records kept)."""
    tasks = [(seed, name) for seed in other_models.SEEDS for name in names]
    data: dict = other_models.load() if names != list(EXPERIMENTS) else {}
    with ProcessPoolExecutor(jobs) as pool:
        found = pool.map(other_models.measure_with, *zip(*tasks))
        for (seed, name), record in zip(tasks, found):
            data.setdefault(str(seed), {})[name] = record
    _write(other_models.DATA, data, check, "make other-models")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="experiments run at once")
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    parser.add_argument("--only", default="", help="comma-separated experiments to rerun; the others are kept")
    parser.add_argument("--seeds", type=_block, help="check the sentences on seeds FIRST-LAST; writes nothing")
    parser.add_argument("--model-seed", type=_model_seed,
                        help="with --seeds: check with the model pretrained with this seed instead of the shipped one")
    parser.add_argument("--other-models", action="store_true",
                        help="run the reporting seeds with the other pretrained models and write their file")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(EXPERIMENTS)
    unknown = sorted(set(names) - set(EXPERIMENTS))
    if unknown or (args.only and args.check):
        parser.error(f"--only takes names of {', '.join(EXPERIMENTS)} and no --check; got {args.only}")
    if args.other_models:
        if args.seeds is not None:
            parser.error("--other-models runs the experiments on their reporting seeds; it takes no --seeds")
        write_other_models(names, args.jobs, args.check)
        return
    if args.seeds is not None:
        if args.check:
            parser.error("--seeds checks the sentences and writes nothing; it takes no --check")
        check_seeds(names, args.seeds, args.jobs, args.model_seed)
        return
    if args.model_seed is not None:
        parser.error("--model-seed goes with --seeds")
    data = json.loads(ROBUSTNESS.read_text(encoding="utf-8")) if args.only else {}
    with ProcessPoolExecutor(args.jobs) as pool:
        data.update(zip(names, pool.map(_experiment, names)))
    _write(ROBUSTNESS, data, args.check, "make robustness")


if __name__ == "__main__":
    main()
