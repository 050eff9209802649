"""Where two options cost the same: the volumes at which the cheaper of them changes.

Every option's monthly cost is a straight line in volume, except that a self-hosted option adds
one GPU's month at each multiple of the calls one GPU serves. Between those steps the lines are
solved exactly; at a step the cheaper option may change without the lines crossing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pft.decision.pricing.serving import Option

__all__ = ["Band", "BreakEven", "crossings", "segments"]


def segments(opts: tuple[Option, ...], end: float) -> list[tuple[float, float]]:
    """Volume ranges on which every option's cost is a straight line (GPU counts are constant)."""
    edges = {0.0, end}
    for o in opts:
        if o.per_gpu_month:
            edges.update(k * o.calls_per_gpu_day for k in range(1, math.ceil(end / o.calls_per_gpu_day)))
    points = sorted(edges)
    return list(zip(points, points[1:]))


def crossings(a: Option, b: Option, end: float, days: float) -> tuple[float, ...]:
    """Volumes in ``[0, end]`` where the cheaper of `a` and `b` changes."""
    def diff(v: float, gpus_at: float) -> float:
        # Cost difference at v with each option's GPU count taken at gpus_at (inside one segment).
        return (v * days * (a.per_call - b.per_call) + a.fixed_per_month - b.fixed_per_month
                + a.gpus(gpus_at) * a.per_gpu_month - b.gpus(gpus_at) * b.per_gpu_month)

    found: list[float] = []
    sign = 0
    for low, high in segments((a, b), end):
        middle = (low + high) / 2
        start, stop = diff(low, middle), diff(high, middle)
        start_sign = (start > 0) - (start < 0)
        if sign and start_sign and start_sign != sign:
            found.append(low)  # a GPU step made the other option cheaper
        if start_sign:
            sign = start_sign
        stop_sign = (stop > 0) - (stop < 0)
        if sign and stop_sign and stop_sign != sign:
            found.append(low + (high - low) * start / (start - stop))
        if stop_sign:
            sign = stop_sign
    return tuple(found)


@dataclass(frozen=True)
class BreakEven:
    """Where two options cost the same: ``volumes`` in calls/day, empty if nowhere in the range."""

    first: str
    second: str
    volumes: tuple[float, ...]


@dataclass(frozen=True)
class Band:
    """A range of volumes (calls/day) over which one option is the cheapest."""

    low: float
    high: float
    option: str
