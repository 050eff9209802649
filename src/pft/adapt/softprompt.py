"""A soft prompt: a learned input vector in front of a frozen language model.

Prompt tuning (Lester et al. 2021) freezes the model and learns the embeddings
of a few virtual prompt tokens instead of words. `pft.substrate.lm.TinyLM` reads its
input as ``a_t`` (current word, previous word, fading bag of earlier words), so
the soft prompt here is one learned vector ``s`` added to ``a_t`` at every
position: a virtual context the model always sees, with ``d`` trainable
numbers (16 for the shipped model) against the thousands of full fine-tuning.

What is simplified: one soft vector rather than a sequence of virtual tokens,
and the induction head is not consulted during training (as in the model's own
training). Because the model is ``h = a + tanh(W a + b_h)``, ``logits = U h + b``,
the vector folds exactly into the biases: ``b_h + W s`` and ``b + U s``;
`merged()` returns that ordinary `TinyLM`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from math import sumprod

from pft.adapt.training import Adapter
from pft.substrate import compute
from pft.substrate.lm import Grads, TinyLM
from pft.substrate.maths import shifted_exp

__all__ = ["SoftPrompt"]


class SoftPrompt(Adapter):
    """A learned input offset ``s`` (length ``base.dim``) on a frozen `TinyLM`, starting at zero."""

    def __init__(self, base: TinyLM) -> None:
        self.base = base
        self.params: dict[str, list] = {"s": [0.0] * base.dim}

    def trainable_parameters(self) -> int:
        """The model width: one number per input dimension."""
        return self.base.dim

    def merged(self) -> TinyLM:
        """The base with ``s`` folded into its biases: it scores exactly like the soft-prompted model."""
        lm = self.base.copy()
        s, P = self.params["s"], lm.params
        P["b_h"] = [b + sumprod(row, s) for b, row in zip(P["b_h"], P["W"])]
        P["b"] = [b + sumprod(row, s) for b, row in zip(P["b"], P["U"])]
        return lm

    def loss_and_grads(self, batch: Sequence[Sequence[int]],
                       weights: Sequence[Sequence[float]] | None = None) -> tuple[float, Grads]:
        """Weighted mean next-token loss over ``batch`` (token ids) and its gradient for ``s``."""
        P, s, d = self.base.params, self.params["s"], self.base.dim
        W, bh, U, b = P["W"], P["b_h"], P["U"], P["b"]
        UT, WT = [list(c) for c in zip(*U)], [list(c) for c in zip(*W)]
        if weights is None:
            weights = [[1.0] * (len(ids) - 1) for ids in batch]
        targets = [(self.base.trace(ids).inputs[t], ids[t + 1], w[t])
                   for ids, w in zip(batch, weights, strict=True) for t in range(len(ids) - 1)]
        n = sum(w for _, _, w in targets)
        if not n > 0:
            raise ValueError("batch holds no token to predict: give sequences of 2 or more tokens")
        loss, gs = 0.0, [0.0] * d
        for a, target, w in targets:
            x = [ai + si for ai, si in zip(a, s)]
            th = [math.tanh(sumprod(row, x) + bb) for row, bb in zip(W, bh)]
            h = [xi + ti for xi, ti in zip(x, th)]
            z = [sumprod(row, h) + bv for row, bv in zip(U, b)]
            ex, total, top = shifted_exp(z)
            loss += w * (math.log(total) + top - z[target]) / n
            g = [w * e / (total * n) for e in ex]
            g[target] -= w / n
            dh = [sumprod(col, g) for col in UT]
            dz = [gi * (1.0 - ti * ti) for gi, ti in zip(dh, th)]
            gs = [acc + gi + sumprod(col, dz) for acc, gi, col in zip(gs, dh, WT)]
        V = len(self.base.vocab)
        compute.add(len(targets) * (d * d + V * d), "forward")
        compute.add(len(targets) * (V * d + d * d), "backward")
        return loss, {"s": gs}
