"""Experiment 6b: a soft prompt against full fine-tuning, on the budget of experiment 6.

Prompt tuning (Lester et al. 2021) freezes the model and learns only a few input
vectors. Here that is `pft.adapt.softprompt.SoftPrompt`: one learned vector the model
sees at every position, as many numbers as the model is wide. It is trained on
the same documents, in the same batches and for the same steps as each adapter
of experiment 6 ([`Budgets`][pft.experiments.low_rank.Budgets]), and compared with full
fine-tuning by the share of its perplexity gain it reaches. Lester et al. find
that prompt tuning lags full fine-tuning on small models and closes the gap only
past billions of parameters; a 16-wide toy can show the small end of that, not
the closing.
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.adapt.softprompt import SoftPrompt
from pft.experiments.low_rank import Budgets, Row, Shares, full_fine_tuning
from pft.render.charts import Chart, bar_chart
from pft.substrate.lm import TinyLM

__all__ = ["Result", "Settings", "run"]


@dataclass(frozen=True)
class Settings(Budgets):
    """Experiment 6's documents and budgets, unchanged: the soft prompt trains as each adapter does."""


@dataclass(frozen=True)
class Result(Shares):
    """Domain perplexity of the pretrained model, the soft prompt and full fine-tuning.

    Rows: "pretrained", "soft prompt", "full" (rows of experiment 6's kind; the rank is 0).
    """

    domain: str
    rows: tuple[Row, Row, Row]

    def table(self) -> str:
        """The results as an aligned text table."""
        lines = [f"{'method':<12} {'weights':>8} {self.domain + ' ppl':>13}"]
        lines += [f"{r.method:<12} {r.trainable:>8} {r.domain:>13.2f}" for r in self.rows]
        lines.append(f"the soft prompt reaches {self.share('soft prompt'):.0%} of full fine-tuning's gain")
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
    full = full_fine_tuning(base, train, s)
    return Result(s.domain, (Row("pretrained", 0, 0, base.perplexity(held)),
                             Row("soft prompt", 0, soft.trainable_parameters(), soft.perplexity(held)),
                             Row("full", 0, full.trainable_parameters(), full.perplexity(held))))
