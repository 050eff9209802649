"""Small maths every model shares: seeded random generators and the softmax.

- `rng(seed)`: a private `random.Random`; nothing in `pft` touches the global
  random generator, so results depend only on the seeds passed in.
- `softmax(scores)`: probabilities from scores, shifted by the maximum so that
  large scores do not overflow.
"""

from __future__ import annotations

import random

__all__ = ["rng"]


def rng(seed: int | str) -> random.Random:
    """A private random generator; the same seed always gives the same stream."""
    if not isinstance(seed, (int, str)) or isinstance(seed, bool):
        raise ValueError(f"seed must be an int or a str, got {seed!r}")
    return random.Random(seed)
