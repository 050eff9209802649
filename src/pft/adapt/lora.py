"""A frozen language model with rank-r adapters on its weight matrices (LoRA).

Hu et al. (2022) freeze each pretrained matrix ``M`` (m x n) and learn a
low-rank update instead: ``M' = M + scale * B A`` with ``A`` (r x n) random and
``B`` (m x r) zero, so training starts exactly at the pretrained model and
changes ``r * (m + n)`` numbers per matrix instead of ``m * n``. Here every
matrix of `pft.substrate.lm.TinyLM` gets one (its three embeddings, ``W`` and the output
layer ``U``) unless ``targets`` names fewer; the biases stay frozen, as in the
paper.

The gradient. The language model's backward pass leaves each matrix's gradient
as a sum of outer products ``G = sum_t r_t c_t^T`` (`pft.substrate.lm.Outer`). The
adapter's gradients are ``scale * G A^T`` and ``scale * B^T G``; taken as
``sum_t r_t (A c_t)^T`` and ``sum_t (B^T r_t) c_t^T`` they cost ``O(r (m + n))``
per token, and ``G`` itself is never formed: the saving real adapters make by
computing no gradient for frozen weights.

The scale. With Hu et al.'s ``alpha / r`` and one step size for every rank, an
update made of r rank-one terms shrinks as r grows, so at a fixed budget a larger
rank learns more slowly; with a constant scale it grows, and a large rank
overshoots. Either way quality against rank measures the step size, not the
capacity. By default we use the rank-stabilised scale ``1 / sqrt(r)``
(Kalajdzievski 2023), under which an update moves about as far per step at every
rank; passing ``alpha`` restores ``alpha / r``.

What is simplified: each training step folds the update into a copy of the model
(`merged()`) and runs that copy forwards and backwards, rather than adding
``B (A x)`` beside every frozen product; the two are equal, and merging is what a
served adapter does anyway. The base is never modified, so switching the adapter
off restores it exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import repeat
from math import sumprod
from operator import add, mul

from pft.adapt.training import Adapter
from pft.substrate import compute
from pft.substrate.checks import check_positive_int
from pft.substrate.lm import MATRICES, Grads, Outer, TinyLM
from pft.substrate.maths import rng

__all__ = ["LoRA"]


class LoRA(Adapter):
    """Rank-``rank`` adapters on the weight matrices of a frozen `TinyLM`.

    Args:
        base: The pretrained model; it is never modified.
        rank: Rank ``r`` of each update ``B A``.
        targets: Names of the matrices to adapt (default: all of ``"E_cur"``, ``"E_prev"``,
            ``"E_ctx"``, ``"W"``, ``"U"``).
        alpha: If given, the update's scale is ``alpha / rank`` (Hu et al.'s convention); by
            default it is ``1 / sqrt(rank)`` (rank-stabilised, see the module docstring).
        seed: Seed of the random initialisation of each ``A``.

    Raises:
        ValueError: If ``rank`` is not an int between 1 and the model width, or ``targets``
            is empty or names something other than a weight matrix.
    """

    def __init__(self, base: TinyLM, rank: int, *, targets: Sequence[str] = MATRICES,
                 alpha: float | None = None, seed: int = 0) -> None:
        check_positive_int("rank", rank)
        if rank > base.dim:
            raise ValueError(f"rank must be between 1 and the model width {base.dim}, got {rank}")
        targets = tuple(targets)
        unknown = [t for t in targets if t not in MATRICES]
        if not targets or unknown:
            raise ValueError(f"targets must name one or more of {list(MATRICES)}, got {list(targets)}")
        self.base, self.rank, self.targets = base, rank, targets
        self.scale = alpha / rank if alpha is not None else 1.0 / math.sqrt(rank)
        r = rng(f"lora:{seed}")
        self.params: dict[str, list] = {}
        for name in targets:
            m, n = len(base.params[name]), len(base.params[name][0])
            self.params[f"{name}.A"] = [[r.gauss(0.0, 1.0 / math.sqrt(n)) for _ in range(n)] for _ in range(rank)]
            self.params[f"{name}.B"] = [[0.0] * rank for _ in range(m)]

    def trainable_parameters(self) -> int:
        """``r * (m + n)`` for each adapted m x n matrix: the numbers in its ``A`` and ``B``."""
        return sum(len(v) * len(v[0]) for v in self.params.values())

    def merged(self) -> TinyLM:
        """A copy of the base with ``M + scale * B A`` folded into each target: the adapted model as a plain `TinyLM`."""
        lm = self.base.copy()
        for name in self.targets:
            A, M = self.params[f"{name}.A"], lm.params[name]
            for i, brow in enumerate(self.params[f"{name}.B"]):
                # Row i of the update is a mix of A's r rows; rows with B = 0 (words never trained on) stay as they are.
                for b, arow in zip(brow, A):
                    if b:
                        M[i] = list(map(add, M[i], map(mul, repeat(self.scale * b), arow)))
            compute.add(len(M) * len(M[0]) * self.rank, "forward")
        return lm

    def loss_and_grads(self, batch: Sequence[Sequence[int]],
                       weights: Sequence[Sequence[float]] | None = None) -> tuple[float, Grads]:
        """Weighted mean next-token loss over ``batch`` (token ids) and its gradient for every ``A`` and ``B``."""
        loss, parts = self.merged().backprop(batch, weights)
        grads: dict[str, list] = {}
        for name in self.targets:
            grads[f"{name}.A"], grads[f"{name}.B"] = self._factor_grads(parts[name], name)
        return loss, grads

    def _factor_grads(self, g: Outer, name: str) -> tuple[list, list]:
        """``scale * B^T G`` and ``scale * G A^T`` from the factored gradient ``G`` of matrix ``name``."""
        A, B, s, r = self.params[f"{name}.A"], self.params[f"{name}.B"], self.scale, self.rank
        m, n = g.shape
        Ac = [[s * sumprod(row, c) for row in A] for c in g.cols]
        if g.rows and isinstance(g.rows[0], int):
            # One-hot rows: G's row i is the sum of the cols looked up at i.
            gB = [[0.0] * r for _ in range(m)]
            for i, ac in zip(g.rows, Ac):
                gB[i] = list(map(add, gB[i], ac))
            Br = [B[i] for i in g.rows]
        else:
            AcT = list(zip(*Ac))
            gB = [[sumprod(ri, ak) for ak in AcT] for ri in zip(*g.rows)] if g.rows else [[0.0] * r for _ in range(m)]
            BT = list(zip(*B))
            Br = [[sumprod(bk, row) for bk in BT] for row in g.rows]
            compute.add(len(g.rows) * m * r * 2, "backward")
        colsT = list(zip(*g.cols))
        gA = [[s * sumprod(bk, cj) for cj in colsT] for bk in zip(*Br)] if g.cols else [[0.0] * n for _ in range(r)]
        compute.add(len(g.cols) * n * r * 2, "backward")
        return gA, gB
