"""Experiment 6: low-rank adapters against full fine-tuning, by rank.

Continued training on one domain's text, done two ways on the same documents:
full fine-tuning of every weight, and a frozen base with a rank-r adapter on the
output layer (`pft.lora.LoRA`, rank-stabilised scale) for several ranks. Hu et al.
(2022) report that a small rank comes close to full fine-tuning with a tiny
fraction of the trainable weights.

The budget is the same data for every method: one pass over 48 documents of the
domain, full fine-tuning in batches of 6, each adapter in batches of 2 with its own
step size (as in Hu et al.), the same for every rank. Seeing each document once,
no method can win by memorising the training text, so a larger rank can only help
by fitting the domain better. Perplexity is measured on 32 held-out documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.base import check_choice
from pft.charts import Chart, line_chart
from pft.finetune import FullFineTune
from pft.lm import TinyLM
from pft.lora import LoRA
from pft.world import DOMAINS, World

__all__ = ["Row", "Result", "run", "RANKS", "SETTINGS"]

RANKS = (1, 2, 4)
"""Adapter ranks swept (the model width is 16)."""

SETTINGS = {"train_docs": 48, "eval_docs": 32, "batch": 6, "steps": 8, "lr": 0.03, "adapter_batch": 2,
            "adapter_steps": 24, "adapter_lr": 0.03}
"""One pass over the same documents for every method (steps x batch = train_docs)."""


@dataclass(frozen=True)
class Row:
    """One method: its rank (0 for full fine-tuning), trainable weights and domain perplexity."""

    method: str
    rank: int
    trainable: int
    domain: float


@dataclass(frozen=True)
class Result:
    """Domain perplexity of the pretrained model, full fine-tuning and each adapter rank."""

    domain: str
    pretrained: float
    rows: tuple[Row, ...]

    @property
    def full(self) -> Row:
        """The full fine-tuning row."""
        return self.rows[0]

    def adapter(self, rank: int) -> Row:
        """The row of the adapter of ``rank``."""
        return next(r for r in self.rows if r.rank == rank)

    def share_of_gain(self, rank: int) -> float:
        """Share of full fine-tuning's perplexity gain that the rank-``rank`` adapter reaches."""
        return (self.pretrained - self.adapter(rank).domain) / (self.pretrained - self.full.domain)

    def table(self) -> str:
        """The results as an aligned text table."""
        lines = [f"{'method':<13} {'weights':>8} {'share':>6} {self.domain + ' ppl':>13}",
                 f"{'pretrained':<13} {0:>8} {'':>6} {self.pretrained:>13.2f}"]
        total = self.full.trainable
        for r in self.rows:
            lines.append(f"{r.method:<13} {r.trainable:>8} {r.trainable / total:>6.1%} {r.domain:>13.2f}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """Domain perplexity against adapter rank, with full fine-tuning as a reference line."""
        ranks = [r.rank for r in self.rows[1:]]
        return line_chart(
            f"Adapter rank vs full fine-tuning on {self.domain} text", "adapter rank", f"{self.domain} perplexity",
            {
                "adapter": [(r.rank, r.domain) for r in self.rows[1:]],
                "full fine-tuning": [(ranks[0], self.full.domain), (ranks[-1], self.full.domain)],
                "pretrained": [(ranks[0], self.pretrained), (ranks[-1], self.pretrained)],
            },
            x_ticks=ranks,
        )


def run(domain: str = "medicine", seed: int = 0, ranks: tuple[int, ...] = RANKS) -> Result:
    """Adapt the pretrained model to ``domain`` by full fine-tuning and by adapters of each rank."""
    check_choice("domain", domain, DOMAINS[1:])
    s = SETTINGS
    world = World(seed=seed)
    train = world.corpus(domain, s["train_docs"], seed=1)
    held = world.corpus(domain, s["eval_docs"], seed=2)
    base = TinyLM.pretrained()
    full = FullFineTune(base).fit(train, steps=s["steps"], batch=s["batch"], lr=s["lr"])
    rows = [Row("full", 0, full.trainable_parameters(), full.merged().perplexity(held))]
    for rank in ranks:
        adapter = LoRA(base, rank, seed=seed)
        adapter.fit(train, steps=s["adapter_steps"], batch=s["adapter_batch"], lr=s["adapter_lr"])
        rows.append(Row(f"adapter r={rank}", rank, adapter.trainable_parameters(), adapter.perplexity(held)))
    return Result(domain, LoRA(base, 1).perplexity(held), tuple(rows))
