"""Experiment 6b: a soft prompt against full fine-tuning, on the budget of experiment 6.

Prompt tuning (Lester et al. 2021) freezes the model and learns only a few input
vectors. Here that is `pft.adapt.softprompt.SoftPrompt`: one learned vector the model
sees at every position, as many numbers as the model is wide. It is trained on
the same documents, in the same batches and for the same steps as each adapter
of experiment 6 ([`Budgets`][pft.experiments.low_rank.Budgets]), and compared with full
fine-tuning by the share of its perplexity gain it reaches, beside a rank-1
adapter trained the same way. Lester et al. find
that prompt tuning lags full fine-tuning on small models and closes the gap only
past billions of parameters; a 16-wide toy can show the small end of that, not
the closing.
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.adapt.lora import LoRA
from pft.adapt.softprompt import SoftPrompt
from pft.experiments.effects import TRAINING, Effect
from pft.experiments.low_rank import ONE_PASS, Budgets, Row, Shares, full_fine_tuning
from pft.render.charts import Chart, bar_chart
from pft.render.tables import text_table
from pft.substrate.lm import TinyLM

__all__ = ["EFFECTS", "Result", "Settings", "run"]


@dataclass(frozen=True)
class Settings(Budgets):
    """Experiment 6's documents and budgets, unchanged: the soft prompt trains as each adapter does."""


@dataclass(frozen=True)
class Result(Shares):
    """Domain perplexity of the pretrained model, the soft prompt and full fine-tuning.

    Rows: "pretrained", "soft prompt", "adapter r=1", "full" (rows of experiment 6's kind).
    """

    domain: str

    def table(self) -> str:
        """The results as an aligned text table."""
        lines = [text_table("{method:<12} {trainable:>8} {domain:>13.2f}",
                            ("method", "weights", f"{self.domain} ppl"), self.rows)]
        lines.append(f"the soft prompt reaches {self.share('soft prompt'):.0%} of full fine-tuning's gain, "
                     f"the rank-1 adapter {self.share('adapter r=1'):.0%}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """Domain perplexity of each method."""
        return bar_chart(f"Soft prompt vs full fine-tuning on {self.domain} text", "method",
                         f"{self.domain} perplexity", [r.method for r in self.rows],
                         {"perplexity": [round(r.domain, 3) for r in self.rows]})


def run(*, seed: int = 0, settings: Settings = Settings()) -> Result:
    """Adapt the pretrained model to the domain with a soft prompt and with full fine-tuning."""
    s = settings
    train, held = s.documents(seed)
    base = TinyLM.pretrained()
    soft = SoftPrompt(base).fit(train, s.adapter)
    adapter = LoRA(base, 1, seed=seed).fit(train, s.adapter)
    full = full_fine_tuning(base, train, s)
    return Result((Row("pretrained", 0, 0, base.perplexity(held)),
                   Row("soft prompt", 0, soft.trainable_parameters(), soft.perplexity(held)),
                   Row("adapter r=1", 1, adapter.trainable_parameters(), adapter.perplexity(held)),
                   Row("full", 0, full.trainable_parameters(), full.perplexity(held))), s.domain)


PAGE = "fine-tuning/versatility"

EFFECTS = (
    Effect(
        "soft-learns", PAGE,
        "A soft prompt learns the domain: it reaches at least 15% of full fine-tuning's gain.",
        at_least=0.15,
        measure=lambda r: r.share("soft prompt"), unit="percent", mean_at_least=0.2,
        mechanism="one trained input vector, seen by the frozen model at every position", origin=TRAINING),
    Effect(
        "soft-below-adapter", PAGE,
        "It takes a smaller part of that gain than even a rank-1 adapter trained on the same budget: at least "
        "10 points less on average, though on a few seeds it matches or beats the adapter.",
        measure=lambda r: r.share("adapter r=1") - r.share("soft prompt"), unit="points", mean_at_least=0.1,
        not_always=0.0,
        mechanism="a vector added to the input can shift the model in one way only, an adapter changes "
                  "every matrix",
        origin=TRAINING,
        revised="until the first reporting run (seeds 1000 to 1029) this said at least 5 points less on every "
                "seed; it failed on one of those seeds and on three of a wider check, so it now claims only "
                f"the average. Later, {ONE_PASS}: the average margin claimed fell from 20 points to 10"),
)
