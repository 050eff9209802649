"""Train the tiny language model on the general corpus and write src/pft/substrate/data/tiny_lm.json.

Deterministic: the same code gives the same file. tests/pft/substrate/test_pretrained_lm.py
retrains the first epoch and compares its fingerprint (and, with PFT_REBUILD_LM=1,
retrains fully and compares every weight). Run after changing pft.substrate.world, pft.substrate.lm or pft.substrate.pretraining:

    .venv/bin/python scripts/train_lm.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from pft.substrate.pretraining import CONFIG, fingerprint, pretrain
from pft.substrate.world import World

OUT = Path(__file__).resolve().parent.parent / "src" / "pft" / "substrate" / "data" / "tiny_lm.json"


def main() -> None:
    start = time.perf_counter()
    lm = pretrain()
    data = lm.to_dict()
    data["config"] = CONFIG
    data["fingerprint_epoch1"] = fingerprint(pretrain(stop_after=1))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    held_out = World(seed=0).corpus("general", 200, seed=1)
    print(f"trained in {time.perf_counter() - start:.1f} s; {lm.trainable_parameters()} parameters; "
          f"{OUT.stat().st_size / 1024:.0f} KiB; general held-out perplexity {lm.perplexity(held_out):.2f}")


if __name__ == "__main__":
    main()
