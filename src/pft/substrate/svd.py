"""The best rank-r approximation of a matrix, in pure Python.

Hu et al. (2022) argue that the update adaptation makes to a weight matrix has a
low "intrinsic rank": a few directions carry most of it. `truncate(D, r)` keeps the
r strongest directions of a matrix ``D`` (m x n), which is the closest rank-r
matrix to it (Eckart and Young 1936): ``D Q Q^T``, where the n x r matrix ``Q``
holds the top r right singular vectors of ``D``.

What is simplified: the right singular vectors come from the eigenvectors of the
small n x n matrix ``D^T D`` by Jacobi rotations, rather than from a full SVD.
That squares the condition number, which costs nothing for the 16-wide matrices
here, and Jacobi's method converges to machine precision in a few sweeps.
"""

from __future__ import annotations

import math
from math import sumprod

from pft.substrate.checks import check_positive_int

__all__ = ["directions", "truncate"]

Matrix = list[list[float]]


def directions(matrix: Matrix, sweeps: int = 30) -> list[tuple[float, list[float]]]:
    """``(singular value, right singular vector)`` pairs of ``matrix`` (m rows of n numbers), strongest first."""
    cols = list(zip(*matrix))
    n = len(cols)
    a = [[sumprod(x, y) for y in cols] for x in cols]
    vectors = [[float(i == j) for j in range(n)] for i in range(n)]
    scale = sum(a[i][i] for i in range(n)) or 1.0
    for _ in range(sweeps):
        if sum(a[p][q] ** 2 for p in range(n) for q in range(p + 1, n)) < 1e-30 * scale * scale:
            break
        for p in range(n - 1):
            for q in range(p + 1, n):
                apq = a[p][q]
                if abs(apq) < 1e-300:
                    continue
                # The rotation in the (p, q) plane that zeroes a[p][q] (Numerical Recipes, section 11.1).
                theta = (a[q][q] - a[p][p]) / (2.0 * apq)
                t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1.0))
                c = 1.0 / math.sqrt(t * t + 1.0)
                s = t * c
                app, aqq = a[p][p] - t * apq, a[q][q] + t * apq
                a[p], a[q] = [c * x - s * y for x, y in zip(a[p], a[q])], [s * x + c * y for x, y in zip(a[p], a[q])]
                for k in range(n):
                    a[k][p], a[k][q] = a[p][k], a[q][k]
                a[p][p], a[q][q], a[p][q], a[q][p] = app, aqq, 0.0, 0.0
                vp, vq = vectors[p], vectors[q]
                vectors[p], vectors[q] = [c * x - s * y for x, y in zip(vp, vq)], [s * x + c * y for x, y in zip(vp, vq)]
    order = sorted(range(n), key=lambda i: -a[i][i])
    return [(math.sqrt(max(a[i][i], 0.0)), vectors[i]) for i in order]


def truncate(matrix: Matrix, rank: int, found: list[tuple[float, list[float]]] | None = None) -> Matrix:
    """The rank-``rank`` matrix closest to ``matrix`` in the Frobenius norm.

    Args:
        matrix: m rows of n numbers.
        rank: How many directions to keep, 1 to n.
        found: ``directions(matrix)``, if already computed (to cut one matrix to several ranks).

    Raises:
        ValueError: If ``rank`` is not an int between 1 and the number of columns.
    """
    check_positive_int("rank", rank)
    n = len(matrix[0])
    if rank > n:
        raise ValueError(f"rank must be between 1 and the number of columns {n}, got {rank}")
    basis = [v for _, v in (found if found is not None else directions(matrix))[:rank]]
    # D Q Q^T, row by row: project each row onto the span of the kept directions.
    columns = list(zip(*basis))
    return [[sumprod(coef, col) for col in columns] for coef in ([sumprod(row, q) for q in basis] for row in matrix)]
