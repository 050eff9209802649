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

from pft.adapt.finetune import FullFineTune
from pft.adapt.training import Budget
from pft.experiments import result
from pft.experiments.settings import DomainText
from pft.render.charts import Chart, bar_chart
from pft.substrate.checks import check_probability
from pft.substrate.lm import TinyLM

__all__ = ["Result", "Row", "Settings", "run"]


@dataclass(frozen=True)
class Settings(DomainText):
    """The domain, the training budget every method shares, and the strength of each mitigation."""

    eval_docs: int = 16
    """Held-out documents of each kind perplexity is measured on."""
    training: Budget = Budget(steps=6, batch=6, lr=0.03)
    anchor: float = 0.05
    """Strength of the L2 pull towards the pretrained weights."""
    mix: float = 0.5
    """Share of each batch that replays general text."""

    def __post_init__(self) -> None:
        super().__post_init__()
        check_probability("mix", self.mix)


@dataclass(frozen=True)
class Row:
    """One method: how many weights it trains and its perplexity on each kind of text."""

    method: str
    trainable: int
    general: float
    domain: float

    @property
    def key(self) -> str:
        return self.method


@dataclass(frozen=True)
class Result(result.Result):
    """Perplexities before and after each way of adapting to ``domain``.

    Rows: "pretrained", "fine-tuned", "+ L2 pull", "+ replay".
    """

    domain: str
    rows: tuple[Row, ...]
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


def run(*, seed: int = 0, settings: Settings = Settings()) -> Result:
    """Adapt the pretrained model to the domain three ways and measure both perplexities.

    ``seed`` picks the world (and so every corpus); the pretrained model is the shipped one.
    """
    s = settings
    train, held_domain = s.documents(seed)
    replay, held_general = s.documents(seed, "general")
    base = TinyLM.pretrained()

    def measure(method: str, model: TinyLM, trainable: int) -> Row:
        return Row(method, trainable, model.perplexity(held_general), model.perplexity(held_domain))

    rows = [measure("pretrained", base, 0)]
    for method, tuner in (
        ("fine-tuned", FullFineTune(base).fit(train, s.training)),
        ("+ L2 pull", FullFineTune(base, anchor=s.anchor).fit(train, s.training)),
        ("+ replay", FullFineTune(base).fit(train, s.training, replay=replay, mix=s.mix)),
    ):
        rows.append(measure(method, tuner.merged(), tuner.trainable_parameters()))
    return Result(s.domain, tuple(rows))
