"""Best rank-r approximations: exact cases, optimality against other projections, errors."""

from __future__ import annotations

import math

import pytest

from pft.substrate.maths import rng
from pft.substrate.svd import directions, truncate


def _outer_sum(pairs):
    m, n = len(pairs[0][0]), len(pairs[0][1])
    return [[sum(s * u[i] * v[j] for s, u, v in ((p[2], p[0], p[1]) for p in pairs)) for j in range(n)]
            for i in range(m)]


def _random(m, n, seed):
    r = rng(f"test-svd:{seed}")
    return [[r.gauss(0.0, 1.0) for _ in range(n)] for _ in range(m)]


def _dist(a, b):
    return math.sqrt(sum((x - y) ** 2 for ra, rb in zip(a, b) for x, y in zip(ra, rb)))


def _close(a, b, tol=1e-9):
    assert len(a) == len(b) and all(len(ra) == len(rb) for ra, rb in zip(a, b)), "shapes differ"
    return all(math.isclose(x, y, abs_tol=tol) for ra, rb in zip(a, b) for x, y in zip(ra, rb))


def test_a_rotated_diagonal_loses_its_smallest_direction():
    c, s = math.cos(0.3), math.sin(0.3)
    # Q diag(3, 2, 1) Q^T with Q a rotation in the first two coordinates: cutting to rank 2 drops the 1.
    q = [[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]
    d = [3.0, 2.0, 1.0]
    full = [[sum(q[i][k] * d[k] * q[j][k] for k in range(3)) for j in range(3)] for i in range(3)]
    expected = [[sum(q[i][k] * d[k] * q[j][k] for k in range(2)) for j in range(3)] for i in range(3)]
    assert _close(truncate(full, 2), expected)


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_a_matrix_of_rank_r_is_kept_exactly(rank):
    vectors = _random(2 * rank, 7, seed=rank)
    pairs = [(vectors[2 * k] + [0.0] * 3, vectors[2 * k + 1], 4.0 - k) for k in range(rank)]
    matrix = _outer_sum(pairs)
    assert _close(truncate(matrix, rank), matrix)


def test_full_rank_gives_the_matrix_back():
    matrix = _random(9, 4, seed=1)
    assert _close(truncate(matrix, 4), matrix)


def test_error_falls_with_rank_and_beats_keeping_two_coordinates():
    matrix = _random(20, 6, seed=2)
    errors = [_dist(matrix, truncate(matrix, r)) for r in range(1, 7)]
    assert all(a > b for a, b in zip(errors, errors[1:]))
    # Keeping the two leading coordinates is one rank-2 approximation; the best one is at least as close.
    kept = [[x if j < 2 else 0.0 for j, x in enumerate(row)] for row in matrix]
    assert errors[1] <= _dist(matrix, kept)


@pytest.mark.parametrize(("rank", "message"), [(0, "rank must be"), (5, "rank must be between 1 and the number of columns 4")])
def test_bad_rank_is_a_clear_error(rank, message):
    with pytest.raises(ValueError, match=message):
        truncate(_random(3, 4, seed=0), rank)


def test_singular_values_come_strongest_first_and_square_to_the_norm():
    matrix = _random(12, 5, seed=3)
    found = directions(matrix)
    values = [v for v, _ in found]
    assert values == sorted(values, reverse=True)
    assert math.isclose(sum(v * v for v in values), sum(x * x for row in matrix for x in row), rel_tol=1e-12)
    # The vectors are orthonormal.
    for i, (_, u) in enumerate(found):
        for j, (_, w) in enumerate(found):
            assert math.isclose(sum(a * b for a, b in zip(u, w)), float(i == j), abs_tol=1e-12)
