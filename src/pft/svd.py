"""The best rank-r approximation of a matrix, in pure Python.

Hu et al. (2022) argue that the update adaptation makes to a weight matrix has a
low "intrinsic rank": a few directions carry most of it. `truncate(D, r)` keeps the
r strongest directions of a matrix ``D`` (m x n), which is the closest rank-r
matrix to it (Eckart and Young 1936): ``D Q Q^T``, where the n x r matrix ``Q``
spans the top r right singular vectors of ``D``.

What is simplified: ``Q`` comes from subspace iteration on the small n x n matrix
``D^T D`` (multiply, re-orthonormalise, repeat) rather than a full SVD. It is
exact for matrices of rank r and converges at the rate (s_(r+1) / s_r)^2 per
step otherwise; the fixed step count is ample for the 16-wide matrices here.
"""

from __future__ import annotations

import math
from math import sumprod

from pft.base import check_positive_int, rng

__all__ = ["truncate"]

Matrix = list[list[float]]


def _orthonormal(cols: Matrix) -> Matrix:
    """Gram-Schmidt on a list of vectors; a vector that is (almost) dependent on earlier ones becomes zero."""
    basis: Matrix = []
    for v in cols:
        for q in basis:
            c = sumprod(q, v)
            v = [x - c * y for x, y in zip(v, q)]
        norm = math.sqrt(sumprod(v, v))
        basis.append([x / norm for x in v] if norm > 1e-12 else [0.0] * len(v))
    return basis


def truncate(matrix: Matrix, rank: int, steps: int = 200, seed: int = 0) -> Matrix:
    """The rank-``rank`` matrix closest to ``matrix`` (a list of m rows of n numbers) in the Frobenius norm.

    Raises:
        ValueError: If ``rank`` is not an int between 1 and the number of columns.
    """
    check_positive_int("rank", rank)
    n = len(matrix[0])
    if rank > n:
        raise ValueError(f"rank must be between 1 and the number of columns {n}, got {rank}")
    cols = list(zip(*matrix))
    gram = [[sumprod(a, b) for b in cols] for a in cols]
    r = rng(f"svd:{seed}")
    basis = _orthonormal([[r.gauss(0.0, 1.0) for _ in range(n)] for _ in range(rank)])
    for _ in range(steps):
        basis = _orthonormal([[sumprod(row, q) for row in gram] for q in basis])
    # D Q Q^T, row by row: project each row onto the span of the basis.
    out = []
    for row in matrix:
        coef = [sumprod(row, q) for q in basis]
        out.append([sumprod(coef, col) for col in zip(*basis)])
    return out
