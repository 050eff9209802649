"""Experiment 6: low-rank adapters against full fine-tuning, by rank.

Continued training on one domain's text, done two ways on the same documents:
full fine-tuning of every weight, and a frozen base with rank-r adapters on all
of its weight matrices (`pft.adapt.lora.LoRA`, rank-stabilised scale) for several
ranks. Hu et al. (2022) report that a small rank comes close to full
fine-tuning with a small fraction of the trainable weights.

The budget is the same data for every method: two passes over 36 documents of
the domain with Adam at one step size, full fine-tuning in batches of 6 and each
adapter in batches of 3 (an adapter starts from a zero update, so it gains from
more, smaller steps; Hu et al. tune each method's settings too). Perplexity is
measured on 24 held-out documents, so no method can win by memorising its
training text.

Why a small rank can be enough: the change full fine-tuning makes to each matrix
is itself close to low rank. Cutting it to its best rank-r part (`pft.substrate.svd`), with
the biases left as they were, shows how much of full fine-tuning's gain lives in
r directions per matrix: the low "intrinsic rank" Hu et al. argue adapters rely on.
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.substrate.checks import check_choice
from pft.render.charts import Chart, line_chart
from pft.adapt.finetune import FullFineTune
from pft.substrate.lm import MATRICES, TinyLM
from pft.adapt.lora import LoRA
from pft.substrate.svd import directions, truncate
from pft.substrate.world import DOMAINS, World

__all__ = ["Row", "Result", "cut_to_rank", "documents", "full_fine_tuning", "run", "RANKS", "SETTINGS"]

RANKS = (1, 2, 4)
"""Adapter ranks swept (the model width is 16)."""

SETTINGS = {"train_docs": 36, "eval_docs": 24, "batch": 6, "steps": 12, "lr": 0.03, "adapter_batch": 3,
            "adapter_steps": 24, "adapter_lr": 0.03}
"""Two passes over the same documents for every method (steps x batch = 2 x train_docs)."""


@dataclass(frozen=True)
class Row:
    """One method: its rank (0 for full fine-tuning), trainable weights and domain perplexity."""

    method: str
    rank: int
    trainable: int
    domain: float


@dataclass(frozen=True)
class Result:
    """Domain perplexity of the pretrained model, full fine-tuning, each adapter rank and each cut of the full update."""

    domain: str
    pretrained: float
    rows: tuple[Row, ...]
    cuts: tuple[Row, ...]

    @property
    def full(self) -> Row:
        """The full fine-tuning row."""
        return self.rows[0]

    def adapter(self, rank: int) -> Row:
        """The row of the adapter of ``rank``."""
        return next(r for r in self.rows if r.rank == rank)

    def share_of_gain(self, rank: int) -> float:
        """Share of full fine-tuning's perplexity gain that the rank-``rank`` adapter reaches."""
        return self._share(self.adapter(rank))

    def share_of_cut(self, rank: int) -> float:
        """Share of full fine-tuning's perplexity gain kept when its update is cut to rank ``rank``."""
        return self._share(next(r for r in self.cuts if r.rank == rank))

    def _share(self, row: Row) -> float:
        return (self.pretrained - row.domain) / (self.pretrained - self.full.domain)

    def table(self) -> str:
        """The results as an aligned text table."""
        lines = [f"{'method':<13} {'weights':>8} {'share':>6} {self.domain + ' ppl':>13}",
                 f"{'pretrained':<13} {0:>8} {'':>6} {self.pretrained:>13.2f}"]
        total = self.full.trainable
        for r in self.rows:
            lines.append(f"{r.method:<13} {r.trainable:>8} {r.trainable / total:>6.1%} {r.domain:>13.2f}")
        ranks = [r.rank for r in self.cuts]
        lines += ["", f"{'share of full fine-tuning gain':<31}" + "".join(f"{'rank ' + str(k):>8}" for k in ranks),
                  f"{'adapter trained at that rank':<31}" + "".join(f"{self.share_of_gain(k):>8.0%}" for k in ranks),
                  f"{'full update cut to that rank':<31}" + "".join(f"{self.share_of_cut(k):>8.0%}" for k in ranks)]
        return "\n".join(lines)

    def chart(self) -> Chart:
        """Domain perplexity against adapter rank, with full fine-tuning as a reference line."""
        ranks = [r.rank for r in self.rows[1:]]
        return line_chart(
            f"Adapter rank vs full fine-tuning on {self.domain} text", "adapter rank", f"{self.domain} perplexity",
            {
                "adapter": [(r.rank, r.domain) for r in self.rows[1:]],
                "full update cut to rank": [(r.rank, r.domain) for r in self.cuts],
                "full fine-tuning": [(ranks[0], self.full.domain), (ranks[-1], self.full.domain)],
                "pretrained": [(ranks[0], self.pretrained), (ranks[-1], self.pretrained)],
            },
            x_ticks=ranks,
        )


def run(domain: str = "medicine", seed: int = 0, ranks: tuple[int, ...] = RANKS) -> Result:
    """Adapt the pretrained model to ``domain`` by full fine-tuning and by adapters of each rank."""
    s = SETTINGS
    train, held = documents(domain, seed)
    base = TinyLM.pretrained()
    full = full_fine_tuning(base, train)
    rows = [Row("full", 0, full.trainable_parameters(), full.merged().perplexity(held))]
    for rank in ranks:
        adapter = LoRA(base, rank, seed=seed)
        adapter.fit(train, steps=s["adapter_steps"], batch=s["adapter_batch"], lr=s["adapter_lr"])
        rows.append(Row(f"adapter r={rank}", rank, adapter.trainable_parameters(), adapter.perplexity(held)))
    trainable = {row.rank: row.trainable for row in rows}
    cuts = tuple(Row(f"cut r={rank}", rank, trainable[rank], cut.perplexity(held))
                 for rank, cut in cut_to_rank(base, full.merged(), ranks).items())
    return Result(domain, base.perplexity(held), tuple(rows), cuts)


def documents(domain: str, seed: int) -> tuple[list[str], list[str]]:
    """The training and the held-out documents of ``domain`` in the world of ``seed``."""
    check_choice("domain", domain, DOMAINS[1:])
    world = World(seed=seed)
    return world.corpus(domain, SETTINGS["train_docs"], seed=1), world.corpus(domain, SETTINGS["eval_docs"], seed=2)


def full_fine_tuning(base: TinyLM, train: list[str]) -> FullFineTune:
    """Full fine-tuning of ``base`` on ``train`` with the budget in `SETTINGS`."""
    return FullFineTune(base).fit(train, steps=SETTINGS["steps"], batch=SETTINGS["batch"], lr=SETTINGS["lr"])


def cut_to_rank(base: TinyLM, tuned: TinyLM, ranks: tuple[int, ...]) -> dict[int, TinyLM]:
    """For each rank r: ``base`` plus the best rank-r part of ``tuned``'s change to each weight matrix (biases as in ``base``)."""
    cuts = {rank: base.copy() for rank in ranks}
    for name in MATRICES:
        change = [[t - b for t, b in zip(trow, brow)] for trow, brow in zip(tuned.params[name], base.params[name])]
        found = directions(change)
        for rank, cut in cuts.items():
            cut.params[name] = [[b + c for b, c in zip(brow, crow)]
                                for brow, crow in zip(base.params[name], truncate(change, rank, found))]
    return cuts
