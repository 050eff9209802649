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
from pft.experiments.effects import TRAINING, Effect
from pft.experiments.settings import DomainText
from pft.render.charts import Chart, bar_chart
from pft.render.tables import text_table
from pft.substrate.checks import check_probability
from pft.substrate.lm import TinyLM

__all__ = ["EFFECTS", "Result", "Row", "Settings", "run"]


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
class Row(result.Row):
    """One method: how many weights it trains and its perplexity on each kind of text."""

    method: str
    trainable: int
    general: float
    domain: float


@dataclass(frozen=True)
class Result(result.Rows[Row]):
    """Perplexities before and after each way of adapting to ``domain``.

    Rows: "pretrained", "fine-tuned", "+ L2 pull", "+ replay".
    """

    domain: str

    def forgetting(self, method: str) -> float:
        """Rise in general-text perplexity over the pretrained model."""
        return self.row(method).general - self.row("pretrained").general

    def gain(self, method: str) -> float:
        """Fall in domain-text perplexity from the pretrained model."""
        return self.row("pretrained").domain - self.row(method).domain

    def table(self) -> str:
        """The results as an aligned text table."""
        return text_table("{method:<12} {trainable:>8} {general:>12.2f} {domain:>14.2f}",
                          ("method", "trained", "general ppl", f"{self.domain} ppl"), self.rows)

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
    return Result(tuple(rows), s.domain)


PAGE = "fine-tuning/adaptability"

EFFECTS = (
    Effect(
        "domain-gain", PAGE,
        "Training on medical text lowers the model's perplexity on held-out medical text by more than a tenth.",
        holds=lambda r: r.gain("fine-tuned") > 0.10 * r.row("pretrained").domain,
        measure=lambda r: -r.gain("fine-tuned"), unit="perplexity", mean_at_least=None,
        mechanism="next-word training on the domain's documents", origin=TRAINING),
    Effect(
        "forgetting", PAGE,
        "It raises the perplexity on general text by more than a tenth: the model forgets.",
        holds=lambda r: r.forgetting("fine-tuned") > 0.10 * r.row("pretrained").general,
        measure=lambda r: r.forgetting("fine-tuned"), unit="perplexity", mean_at_least=0.3,
        mechanism="the same weights serve both kinds of text, and some words mean the opposite in medicine "
                  "(the reversal is written into the world by hand)",
        origin=TRAINING),
    Effect(
        "l2-forgets-less", PAGE,
        "The L2 pull towards the pretrained weights forgets at most three quarters as much as plain "
        "fine-tuning (the share of the forgetting it avoids is shown).",
        holds=lambda r: r.forgetting("+ L2 pull") < 0.75 * r.forgetting("fine-tuned"),
        measure=lambda r: 1 - r.forgetting("+ L2 pull") / r.forgetting("fine-tuned"), unit="percent",
        mean_at_least=0.3,
        mechanism=f"a pull of strength {Settings.anchor} (set by hand) towards the pretrained weights during training",
        origin=TRAINING),
    Effect(
        "l2-keeps-gain", PAGE,
        "The L2 pull keeps at least 85% of plain fine-tuning's gain on the domain (the share kept is "
        "shown): in this toy it costs almost nothing.",
        holds=lambda r: r.gain("+ L2 pull") >= 0.85 * r.gain("fine-tuned"),
        measure=lambda r: r.gain("+ L2 pull") / r.gain("fine-tuned"), unit="percent", mean_at_least=0.9,
        mechanism="the domain needs small changes to few weights, which a weak pull barely resists",
        origin=TRAINING),
    Effect(
        "replay-forgets-less", PAGE,
        "Replaying general text in every batch also forgets less than plain fine-tuning on average (the share "
        "of the forgetting it avoids is shown).",
        measure=lambda r: 1 - r.forgetting("+ replay") / r.forgetting("fine-tuned"), unit="percent",
        mean_at_least=0.15,
        mechanism="half of every batch is general text (a share set by hand)", origin=TRAINING,
        revised="until December 2026 this sentence added \"though not on every seed\", which no reporting seed "
                "and no seed of a later check on seeds no one had used bore out"),
    Effect(
        "replay-gains-less", PAGE,
        "Replay gives up part of the gain on the domain on average, since half of each batch is general "
        "text; on single seeds it can gain more or less than plain fine-tuning (the share of the gain it "
        "gives up is shown).",
        measure=lambda r: 1 - r.gain("+ replay") / r.gain("fine-tuned"), unit="percent", mean_at_least=0.2,
        not_always=0.0,
        mechanism="the same number of steps, half of them spent on general text", origin=TRAINING),
)
