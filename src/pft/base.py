"""The one interface every classifier in `pft` shares, and helpers around it.

API (stable; other modules build on it):

- `Classifier`: a `typing.Protocol` with `labels`, `predict_proba(text)`,
  `predict(text)` and `trainable_parameters()`. Prompted language models,
  trained logistic regressions and fine-tuned models all satisfy it, so an
  experiment can swap one for another without glue code.
- `accuracy(model, examples, task="sentiment")`: the share of examples whose
  label the model predicts.
- `rng(seed)`: a private `random.Random`; nothing in `pft` touches the global
  random generator, so results depend only on the seeds passed in.
- `argmax_label(probs)`: the most probable label, ties broken by label order.
- `check_choice`, `check_positive_int`, `check_probability`: argument checks
  that raise `ValueError` saying what was wrong and what is allowed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

__all__ = [
    "Classifier",
    "Labelled",
    "accuracy",
    "argmax_label",
    "check_choice",
    "check_positive_int",
    "check_probability",
    "rng",
]


@runtime_checkable
class Classifier(Protocol):
    """A text classifier over a fixed, ordered set of labels."""

    labels: tuple[str, ...]

    def predict_proba(self, text: str) -> dict[str, float]:
        """Probability of each label in `labels`; the values sum to one."""
        ...

    def predict(self, text: str) -> str:
        """The most probable label."""
        ...

    def trainable_parameters(self) -> int:
        """How many numbers training would change (0 for a frozen prompted model)."""
        ...


class Labelled(Protocol):
    """Anything with a text and label attributes, such as `pft.world.Example`."""

    text: str


def rng(seed: int | str) -> random.Random:
    """A private random generator; the same seed always gives the same stream."""
    if not isinstance(seed, (int, str)) or isinstance(seed, bool):
        raise ValueError(f"seed must be an int or a str, got {seed!r}")
    return random.Random(seed)


def argmax_label(probs: Mapping[str, float]) -> str:
    """The label with the highest probability; the first in order wins a tie."""
    if not probs:
        raise ValueError("probs is empty: expected at least one label")
    best = None
    for label, p in probs.items():
        if best is None or p > probs[best]:
            best = label
    return best  # type: ignore[return-value]


def accuracy(model: Classifier, examples: Iterable[Labelled], task: str = "sentiment") -> float:
    """Share of `examples` whose `task` attribute (e.g. "sentiment") the model predicts.

    Raises ValueError when there are no examples or they lack the attribute.
    """
    examples = list(examples)
    if not examples:
        raise ValueError("accuracy needs at least one example, got none")
    if not hasattr(examples[0], task):
        raise ValueError(f"examples have no attribute {task!r}; use 'sentiment' or 'topic'")
    hits = sum(model.predict(ex.text) == getattr(ex, task) for ex in examples)
    return hits / len(examples)


def check_choice(name: str, value: object, allowed: Sequence[object]) -> None:
    """Raise ValueError unless `value` is one of `allowed`."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")


def check_positive_int(name: str, value: object, minimum: int = 1) -> None:
    """Raise ValueError unless `value` is an int >= `minimum`."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")


def check_probability(name: str, value: object) -> None:
    """Raise ValueError unless `value` is a number in [0, 1]."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
