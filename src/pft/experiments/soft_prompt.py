"""Experiment 6b: a soft prompt against full fine-tuning, on the budget of experiment 6.

Prompt tuning (Lester et al. 2021) freezes the model and learns only a few input
vectors. Here that is `pft.adapt.softprompt.SoftPrompt`: one learned vector the model
sees at every position, as many numbers as the model is wide. It is trained on
the same documents, in the same batches and for the same steps as each adapter
of experiment 6 (`pft.experiments.low_rank.SETTINGS`), and compared with full
fine-tuning by the share of its perplexity gain it reaches. Lester et al. find
that prompt tuning lags full fine-tuning on small models and closes the gap only
past billions of parameters; a 16-wide toy can show the small end of that, not
the closing.
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.render.charts import Chart, bar_chart
from pft.experiments.low_rank import SETTINGS, documents, full_fine_tuning
from pft.substrate.lm import TinyLM
from pft.adapt.softprompt import SoftPrompt

__all__ = ["Row", "Result", "run"]


@dataclass(frozen=True)
class Row:
    """One method: its trainable weights and domain perplexity."""

    method: str
    trainable: int
    domain: float


@dataclass(frozen=True)
class Result:
    """Domain perplexity of the pretrained model, the soft prompt and full fine-tuning."""

    domain: str
    rows: tuple[Row, Row, Row]

    def row(self, method: str) -> Row:
        """The row of ``method`` ("pretrained", "soft prompt" or "full")."""
        return next(r for r in self.rows if r.method == method)

    @property
    def share_of_gain(self) -> float:
        """Share of full fine-tuning's perplexity gain that the soft prompt reaches."""
        base, soft, full = (self.row(m).domain for m in ("pretrained", "soft prompt", "full"))
        return (base - soft) / (base - full)

    def table(self) -> str:
        """The results as an aligned text table."""
        lines = [f"{'method':<12} {'weights':>8} {self.domain + ' ppl':>13}"]
        lines += [f"{r.method:<12} {r.trainable:>8} {r.domain:>13.2f}" for r in self.rows]
        lines.append(f"the soft prompt reaches {self.share_of_gain:.0%} of full fine-tuning's gain")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """Domain perplexity of each method."""
        return bar_chart(f"Soft prompt vs full fine-tuning on {self.domain} text", "method",
                         f"{self.domain} perplexity", [r.method for r in self.rows],
                         {"perplexity": [round(r.domain, 3) for r in self.rows]})


def run(domain: str = "medicine", seed: int = 0) -> Result:
    """Adapt the pretrained model to ``domain`` with a soft prompt and with full fine-tuning."""
    s = SETTINGS
    train, held = documents(domain, seed)
    base = TinyLM.pretrained()
    soft = SoftPrompt(base).fit(train, steps=s["adapter_steps"], batch=s["adapter_batch"], lr=s["adapter_lr"])
    full = full_fine_tuning(base, train)
    return Result(domain, (Row("pretrained", 0, base.perplexity(held)),
                           Row("soft prompt", soft.trainable_parameters(), soft.merged().perplexity(held)),
                           Row("full", full.trainable_parameters(), full.merged().perplexity(held))))
