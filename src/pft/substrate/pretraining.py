"""How the shipped language model was trained: deterministic, on the general corpus.

API: `CONFIG` (the settings used for the shipped weights),
`pretrain(stop_after=None, **overrides) -> TinyLM` and `fingerprint(lm)`.
`scripts/train_lm.py` calls `pretrain()` and writes the rounded weights to
`src/pft/substrate/data/tiny_lm.json`, with the fingerprint of the weights after the first
epoch. Tests retrain one epoch and compare fingerprints (fast); with
`PFT_REBUILD_LM=1` they retrain fully and compare every weight.
"""

from __future__ import annotations

import hashlib
import json

from pft.substrate.lm import TinyLM
from pft.substrate.maths import rng
from pft.substrate.optim import Adam
from pft.substrate.world import World

__all__ = ["CONFIG", "fingerprint", "pretrain"]

CONFIG = {
    "dim": 16,
    "decay": 0.8,
    "n_docs": 1000,
    "epochs": 4,
    "batch": 8,
    "lr": 0.02,
    "seed": 0,
}
"""Settings of the shipped model: width, bag decay, corpus size, Adam schedule, seed."""


def pretrain(stop_after: int | None = None, **overrides: int | float) -> TinyLM:
    """Train a `TinyLM` on `World(seed).corpus("general", n_docs)` with Adam.

    Keyword arguments override entries of `CONFIG`; unknown names raise ValueError.
    `stop_after=k` returns the model after its first k epochs of the same schedule
    (used to check a run's start quickly against `fingerprint`).
    """
    unknown = sorted(set(overrides) - set(CONFIG))
    if unknown:
        raise ValueError(f"unknown settings {unknown}; allowed: {sorted(CONFIG)}")
    cfg = {**CONFIG, **overrides}
    lm = TinyLM(dim=int(cfg["dim"]), decay=float(cfg["decay"]), seed=int(cfg["seed"]))
    docs = [lm.encode(d) for d in World(seed=int(cfg["seed"])).corpus("general", int(cfg["n_docs"]), seed=0)]
    docs = [d for d in docs if len(d) >= 2]
    opt = Adam(lm.params, lr=float(cfg["lr"]))
    order = rng(f"pretrain:{cfg['seed']}")
    batch = int(cfg["batch"])
    for epoch in range(int(cfg["epochs"]) if stop_after is None else min(stop_after, int(cfg["epochs"]))):
        order.shuffle(docs)
        # Decay the step size in the last epoch so the weights settle.
        opt.lr = float(cfg["lr"]) * (0.3 if epoch == int(cfg["epochs"]) - 1 else 1.0)
        for i in range(0, len(docs), batch):
            _, grads = lm.batch_loss_and_grads(docs[i:i + batch])
            opt.step(grads)
    return lm


def fingerprint(lm: TinyLM) -> str:
    """A short hash of the weights rounded to 4 decimals."""
    text = json.dumps(lm.to_dict()["params"], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
