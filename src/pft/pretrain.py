"""How the shipped language model was trained: deterministic, on the general corpus.

API: `CONFIG` (the settings used for the shipped weights) and
`pretrain(**overrides) -> TinyLM`. `scripts/train_lm.py` calls `pretrain()`
and writes the rounded weights to `src/pft/data/tiny_lm.json`; a test calls it
again and checks the file matches, so the weights are reproducible from code.
"""

from __future__ import annotations

from pft.base import rng
from pft.lm import TinyLM
from pft.optim import Adam
from pft.world import World

__all__ = ["CONFIG", "pretrain"]

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


def pretrain(**overrides: int | float) -> TinyLM:
    """Train a `TinyLM` on `World(seed).corpus("general", n_docs)` with Adam.

    Keyword arguments override entries of `CONFIG`; unknown names raise ValueError.
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
    for epoch in range(int(cfg["epochs"])):
        order.shuffle(docs)
        # Decay the step size in the last epoch so the weights settle.
        opt.lr = float(cfg["lr"]) * (0.3 if epoch == int(cfg["epochs"]) - 1 else 1.0)
        for i in range(0, len(docs), batch):
            _, grads = lm.batch_loss_and_grads(docs[i:i + batch])
            opt.step(grads)
    return lm
