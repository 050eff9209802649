"""The one interface and the one training loop of the methods that train a language model.

Full fine-tuning ([`FullFineTune`][pft.adapt.finetune.FullFineTune]), a low-rank adapter
([`LoRA`][pft.adapt.lora.LoRA]) and a soft prompt ([`SoftPrompt`][pft.adapt.softprompt.SoftPrompt])
differ in which numbers they train (`params`) and in how those numbers change the frozen
base model (`merged()`, `loss_and_grads`). How they are trained is the same, so it is
written once, here: [`Adapter`][pft.adapt.training.Adapter] states the interface, and its
`fit` and `fit_answers` run the loop for every method that subclasses it.

The loop is deterministic: Adam, with batches that walk through the documents in order
and wrap round ([`batch_at`][pft.substrate.optim.batch_at]); a share `mix` of each batch
may replay other documents (typically general text, against forgetting).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, Self, runtime_checkable

from pft.substrate.checks import check_number, check_positive_int, check_probability
from pft.substrate.lm import Grads, TinyLM
from pft.substrate.optim import Adam, batch_at

__all__ = ["Adapter", "Budget", "train"]


@dataclass(frozen=True)
class Budget:
    """How long and how hard to train: ``steps`` batches of ``batch`` sequences, Adam step size ``lr``."""

    steps: int
    batch: int = 8
    lr: float = 0.03

    def __post_init__(self) -> None:
        check_positive_int("steps", self.steps)
        check_positive_int("batch", self.batch)
        check_number("lr", self.lr, positive=True)


@runtime_checkable
class Adapter(Protocol):
    """A trainable change to a frozen base language model; subclass it to get `fit` and `fit_answers`."""

    base: TinyLM
    params: dict[str, list]
    """The numbers training changes, by name (what `Adam` updates)."""

    def loss_and_grads(self, batch: Sequence[Sequence[int]],
                       weights: Sequence[Sequence[float]] | None = None) -> tuple[float, Grads]:
        """Weighted mean next-token loss over ``batch`` (token ids) and its gradient for each of `params`."""
        ...

    def merged(self) -> TinyLM:
        """The adapted model as a plain `TinyLM`."""
        ...

    def trainable_parameters(self) -> int:
        """How many numbers training changes."""
        ...

    def perplexity(self, docs: Sequence[str]) -> float:
        """Perplexity of the adapted model on ``docs`` (that of `merged()`)."""
        return self.merged().perplexity(docs)

    def fit(self, docs: Sequence[str], budget: Budget, *, replay: Sequence[str] = (), mix: float = 0.0) -> Self:
        """Train on next-token prediction over ``docs``; a share ``mix`` of each batch replays ``replay``."""
        check_probability("mix", mix)
        replayed = [ids for ids in (self.base.encode(d) for d in replay) if len(ids) >= 2]
        if mix > 0 and not replayed:
            raise ValueError("mix > 0 needs replay: documents of 2 or more tokens to replay")
        train(self, self.base.training_sequences(docs), budget, replay=replayed, mix=mix)
        return self

    def fit_answers(self, pairs: Sequence[tuple[str, str]], budget: Budget) -> Self:
        """Supervised training: learn to say ``answer`` after ``prompt``, for each ``(prompt, answer)``.

        Only the answer's first token is scored (the prompt's own tokens carry no loss), as in
        prompt-based fine-tuning of a classifier through its verbaliser words.
        """
        if not pairs:
            raise ValueError("pairs is empty: give at least one (prompt, answer) pair")
        seqs, weights = [], []
        for prompt, answer in pairs:
            p_ids, a_ids = self.base.encode(prompt), self.base.encode(answer)
            if not p_ids or not a_ids:
                raise ValueError(f"prompt and answer must both hold a word, got {(prompt, answer)!r}")
            seqs.append(p_ids + a_ids[:1])
            weights.append([0.0] * (len(p_ids) - 1) + [1.0])
        train(self, seqs, budget, weights=weights)
        return self


def train(adapter: Adapter, seqs: list[list[int]], budget: Budget, *,
          weights: list[list[float]] | None = None, replay: list[list[int]] = (), mix: float = 0.0) -> None:
    """The training loop: ``budget.steps`` Adam steps on ``adapter.params``, in place.

    Each batch takes ``budget.batch`` sequences from ``seqs`` in order (with their
    per-token ``weights``, if given), of which a share ``mix`` comes from ``replay`` instead.
    """
    n_replay = round(budget.batch * mix)
    index = list(range(len(seqs)))
    opt = Adam(adapter.params, lr=budget.lr)
    for step in range(budget.steps):
        chosen = batch_at(index, step, budget.batch - n_replay)
        extra = batch_at(list(replay), step, n_replay)
        batch = [seqs[i] for i in chosen] + extra
        w = None if weights is None else [weights[i] for i in chosen] + [[1.0] * (len(s) - 1) for s in extra]
        opt.step(adapter.loss_and_grads(batch, w)[1])
