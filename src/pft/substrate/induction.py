"""An induction head: the part of the model that reads the prompt and copies from it.

Large language models learn attention heads that find an earlier place in the
context where the current token also occurred, look at what came next there, and
raise the probability of that next token ("induction heads", Olsson et al. 2022).
This is much of why few-shot demonstrations and retrieved passages change what a
model says. Our tiny model is too small to learn such a head, so we build one in,
with five fixed, documented knobs; the rest of the model is learned.

At the last position t of a context (cut to the model's `context_size`), for
every earlier position j holding the same token as position t:

    score_j = match_bonus * [token before j == token before t]
              + similarity * cos(h_j - m, h_t - m)  # h: the model's hidden states,
                                                  # m: their mean over t and all j
              - recency * (t - j)               # nearer positions weigh more
              + plausibility * log p_lm(token after j)  # at t, before the head

The head's distribution puts softmax(score) weight on the token that followed
each j. Its gate g = S / (S + strength), where S counts the matches (a match of
only the current token counts exp(-match_bonus)), mixes it with the language
model: p = (1 - g) * p_lm + g * p_copy.

The plausibility term makes the query prefer positions whose copied token the
model already finds likely here: in a transformer the key of a label position
carries the label it would copy ("label words are anchors", Wang et al. 2023),
so how well the query matches it depends on whether that label suits the query.

The biases this head shows are set by hand, not learned: summing the weight of
every match makes a label that follows many demonstrations collect more
(majority-label bias), and the fixed `recency` penalty makes nearer
demonstrations weigh more (recency bias). Large models learn biases of that
shape; here they are settings (see the effects of `pft.experiments.calibration`).

What was simplified, and measured: the similarity term (a demonstration whose
text resembles the query weighs more) is off by default (`similarity=0`). With
our model's small hidden states it mostly added noise: in the experiments it
made few-shot accuracy no better and calibration less reliable, because a
content-free query's state resembles the last demonstration. So in this toy,
demonstrations teach the answer format and the label words, and bring their
biases, while judging the query is left to the language model. That matches
what Min et al. (2022) found for real models: the format and label space of the
demonstrations matter more than whether their labels are right. One consequence
shows in experiment 3: a demonstration set changes the answer to every query in
nearly the same way, so once contextual calibration divides out that lean, all
sets and orders score almost alike (a real model's demonstrations also carry
content, and calibration narrows their spread without closing it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pft.substrate import compute
from pft.substrate.checks import check_number
from pft.substrate.maths import PROB_FLOOR, softmax

__all__ = ["InductionHead"]


def _cosine(u: Sequence[float], v: Sequence[float]) -> float:
    dot = nu = nv = 0.0
    for x, y in zip(u, v):
        dot += x * y
        nu += x * x
        nv += y * y
    if nu == 0.0 or nv == 0.0:
        return 0.0
    return dot / math.sqrt(nu * nv)


@dataclass(frozen=True)
class InductionHead:
    """Fixed copy-attention over the context; see the module docstring for the formula.

    Attributes:
        match_bonus: Score for a match of the previous token too (a two-token match).
        similarity: Weight of the cosine similarity of hidden states (0 by default).
        recency: Score lost per token of distance.
        strength: Matches needed for the head to get half the say (the gate's constant).
        plausibility: Weight of the log-probability the language model gives the copied token.
    """

    match_bonus: float = 4.0
    similarity: float = 0.0
    recency: float = 0.03
    strength: float = 1.0
    plausibility: float = 1.0

    def __post_init__(self) -> None:
        for name in ("match_bonus", "similarity", "recency", "strength", "plausibility"):
            check_number(name, getattr(self, name))

    def attend(self, ids: Sequence[int], hidden: Sequence[Sequence[float]],
               lm_probs: Sequence[float] | None = None) -> tuple[float, dict[int, float]]:
        """Gate and copy distribution (token id -> probability) at the last position of `ids`.

        `hidden[j]` is the language model's hidden state at position j; `lm_probs`
        its next-token distribution at the last position (for the plausibility
        term; omitted, the term is 0). With no earlier occurrence of the last
        token the gate is 0 and the distribution empty.
        """
        t = len(ids) - 1
        if t < 2:
            return 0.0, {}
        current, before = ids[t], ids[t - 1]
        found = [j for j in range(1, t - 1) if ids[j] == current]
        if not found:
            return 0.0, {}
        # Compare states after removing what all matching positions share (the same
        # current token), so that similarity reflects what differs: the content before.
        d = len(hidden[t])
        mean = [sum(hidden[j][i] for j in found + [t]) / (len(found) + 1) for i in range(d)]
        h_t = [x - m for x, m in zip(hidden[t], mean)]
        scores: list[tuple[float, int]] = []
        support = 0.0
        for j in found:
            matched = ids[j - 1] == before
            support += 1.0 if matched else math.exp(-self.match_bonus)
            h_j = [x - m for x, m in zip(hidden[j], mean)]
            score = (self.match_bonus * matched + self.similarity * _cosine(h_j, h_t)
                     - self.recency * (t - j))
            if lm_probs is not None and self.plausibility:
                score += self.plausibility * math.log(lm_probs[ids[j + 1]] + PROB_FLOOR)
            scores.append((score, ids[j + 1]))
        compute.add(self.macs(len(scores), len(h_t)), "forward")
        copy: dict[int, float] = {}
        for p, (_, w) in zip(softmax([s for s, _ in scores]), scores):
            copy[w] = copy.get(w, 0.0) + p
        return support / (support + self.strength), copy

    def macs(self, n_candidates: int, dim: int) -> int:
        """Multiply-adds for one call with `n_candidates` matching positions (3 per cosine term)."""
        return 3 * n_candidates * dim
