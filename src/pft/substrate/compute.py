"""Counting multiply-adds, so that cost comparisons come from the models themselves.

A multiply-add (one ``a * b + c``) is the unit hardware cost is usually quoted
in. Every model in `pft` reports the multiply-adds of its own arithmetic by
calling [`add`][pft.substrate.compute.add] once per forward pass, backward pass or
parameter update, with a count it computes from its shapes (for example a
``d x V`` output layer applied at ``T`` positions costs ``T * d * V``). Nothing
is estimated from outside: an experiment wraps the work it wants to price in
[`measure`][pft.substrate.compute.measure] and reads the total.

Usage in a model (for model authors; cheap when nobody is measuring):

```python
from pft.substrate import compute


def forward(self, tokens):
    ...
    compute.add(len(tokens) * self.dim * self.vocab_size, "forward")

def loss_and_grads(self, tokens):
    ...
    compute.add(n_forward, "forward")
    compute.add(2 * n_forward, "backward")   # gradients w.r.t. inputs and weights
```

Usage in an experiment:

```python
with compute.measure() as cost:
    model.fit(train)
print(cost.madds, cost.by_kind["backward"])
```

Meters nest: an inner `measure` counts its own work and the outer one counts
everything, inner work included. What is simplified: additions, exponentials
and other element-wise work are not counted, only the products that dominate
the cost of dense layers; a sparse layer counts only the rows it touches, as
an efficient implementation would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pft.substrate.checks import check_choice, check_positive_int

__all__ = ["KINDS", "Meter", "add", "measure"]

KINDS: tuple[str, ...] = ("forward", "backward", "update")
"""What a count is for: a forward pass, its backward pass, or a parameter update."""

_active: list[Meter] = []


@dataclass
class Meter:
    """Multiply-adds counted while a [`measure`][pft.substrate.compute.measure] block was open.

    Attributes:
        madds: Total multiply-adds.
        by_kind: The same total split by kind ("forward", "backward", "update").
    """

    madds: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))


def add(madds: int, kind: str = "forward") -> None:
    """Record ``madds`` multiply-adds of the given ``kind`` in every open meter.

    Raises:
        ValueError: If ``madds`` is not a non-negative int or ``kind`` is not one of `KINDS`.
    """
    if not _active:
        return
    check_positive_int("madds", madds, minimum=0)
    check_choice("kind", kind, KINDS)
    for meter in _active:
        meter.madds += madds
        meter.by_kind[kind] += madds


@contextmanager
def measure() -> Iterator[Meter]:
    """Count the multiply-adds of everything run inside the ``with`` block."""
    meter = Meter()
    _active.append(meter)
    try:
        yield meter
    finally:
        _active.remove(meter)
