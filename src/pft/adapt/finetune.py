"""Full fine-tuning of the language model, with a guard against forgetting.

[`FullFineTune`][pft.adapt.finetune.FullFineTune] continues training every weight of a copy
of a `pft.substrate.lm.TinyLM` (the base is never modified) on new text. It is an
[`Adapter`][pft.adapt.training.Adapter], trained by the same loop as the low-rank adapter
and the soft prompt, so experiments swap one for the other.

Two ways reduce catastrophic forgetting of what the base knew:

* ``anchor``: an L2 pull towards the pretrained weights, adding
  ``anchor * (theta - theta_pretrained)`` to every gradient. Elastic weight
  consolidation (Kirkpatrick et al. 2017) weights this pull by how much each
  weight mattered for the old data; the uniform version here is the simplest
  member of that family (it is also called L2-SP).
* replay, which any adapter can use: ``fit(docs, budget, replay=general, mix=0.5)``
  takes a share ``mix`` of each batch from ``replay`` (typically general text) instead
  of new text.
"""

from __future__ import annotations

from collections.abc import Sequence

from pft.adapt.training import Adapter
from pft.substrate.checks import check_number
from pft.substrate.lm import Grads, TinyLM

__all__ = ["FullFineTune"]


def _pull(grads: dict[str, list], params: dict[str, list], anchor_params: dict[str, list], strength: float) -> None:
    for name, g in grads.items():
        p, p0 = params[name], anchor_params[name]
        if g and isinstance(g[0], list):
            grads[name] = [[gi + strength * (a - b) for gi, a, b in zip(gr, pr, p0r)]
                           for gr, pr, p0r in zip(g, p, p0)]
        else:
            grads[name] = [gi + strength * (a - b) for gi, a, b in zip(g, p, p0)]


class FullFineTune(Adapter):
    """Continue training all weights of a copy of ``base``.

    Args:
        base: The pretrained model; it is copied, never modified.
        anchor: Strength of the L2 pull towards the pretrained weights (0 = none).

    Raises:
        ValueError: If ``anchor < 0``.
    """

    def __init__(self, base: TinyLM, *, anchor: float = 0.0) -> None:
        check_number("anchor", anchor)
        self.base = base
        self.model = base.copy()
        self.params = self.model.params
        self.anchor = float(anchor)

    def trainable_parameters(self) -> int:
        """Every weight of the model."""
        return self.model.trainable_parameters()

    def merged(self) -> TinyLM:
        """The fine-tuned model (the object being trained; copy it to keep a snapshot)."""
        return self.model

    def loss_and_grads(self, batch: Sequence[Sequence[int]],
                       weights: Sequence[Sequence[float]] | None = None) -> tuple[float, Grads]:
        """The model's own loss and gradients, plus the pull towards the pretrained weights."""
        loss, grads = self.model.batch_loss_and_grads(batch, weights)
        if self.anchor:
            _pull(grads, self.model.params, self.base.params, self.anchor)
        return loss, grads
