"""Full fine-tuning of the language model, with two guards against forgetting.

`FullFineTune` continues training every weight of a copy of a `pft.substrate.lm.TinyLM`
(the base is never modified) on new text, with Adam. It has the same small
interface as `pft.adapt.lora.LoRA`: ``fit(docs, steps=..., batch=..., lr=...)``,
``merged()`` (the tuned model) and ``trainable_parameters()``, so experiments
swap one for the other. ``fit_answers(pairs, ...)`` is the supervised variant:
it scores only the answer word that follows each prompt.

Two options reduce catastrophic forgetting of what the base knew:

* ``anchor``: an L2 pull towards the pretrained weights, adding
  ``anchor * (theta - theta_pretrained)`` to every gradient. Elastic weight
  consolidation (Kirkpatrick et al. 2017) weights this pull by how much each
  weight mattered for the old data; the uniform version here is the simplest
  member of that family (it is also called L2-SP).
* ``mix_docs`` and ``mix``: replay. Each batch takes a share ``mix`` of its
  documents from ``mix_docs`` (typically general text) instead of new text.

Training is deterministic: batches walk through the documents in order.
"""

from __future__ import annotations

from collections.abc import Sequence

from pft.substrate.checks import check_positive_int, check_probability
from pft.substrate.lm import TinyLM
from pft.substrate.optim import Adam, batch_at

__all__ = ["FullFineTune"]


def _pull(grads: dict[str, list], params: dict[str, list], anchor_params: dict[str, list], strength: float) -> None:
    for name, g in grads.items():
        p, p0 = params[name], anchor_params[name]
        if g and isinstance(g[0], list):
            grads[name] = [[gi + strength * (a - b) for gi, a, b in zip(gr, pr, p0r)]
                           for gr, pr, p0r in zip(g, p, p0)]
        else:
            grads[name] = [gi + strength * (a - b) for gi, a, b in zip(g, p, p0)]


class FullFineTune:
    """Continue training all weights of a copy of ``base``.

    Args:
        base: The pretrained model; it is copied, never modified.
        anchor: Strength of the L2 pull towards the pretrained weights (0 = none).
        mix_docs: Documents to replay during training (e.g. general text).
        mix: Share of each batch taken from ``mix_docs`` (0 to 1).

    Raises:
        ValueError: If ``anchor < 0``, ``mix`` is outside [0, 1], or ``mix > 0`` without ``mix_docs``.
    """

    def __init__(self, base: TinyLM, *, anchor: float = 0.0, mix_docs: Sequence[str] = (), mix: float = 0.0) -> None:
        if not isinstance(anchor, (int, float)) or anchor < 0:
            raise ValueError(f"anchor must be a number >= 0, got {anchor!r}")
        check_probability("mix", mix)
        if mix > 0 and not mix_docs:
            raise ValueError("mix > 0 needs mix_docs: documents to replay")
        self.base = base
        self.model = base.copy()
        self.anchor = float(anchor)
        self.mix = float(mix)
        self._replay = [ids for ids in (base.encode(d) for d in mix_docs) if len(ids) >= 2]

    def trainable_parameters(self) -> int:
        """Every weight of the model."""
        return self.model.trainable_parameters()

    def merged(self) -> TinyLM:
        """The fine-tuned model (the object being trained; copy it to keep a snapshot)."""
        return self.model

    def fit(self, docs: Sequence[str], *, steps: int, batch: int = 8, lr: float = 0.03) -> FullFineTune:
        """Train with Adam for ``steps`` batches of ``batch`` documents on next-token prediction."""
        check_positive_int("steps", steps)
        check_positive_int("batch", batch)
        seqs = self.model.training_sequences(docs)
        n_replay = round(batch * self.mix)
        opt = Adam(self.model.params, lr=lr)
        for step in range(steps):
            chunk = batch_at(seqs, step, batch - n_replay) + batch_at(self._replay, step, n_replay)
            _, grads = self.model.batch_loss_and_grads(chunk)
            if self.anchor:
                _pull(grads, self.model.params, self.base.params, self.anchor)
            opt.step(grads)
        return self

    def fit_answers(self, pairs: Sequence[tuple[str, str]], *, steps: int, batch: int = 8,
                    lr: float = 0.03) -> FullFineTune:
        """Supervised fine-tuning: learn to say ``answer`` after ``prompt``, for each ``(prompt, answer)``.

        Only the answer's first token is scored (the prompt's own tokens carry no loss), as in
        prompt-based fine-tuning of a classifier through its verbaliser words.
        """
        check_positive_int("steps", steps)
        check_positive_int("batch", batch)
        if not pairs:
            raise ValueError("pairs is empty: give at least one (prompt, answer) pair")
        seqs, weights = [], []
        for prompt, answer in pairs:
            p_ids, a_ids = self.model.encode(prompt), self.model.encode(answer)
            if not p_ids or not a_ids:
                raise ValueError(f"prompt and answer must both hold a word, got {(prompt, answer)!r}")
            seqs.append(p_ids + a_ids[:1])
            weights.append([0.0] * (len(p_ids) - 1) + [1.0])
        opt = Adam(self.model.params, lr=lr)
        for step in range(steps):
            start = (step * batch) % len(seqs)
            idx = [(start + i) % len(seqs) for i in range(min(batch, len(seqs)))]
            _, grads = self.model.batch_loss_and_grads([seqs[i] for i in idx], [weights[i] for i in idx])
            if self.anchor:
                _pull(grads, self.model.params, self.base.params, self.anchor)
            opt.step(grads)
        return self
