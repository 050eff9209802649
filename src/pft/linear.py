"""Bag-of-words logistic regression, trained from zero or on top of a prompt.

The model scores each label ``y`` of a text ``x`` as

    s_y(x) = b_y + sum_j W[y][j] * count_j(x) + a * log q_y(x)

and predicts ``softmax(s)``. ``count_j(x)`` is how often vocabulary word ``j``
occurs in ``x``. The last term is optional: ``q`` is the label distribution of
a prompted language model (a template plus verbaliser words), and ``a`` a
learned scale that starts at 1.

Why a prior logit rather than weights copied from the language model: the
prompted model is not a bag of words (it reads word order and context), so no
setting of ``W`` reproduces it exactly. Adding its log-probabilities as a fixed
input does: with ``W = 0``, ``b = 0`` and ``a = 1`` the classifier predicts
exactly what the prompt predicts, and training learns a correction on top. The
scale ``a`` lets the data turn the prompt down where it misleads. This mirrors
Le Scao & Rush (2021), who compare a classifier head trained from scratch with
fine-tuning that keeps the prompt and verbaliser.

Training is full-batch gradient descent on the mean cross-entropy plus an L2
penalty ``l2/2 * |W|^2``; it is deterministic (no sampling at all). Texts are
tokenised with `pft.world.tokenize` and the vocabulary is `pft.world.VOCAB`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from pft import compute
from pft.base import Classifier, argmax_label, check_positive_int
from pft.world import VOCAB, tokenize

__all__ = ["LogisticRegression", "Prior", "bag_of_words", "memoize"]

Prior = Callable[[str], Mapping[str, float]]
"""A text -> label probabilities function, such as a prompted model's `predict_proba`."""

_INDEX = {word: i for i, word in enumerate(VOCAB)}


def bag_of_words(text: str) -> list[tuple[int, int]]:
    """Sorted ``(vocabulary index, count)`` pairs of the words in ``text``."""
    counts: dict[int, int] = {}
    for token in tokenize(text):
        j = _INDEX[token]
        counts[j] = counts.get(j, 0) + 1
    return sorted(counts.items())


def memoize(classifier: Classifier) -> Prior:
    """``classifier.predict_proba`` with a cache, so a prompt prior is computed once per text.

    Share one memoized prior between several classifiers trained on the same
    texts; a prompted language model is far slower than the linear model.
    """
    cache: dict[str, dict[str, float]] = {}

    def prior(text: str) -> dict[str, float]:
        if text not in cache:
            cache[text] = dict(classifier.predict_proba(text))
        return cache[text]

    return prior


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


class LogisticRegression:
    """Softmax regression over bag-of-words counts, optionally on top of a prompt prior.

    Args:
        labels: The label set, in a fixed order.
        prior: Label probabilities from a prompt, added as ``a * log q``; ``None`` starts from zero.
        task: Which attribute of a training example holds its label (``"sentiment"`` or ``"topic"``).
        lr: Gradient-descent step size.
        steps: Number of full-batch steps `fit` takes.
        l2: Strength of the L2 penalty on ``W``.

    Raises:
        ValueError: On fewer than two labels, duplicate labels, or a non-positive ``lr``, ``steps`` or ``l2 < 0``.
    """

    def __init__(
        self,
        labels: Sequence[str],
        *,
        prior: Prior | None = None,
        task: str = "sentiment",
        lr: float = 2.0,
        steps: int = 60,
        l2: float = 1e-3,
    ) -> None:
        labels = tuple(labels)
        if len(labels) < 2 or len(set(labels)) != len(labels):
            raise ValueError(f"labels must be at least two distinct names, got {labels!r}")
        if not isinstance(lr, (int, float)) or lr <= 0:
            raise ValueError(f"lr must be a number > 0, got {lr!r}")
        check_positive_int("steps", steps)
        if not isinstance(l2, (int, float)) or l2 < 0:
            raise ValueError(f"l2 must be a number >= 0, got {l2!r}")
        self.labels = labels
        self.prior = prior
        self.task = task
        self.lr = float(lr)
        self.steps = steps
        self.l2 = float(l2)
        self.W = [[0.0] * len(VOCAB) for _ in labels]
        self.b = [0.0] * len(labels)
        self.scale = 1.0

    @classmethod
    def from_prompt(cls, prompted: Classifier, **kwargs) -> LogisticRegression:
        """A classifier whose untrained predictions equal ``prompted``'s (memoized)."""
        return cls(prompted.labels, prior=memoize(prompted), **kwargs)

    # ------------------------------------------------------------------ model

    def _log_prior(self, text: str) -> list[float]:
        if self.prior is None:
            return [0.0] * len(self.labels)
        q = self.prior(text)
        return [math.log(max(q[y], 1e-12)) for y in self.labels]

    def _scores(self, features: list[tuple[int, int]], log_q: list[float]) -> list[float]:
        compute.add(len(self.labels) * (len(features) + 1), "forward")
        return [
            self.b[k] + sum(w[j] * c for j, c in features) + self.scale * log_q[k]
            for k, w in enumerate(self.W)
        ]

    def predict_proba(self, text: str) -> dict[str, float]:
        """Probability of each label for ``text``; the values sum to one."""
        probs = _softmax(self._scores(bag_of_words(text), self._log_prior(text)))
        return dict(zip(self.labels, probs))

    def predict(self, text: str) -> str:
        """The most probable label."""
        return argmax_label(self.predict_proba(text))

    def trainable_parameters(self) -> int:
        """Weights, biases and (with a prior) the prior's scale."""
        return len(self.labels) * (len(VOCAB) + 1) + (1 if self.prior is not None else 0)

    # --------------------------------------------------------------- training

    def _prepare(self, examples: Sequence) -> list[tuple[list[tuple[int, int]], list[float], int]]:
        data = []
        for ex in examples:
            label = getattr(ex, self.task, None)
            if label not in self.labels:
                raise ValueError(f"example label {label!r} (attribute {self.task!r}) is not one of {list(self.labels)}")
            data.append((bag_of_words(ex.text), self._log_prior(ex.text), self.labels.index(label)))
        return data

    def _loss_and_grads(self, data) -> tuple[float, dict]:
        n_labels, n = len(self.labels), len(data)
        gW = [[self.l2 * w for w in row] for row in self.W]
        gb = [0.0] * n_labels
        g_scale = 0.0
        loss = 0.5 * self.l2 * sum(w * w for row in self.W for w in row)
        for features, log_q, target in data:
            probs = _softmax(self._scores(features, log_q))
            loss -= math.log(max(probs[target], 1e-300)) / n
            for k in range(n_labels):
                g = (probs[k] - (k == target)) / n
                gb[k] += g
                g_scale += g * log_q[k]
                row = gW[k]
                for j, c in features:
                    row[j] += g * c
            compute.add(n_labels * (len(features) + 1), "backward")
        return loss, {"W": gW, "b": gb, "scale": g_scale}

    def loss_and_grads(self, examples: Sequence) -> tuple[float, dict]:
        """Mean cross-entropy plus L2 penalty on ``examples``, and its gradient.

        Returns:
            ``(loss, grads)`` with ``grads["W"]`` (labels x vocabulary), ``grads["b"]``
            and ``grads["scale"]`` (zero when there is no prior).
        """
        return self._loss_and_grads(self._prepare(examples))

    def fit(self, examples: Sequence) -> LogisticRegression:
        """Train on labelled ``examples`` (none is allowed: the model stays as it is)."""
        data = self._prepare(examples)
        if not data:
            return self
        for _ in range(self.steps):
            _, grads = self._loss_and_grads(data)
            for row, grow in zip(self.W, grads["W"]):
                for j, g in enumerate(grow):
                    if g:
                        row[j] -= self.lr * g
            self.b = [b - self.lr * g for b, g in zip(self.b, grads["b"])]
            if self.prior is not None:
                self.scale -= self.lr * grads["scale"]
            compute.add(self.trainable_parameters(), "update")
        return self
