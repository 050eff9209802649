"""A frozen language model with a rank-r adapter on its output layer (LoRA-style).

Hu et al. (2022) freeze a pretrained weight matrix ``U`` and learn a low-rank
update instead: ``U' = U + (alpha / r) * B A`` with ``A`` (r x d) random and
``B`` (V x r) zero, so training starts exactly at the pretrained model and
changes ``r * (V + d)`` numbers instead of ``V * d``.

The scale. With Hu et al.'s ``alpha / r`` and one step size for every rank, an
update made of r rank-one terms shrinks as r grows, so at a fixed budget a larger
rank learns more slowly; with a constant scale it grows, and a large rank
overshoots. Either way quality against rank measures the step size, not the
capacity. By default we use the rank-stabilised scale ``1 / sqrt(r)``
(Kalajdzievski 2023), under which an update moves about as far per step at every
rank; passing ``alpha`` restores ``alpha / r``.

What is simplified, and why: the adapter sits only on `pft.lm.TinyLM`'s output
layer ``U``. Everything below it is frozen, so the hidden state of every
training token is computed once and cached, and each training step costs
``O(r * (V + d))`` multiply-adds per token instead of a full backward pass. That
is the property that makes adapters cheap in real models too (no gradients
for the frozen weights), taken to its limit so that a rank sweep runs in a
page. `merged()` folds the update into a copy of the model, giving an ordinary
`TinyLM` that scores and prompts exactly like the adapted model; the base is
never modified, so switching the adapter off restores it exactly. The price:
full fine-tuning also moves the hidden states, which no output-layer update can
do, so in experiment 6
the adapter recovers most of full fine-tuning's gain but not all of it.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from math import sumprod

from pft import compute
from pft.base import check_positive_int, rng
from pft.lm import TinyLM
from pft.optim import Adam

__all__ = ["LoRA"]

# Frozen hidden states and logits per base model, shared by every adapter on that base
# (a rank sweep pays for the frozen forward passes once).
_FROZEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class LoRA:
    """Rank-``rank`` adapter on the output layer of a frozen `TinyLM`.

    Args:
        base: The pretrained model; it is never modified.
        rank: Rank ``r`` of the update ``B A``.
        alpha: If given, the update's scale is ``alpha / rank`` (Hu et al.'s convention); by
            default it is ``1 / sqrt(rank)`` (rank-stabilised, see the module docstring).
        seed: Seed of ``A``'s random initialisation.

    Raises:
        ValueError: If ``rank`` is not an int between 1 and the model width.
    """

    def __init__(self, base: TinyLM, rank: int, *, alpha: float | None = None, seed: int = 0) -> None:
        check_positive_int("rank", rank)
        if rank > base.dim:
            raise ValueError(f"rank must be between 1 and the model width {base.dim}, got {rank}")
        self.base, self.rank = base, rank
        self.scale = alpha / rank if alpha is not None else 1.0 / math.sqrt(rank)
        r = rng(f"lora:{seed}")
        d, V = base.dim, len(base.vocab)
        self.params: dict[str, list] = {
            "A": [[r.gauss(0.0, 1.0 / math.sqrt(d)) for _ in range(d)] for _ in range(rank)],
            "B": [[0.0] * rank for _ in range(V)],
        }

    def trainable_parameters(self) -> int:
        """``r * (V + d)``: the numbers in ``A`` and ``B``."""
        return self.rank * (len(self.base.vocab) + self.base.dim)

    def merged(self) -> TinyLM:
        """A copy of the base with ``U + scale * B A`` folded in: the adapted model as a plain `TinyLM`."""
        lm = self.base.copy()
        A, s = self.params["A"], self.scale
        AT = list(zip(*A))
        lm.params["U"] = [[u + s * sum(b * a for b, a in zip(brow, acol)) for u, acol in zip(urow, AT)]
                          for urow, brow in zip(lm.params["U"], self.params["B"])]
        return lm

    def _tokens(self, ids: Sequence[int]) -> list[tuple[list[float], list[float], int]]:
        """(hidden state, frozen logits minus their maximum, next token) for each predicted position; computed once."""
        cache = _FROZEN.setdefault(self.base, {})
        key = tuple(ids)
        if key not in cache:
            trace = self.base.trace(ids)
            rows = []
            for t, h in enumerate(trace.hidden[:-1]):
                # Shifting the logits by a constant changes no probability; at <= 0 they cannot overflow exp.
                logits = self.base._logits(h)
                top = max(logits)
                rows.append((h, [x - top for x in logits], ids[t + 1]))
            cache[key] = rows
        return cache[key]

    def _logits(self, h: list[float], frozen: list[float], BT: list[list[float]]) -> tuple[list[float], list[float]]:
        """The adapter's factor ``u = scale * A h`` and the adapted logits ``frozen + B u`` (``BT``: B transposed)."""
        s = self.scale
        u = [s * sumprod(row, h) for row in self.params["A"]]
        z = frozen
        # One pass over the vocabulary per rank is faster in pure Python than a dot product per word.
        for uk, col in zip(u, BT):
            z = [zv + uk * b for zv, b in zip(z, col)]
        return u, z

    def loss_and_grads(self, batch: Sequence[Sequence[int]]) -> tuple[float, dict[str, list]]:
        """Mean next-token negative log-likelihood over ``batch`` (token ids) and its gradient for A and B."""
        BT = [list(col) for col in zip(*self.params["B"])]
        loss, grads = self._loss_and_grads(batch, BT)
        return loss, {"A": grads["A"], "B": [list(row) for row in zip(*grads["BT"])]}

    def _loss_and_grads(self, batch: Sequence[Sequence[int]], BT: list[list[float]]) -> tuple[float, dict[str, list]]:
        """`loss_and_grads` with ``B`` given and differentiated transposed (r rows of V)."""
        s, r, d, V = self.scale, self.rank, self.base.dim, len(self.base.vocab)
        gA = [[0.0] * d for _ in range(r)]
        tokens = [tok for ids in batch for tok in self._tokens(ids)]
        if not tokens:
            raise ValueError("batch holds no token to predict: give sequences of 2 or more tokens")
        n = len(tokens)
        loss = 0.0
        G, Us = [], []
        for h, frozen, target in tokens:
            u, z = self._logits(h, frozen, BT)
            top = max(z)
            ex = list(map(math.exp, z)) if top < 50.0 else [math.exp(v - top) for v in z]
            if top >= 50.0:
                z = [v - top for v in z]
            total = sum(ex)
            loss += (math.log(total) - z[target]) / n
            c = 1.0 / (total * n)
            g = [e * c for e in ex]
            g[target] -= 1.0 / n
            G.append(g)
            Us.append(u)
            for k in range(r):
                du = s * sumprod(g, BT[k])
                gA[k] = [ga + du * x for ga, x in zip(gA[k], h)]
        # dB[v][k] = sum over tokens of g[v] * u[k], as one dot product per entry.
        GT, UT = list(zip(*G)), list(zip(*Us))
        gBT = [[sumprod(gv, uk) for gv in GT] for uk in UT]
        compute.add(n * (r * d + V * r), "forward")
        compute.add(n * (2 * V * r + r * d), "backward")
        return loss, {"A": gA, "BT": gBT}

    def perplexity(self, docs: Sequence[str]) -> float:
        """Perplexity of the adapted model on ``docs``; equals ``merged().perplexity(docs)``, reusing the cache."""
        seqs = [ids for ids in (self.base.encode(doc) for doc in docs) if len(ids) >= 2]
        if not seqs:
            raise ValueError("docs hold no text of 2 or more tokens to score")
        total, n = 0.0, 0
        BT = [list(col) for col in zip(*self.params["B"])]
        for h, frozen, target in (tok for ids in seqs for tok in self._tokens(ids)):
            _, z = self._logits(h, frozen, BT)
            top = max(z)
            total += math.log(sum(map(math.exp, (v - top for v in z)))) + top - z[target]
            n += 1
        compute.add(n * self.rank * (self.base.dim + len(self.base.vocab)), "forward")
        return math.exp(total / n)

    def fit(self, docs: Sequence[str], *, steps: int, batch: int = 8, lr: float = 0.02) -> LoRA:
        """Train ``A`` and ``B`` with Adam on next-token prediction over ``docs``, cycling in order."""
        check_positive_int("steps", steps)
        check_positive_int("batch", batch)
        seqs = [ids for ids in (self.base.encode(doc) for doc in docs) if len(ids) >= 2]
        if not seqs:
            raise ValueError("docs hold no text of 2 or more tokens to train on")
        # Adam works on B transposed: r rows of V numbers are far fewer updates than V rows of r.
        work = {"A": self.params["A"], "BT": [list(col) for col in zip(*self.params["B"])]}
        opt = Adam(work, lr=lr)
        for step in range(steps):
            start = (step * batch) % len(seqs)
            _, grads = self._loss_and_grads((seqs + seqs)[start:start + batch], work["BT"])
            opt.step(grads)
        self.params["A"] = work["A"]
        self.params["B"] = [list(row) for row in zip(*work["BT"])]
        return self
