"""Experiment 5: continued training on domain text, and the forgetting it causes.

The pretrained model is trained further on unlabelled text from one domain
(Gururangan et al. 2020 call this domain-adaptive pretraining). Its perplexity
on held-out domain text falls; its perplexity on general text rises: it
forgets (Kirkpatrick et al. 2017). Two mitigations with the same training
budget: an L2 pull towards the pretrained weights, and replaying general text
in every batch. A frozen base with an adapter forgets nothing by construction
when the adapter is switched off, so it is not run here (see experiment 6).
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.substrate.checks import check_choice
from pft.render.charts import Chart, bar_chart
from pft.adapt.finetune import FullFineTune
from pft.substrate.lm import TinyLM
from pft.substrate.world import DOMAINS, World

__all__ = ["Row", "Result", "run", "SETTINGS"]

SETTINGS = {"train_docs": 36, "eval_docs": 16, "steps": 6, "batch": 6, "lr": 0.03, "anchor": 0.05, "mix": 0.5}
"""Training budget shared by every method, and the strength of each mitigation."""


@dataclass(frozen=True)
class Row:
    """One method: how many weights it trains and its perplexity on each kind of text."""

    method: str
    trainable: int
    general: float
    domain: float


@dataclass(frozen=True)
class Result:
    """Perplexities before and after each way of adapting to ``domain``."""

    domain: str
    rows: tuple[Row, ...]

    def row(self, method: str) -> Row:
        """The row of ``method`` ("pretrained", "fine-tuned", "+ L2 pull", "+ replay")."""
        return next(r for r in self.rows if r.method == method)

    def forgetting(self, method: str) -> float:
        """Rise in general-text perplexity over the pretrained model."""
        return self.row(method).general - self.row("pretrained").general

    def gain(self, method: str) -> float:
        """Fall in domain-text perplexity from the pretrained model."""
        return self.row("pretrained").domain - self.row(method).domain

    def table(self) -> str:
        """The results as an aligned text table."""
        lines = [f"{'method':<12} {'trained':>8} {'general ppl':>12} {self.domain + ' ppl':>14}"]
        for r in self.rows:
            lines.append(f"{r.method:<12} {r.trainable:>8} {r.general:>12.2f} {r.domain:>14.2f}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """Grouped bars: general and domain perplexity for each method."""
        return bar_chart(
            f"Adapting to {self.domain} text: perplexity (lower is better)", "method", "perplexity",
            [r.method for r in self.rows],
            {"general text": [r.general for r in self.rows], f"{self.domain} text": [r.domain for r in self.rows]},
        )


def run(domain: str = "medicine", seed: int = 0) -> Result:
    """Adapt the pretrained model to ``domain`` three ways and measure both perplexities.

    ``seed`` picks the world (and so every corpus); the pretrained model is the shipped one.
    """
    check_choice("domain", domain, DOMAINS[1:])
    s = SETTINGS
    world = World(seed=seed)
    train = world.corpus(domain, s["train_docs"], seed=1)
    replay = world.corpus("general", s["train_docs"], seed=1)
    held_general = world.corpus("general", s["eval_docs"], seed=2)
    held_domain = world.corpus(domain, s["eval_docs"], seed=2)
    base = TinyLM.pretrained()

    def measure(method: str, model: TinyLM, trainable: int) -> Row:
        return Row(method, trainable, model.perplexity(held_general), model.perplexity(held_domain))

    rows = [measure("pretrained", base, 0)]
    for method, tuner in (
        ("fine-tuned", FullFineTune(base)),
        ("+ L2 pull", FullFineTune(base, anchor=s["anchor"])),
        ("+ replay", FullFineTune(base, mix_docs=replay, mix=s["mix"])),
    ):
        tuner.fit(train, steps=s["steps"], batch=s["batch"], lr=s["lr"])
        rows.append(measure(method, tuner.merged(), tuner.trainable_parameters()))
    return Result(domain, tuple(rows))
