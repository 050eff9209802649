"""The one interface every classifier in `pft` shares, and helpers around it.

- [`Classifier`][pft.adapt.classifier.Classifier]: a `typing.Protocol` with `labels`,
  `predict_proba(text)`, `predict(text)` and `trainable_parameters()`. Prompted
  language models, trained logistic regressions and fine-tuned models all satisfy it,
  so an experiment can swap one for another without glue code.
- `accuracy(model, examples, task="sentiment")`: the share of examples whose
  label the model predicts.
- `argmax_label(probs)`: the most probable label, ties broken by label order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, runtime_checkable

__all__ = ["Classifier", "Labelled", "accuracy", "argmax_label"]


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
    """Anything with a text and label attributes, such as `pft.substrate.world.Example`."""

    text: str


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
