"""Optimisers for parameters stored as named plain lists (as in `pft.substrate.lm.TinyLM.params`).

API: `sgd_step(params, grads, lr, names=None)`, `Adam(params, lr=...).step(grads)`, and
`batch_at(seqs, step, size)`, the batches every trainer in `pft` walks through.
Both update the lists in place and touch only the parameter names given
(default: all), so a caller can freeze part of a model by leaving names out.
Each update counts its multiply-adds in `pft.substrate.compute` as "update" work.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from pft.substrate import compute
from pft.substrate.checks import check_number

__all__ = ["Adam", "batch_at", "sgd_step"]


def _size(v: list) -> int:
    return len(v) * len(v[0]) if v and isinstance(v[0], list) else len(v)


def batch_at(seqs: list, step: int, size: int) -> list:
    """The ``step``-th batch of ``size`` items, walking through ``seqs`` in order and wrapping round."""
    if size == 0:
        return []
    start = (step * size) % len(seqs)
    return (seqs + seqs)[start:start + size]


def sgd_step(params: dict[str, list], grads: dict[str, list], lr: float,
             names: Iterable[str] | None = None) -> None:
    """params[name] -= lr * grads[name] for each name (in place)."""
    check_number("lr", lr, positive=True)
    for name in names if names is not None else params:
        p, g = params[name], grads[name]
        if p and isinstance(p[0], list):
            for i, (row, grow) in enumerate(zip(p, g)):
                p[i] = [x - lr * y for x, y in zip(row, grow)]
        else:
            params[name] = [x - lr * y for x, y in zip(p, g)]
        compute.add(_size(p), "update")


class Adam:
    """Adam (Kingma & Ba 2015) with bias correction; rows with an all-zero gradient are skipped (lazy Adam)."""

    def __init__(self, params: dict[str, list], lr: float = 0.01, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-8, names: Iterable[str] | None = None) -> None:
        check_number("lr", lr, positive=True)
        self.params, self.lr, self.b1, self.b2, self.eps = params, lr, beta1, beta2, eps
        self.names = tuple(names) if names is not None else tuple(params)
        unknown = [n for n in self.names if n not in params]
        if unknown:
            raise ValueError(f"unknown parameter names {unknown}; allowed: {sorted(params)}")
        self.t = 0
        self.m = {n: self._zeros(params[n]) for n in self.names}
        self.v = {n: self._zeros(params[n]) for n in self.names}

    @staticmethod
    def _zeros(p: list) -> list:
        return [[0.0] * len(r) for r in p] if p and isinstance(p[0], list) else [0.0] * len(p)

    def _update(self, p: list, g: list, m: list, v: list, a: float) -> tuple[list, list, list]:
        b1, b2, eps = self.b1, self.b2, self.eps
        c1, c2, sqrt = 1 - b1, 1 - b2, math.sqrt
        m = [b1 * x + c1 * y for x, y in zip(m, g)]
        v = [b2 * x + c2 * y * y for x, y in zip(v, g)]
        p = [x - a * mm / (sqrt(vv) + eps) for x, mm, vv in zip(p, m, v)]
        return p, m, v

    def step(self, grads: dict[str, list]) -> None:
        """One update of every managed parameter from `grads` (in place)."""
        self.t += 1
        a = self.lr * math.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
        for n in self.names:
            p, g, m, v = self.params[n], grads[n], self.m[n], self.v[n]
            if p and isinstance(p[0], list):
                for i in range(len(p)):
                    # Lazy for rows with no gradient (unused embedding rows), as sparse Adam does.
                    if any(g[i]):
                        p[i], m[i], v[i] = self._update(p[i], g[i], m[i], v[i], a)
            else:
                self.params[n], self.m[n], self.v[n] = self._update(p, g, m, v, a)
            compute.add(3 * _size(p), "update")
