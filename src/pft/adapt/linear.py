"""Bag-of-words logistic regression, trained from zero or on top of a prompt.

The model scores each label ``y`` of a text ``x`` as

    s_y(x) = b_y + sum_j W[y][j] * x_j + a * log q_y(x)

and predicts ``softmax(s)``. ``x_j`` counts vocabulary word ``j`` in the text,
with the count vector scaled to unit length. The last term is optional: ``q`` is the label distribution of
a prompted language model (a template plus verbaliser words), and ``a`` a
learned scale that starts at 1.

Why a prior logit rather than weights copied from the language model: the
prompted model is not a bag of words (it reads word order and context), so no
setting of ``W`` reproduces it exactly. Adding its log-probabilities as a fixed
input does: with ``W = 0``, ``b = 0`` and ``a = 1`` the classifier predicts
exactly what the prompt predicts, and training learns a correction on top. The
scale ``a`` lets the data turn the prompt down where it misleads; it is kept at
or above zero, so a few unlucky examples can silence the prompt but never make
the classifier read it backwards. This mirrors
Le Scao & Rush (2021), who compare a classifier head trained from scratch with
fine-tuning that keeps the prompt and verbaliser.

Training minimises the mean cross-entropy over ``n`` examples plus an L2
penalty ``l2/(2n) * (|W|^2 + |b|^2 + (a - 1)^2)``, which pulls every parameter
towards its starting point (a Gaussian prior of precision ``l2``): with few
examples the model stays near the prompt (or near uniform, without one). It
uses full-batch Adam, whose per-weight step sizes let rare words learn as fast
as common ones, and it is deterministic (no sampling at all). Texts are
tokenised with `pft.substrate.world.tokenize`; the vocabulary is `pft.substrate.world.VOCAB`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from math import sumprod

from pft.adapt.classifier import Classifier, argmax_label
from pft.substrate import compute
from pft.substrate.checks import check_number, check_positive_int
from pft.substrate.maths import PROB_FLOOR, softmax
from pft.substrate.optim import Adam
from pft.substrate.world import VOCAB, tokenize

__all__ = ["Fitting", "LogisticRegression", "Prior", "bag_of_words", "memoize"]

Prior = Callable[[str], Mapping[str, float]]
"""A text -> label probabilities function, such as a prompted model's `predict_proba`."""

_INDEX = {word: i for i, word in enumerate(VOCAB)}


def bag_of_words(text: str) -> list[tuple[int, float]]:
    """Sorted ``(vocabulary index, weight)`` pairs: word counts of ``text`` scaled to unit length.

    Scaling keeps every feature vector's length at 1, so one step size suits
    short and long texts alike.
    """
    counts: dict[int, int] = {}
    for token in tokenize(text):
        j = _INDEX[token]
        counts[j] = counts.get(j, 0) + 1
    norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
    return [(j, c / norm) for j, c in sorted(counts.items())]


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


def _split(features: list[tuple[int, float]]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    if not features:
        return (), ()
    idx, vals = zip(*features)
    return idx, vals


@dataclass(frozen=True)
class Fitting:
    """How `LogisticRegression.fit` trains: ``steps`` full-batch Adam steps of size ``lr``, with an L2 pull.

    ``l2`` is the strength of the pull of ``W``, ``b`` and ``a`` towards their starting values; it is
    divided by the number of training examples, as a Gaussian prior of precision ``l2`` would be.
    """

    lr: float = 0.1
    steps: int = 30
    l2: float = 0.5

    def __post_init__(self) -> None:
        check_number("lr", self.lr, positive=True)
        check_positive_int("steps", self.steps)
        check_number("l2", self.l2)


class LogisticRegression:
    """Softmax regression over bag-of-words counts, optionally on top of a prompt prior.

    Args:
        labels: The label set, in a fixed order.
        prior: Label probabilities from a prompt, added as ``a * log q``; ``None`` starts from zero.
        task: Which attribute of a training example holds its label (``"sentiment"`` or ``"topic"``).
        fitting: How `fit` trains.

    Raises:
        ValueError: On fewer than two labels or duplicate labels.
    """

    def __init__(
        self,
        labels: Sequence[str],
        *,
        prior: Prior | None = None,
        task: str = "sentiment",
        fitting: Fitting = Fitting(),
    ) -> None:
        labels = tuple(labels)
        if len(labels) < 2 or len(set(labels)) != len(labels):
            raise ValueError(f"labels must be at least two distinct names, got {labels!r}")
        self.labels = labels
        self.prior = prior
        self.task = task
        self.fitting = fitting
        self.W = [[0.0] * len(VOCAB) for _ in labels]
        self.b = [0.0] * len(labels)
        self.scale = 1.0

    # ------------------------------------------------------------------ model

    def _log_prior(self, text: str) -> list[float]:
        if self.prior is None:
            return [0.0] * len(self.labels)
        q = self.prior(text)
        return [math.log(max(q[y], PROB_FLOOR)) for y in self.labels]

    def _scores(self, idx: tuple[int, ...], vals: tuple[float, ...], log_q: list[float]) -> list[float]:
        compute.add(len(self.labels) * (len(idx) + 1), "forward")
        return [
            b + sumprod(map(w.__getitem__, idx), vals) + self.scale * lq
            for w, b, lq in zip(self.W, self.b, log_q)
        ]

    def predict_proba(self, text: str) -> dict[str, float]:
        """Probability of each label for ``text``; the values sum to one."""
        probs = softmax(self._scores(*_split(bag_of_words(text)), self._log_prior(text)))
        return dict(zip(self.labels, probs))

    def predict(self, text: str) -> str:
        """The most probable label."""
        return argmax_label(self.predict_proba(text))

    def trainable_parameters(self) -> int:
        """Weights, biases and (with a prior) the prior's scale."""
        return len(self.labels) * (len(VOCAB) + 1) + (1 if self.prior is not None else 0)

    # --------------------------------------------------------------- training

    def _prepare(self, examples: Sequence) -> list[tuple[tuple[int, ...], tuple[float, ...], list[float], int]]:
        data = []
        for ex in examples:
            label = getattr(ex, self.task, None)
            if label not in self.labels:
                raise ValueError(f"example label {label!r} (attribute {self.task!r}) is not one of {list(self.labels)}")
            data.append((*_split(bag_of_words(ex.text)), self._log_prior(ex.text), self.labels.index(label)))
        return data

    def _loss_and_grads(self, data) -> tuple[float, dict]:
        n_labels, n = len(self.labels), len(data)
        # The penalty is divided by n like the data term: a Gaussian prior, strong when data are few.
        l2 = self.fitting.l2 / max(n, 1)
        gW = [[l2 * w for w in row] for row in self.W]
        gb = [l2 * b for b in self.b]
        g_scale = l2 * (self.scale - 1.0)
        loss = 0.5 * l2 * (sum(w * w for row in self.W for w in row) + sum(b * b for b in self.b)
                                + (self.scale - 1.0) ** 2)
        for idx, vals, log_q, target in data:
            probs = softmax(self._scores(idx, vals, log_q))
            loss -= math.log(max(probs[target], 1e-300)) / n
            for k in range(n_labels):
                g = (probs[k] - (k == target)) / n
                gb[k] += g
                g_scale += g * log_q[k]
                row = gW[k]
                for j, c in zip(idx, vals):
                    row[j] += g * c
            compute.add(n_labels * (len(idx) + 1), "backward")
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
        params = {"W": self.W, "b": self.b, "scale": [self.scale]}
        names = ("W", "b", "scale") if self.prior is not None else ("W", "b")
        opt = Adam(params, lr=self.fitting.lr, names=names)
        for _ in range(self.fitting.steps):
            _, grads = self._loss_and_grads(data)
            grads["scale"] = [grads["scale"]]
            opt.step(grads)
            # A prompt may be ignored (scale 0) but never read backwards (scale < 0).
            params["scale"][0] = max(params["scale"][0], 0.0)
            self.b, self.scale = params["b"], params["scale"][0]
        return self
