"""Small maths every model shares: seeded random generators and the softmax.

- `rng(seed)`: a private `random.Random`; nothing in `pft` touches the global
  random generator, so results depend only on the seeds passed in.
- `softmax(scores)`: probabilities from scores; `log_sum_exp(scores)`, the log of
  softmax's normaliser; `shifted_exp(scores)`, the parts both are made of, for a
  training step that needs the loss and the gradient from one pass. Scores are
  shifted by their maximum first, so that large ones do not overflow.
"""

from __future__ import annotations

import math
import random
from itertools import repeat
from operator import sub
from collections.abc import Sequence

__all__ = ["PROB_FLOOR", "log_sum_exp", "rng", "shifted_exp", "softmax"]

PROB_FLOOR = 1e-12
"""The smallest probability whose log is taken, so that a word a model all but rules out
costs a large but finite penalty."""


def rng(seed: int | str) -> random.Random:
    """A private random generator; the same seed always gives the same stream."""
    if not isinstance(seed, (int, str)) or isinstance(seed, bool):
        raise ValueError(f"seed must be an int or a str, got {seed!r}")
    return random.Random(seed)


def shifted_exp(scores: Sequence[float]) -> tuple[list[float], float, float]:
    """``exp(s - top)`` for each score, their sum, and ``top``, the largest score."""
    top = max(scores)
    exps = list(map(math.exp, map(sub, scores, repeat(top))))
    return exps, sum(exps), top


def softmax(scores: Sequence[float]) -> list[float]:
    """Probabilities proportional to ``exp(score)``."""
    exps, total, _ = shifted_exp(scores)
    return [e / total for e in exps]


def log_sum_exp(scores: Sequence[float]) -> float:
    """``log(sum(exp(score)))``: a score minus this is the log of its softmax probability."""
    _, total, top = shifted_exp(scores)
    return math.log(total) + top
