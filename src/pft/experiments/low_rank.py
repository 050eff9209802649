"""Experiment 6: low-rank adapters against full fine-tuning, by rank.

Continued training on one domain's text, done two ways on the same documents:
full fine-tuning of every weight, and a frozen base with rank-r adapters on all
of its weight matrices (`pft.adapt.lora.LoRA`, rank-stabilised scale) for several
ranks. Hu et al. (2022) report that a small rank comes close to full
fine-tuning with a small fraction of the trainable weights.

The budget is the same data for every method ([`Budgets`][pft.experiments.low_rank.Budgets]):
one pass over the domain's training documents with Adam. Full fine-tuning takes them in
batches of six; each adapter in batches of three at a larger step size, because it starts
from a zero update and gains from more, larger steps (Hu et al. tune each method's settings
too). One pass, and fewer held-out documents than experiment 5 measures on, keep the eight
models this experiment trains or cuts within the time a reader waits in the browser.
Perplexity is measured on held-out documents, so no method can win by memorising its
training text.

Why a small rank can be enough: the change full fine-tuning makes to each matrix
is itself close to low rank. Cutting it to its best rank-r part (`pft.substrate.svd`), with
the biases left as they were, shows how much of full fine-tuning's gain lives in
r directions per matrix: the low "intrinsic rank" Hu et al. argue adapters rely on.
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.adapt.finetune import FullFineTune
from pft.adapt.lora import LoRA
from pft.adapt.training import Budget
from pft.experiments import result
from pft.experiments.effects import PASS_RATE, REPORTING_SEEDS, TRAINING, Effect
from pft.experiments.settings import DomainText
from pft.render.charts import Chart, line_chart
from pft.substrate.checks import check_positive_int
from pft.substrate.lm import MATRICES, TinyLM
from pft.substrate.svd import directions, truncate

__all__ = ["EFFECTS", "Budgets", "Result", "Row", "Settings", "Shares", "cut_to_rank", "full_fine_tuning", "run"]


@dataclass(frozen=True)
class Budgets(DomainText):
    """The documents and the training every method gets, here and in experiment 6b (`soft_prompt`)."""

    eval_docs: int = 16
    """Held-out documents perplexity is measured on."""
    full: Budget = Budget(steps=6, batch=6, lr=0.03)
    """Full fine-tuning: one pass over the training documents (steps x batch = train_docs). On tuning seeds
    this step size gave it more held-out gain than 0.02, 0.045 or 0.06, and smaller batches did not help."""
    adapter: Budget = Budget(steps=12, batch=3, lr=0.05)
    """Each adapter: the same pass, in smaller batches and larger steps."""


@dataclass(frozen=True)
class Settings(Budgets):
    """Experiment 6's documents and budgets, and the adapter ranks swept (the model width is 16)."""

    ranks: tuple[int, ...] = (1, 2, 4)

    def __post_init__(self) -> None:
        super().__post_init__()
        for rank in self.ranks:
            check_positive_int("rank", rank)


@dataclass(frozen=True)
class Row(result.Row):
    """One method: its rank (0 for the pretrained model and full fine-tuning), trainable weights and domain perplexity."""

    method: str
    rank: int
    trainable: int
    domain: float


class Shares(result.Rows[Row]):
    """Results whose rows include "pretrained" and "full" and give each method's domain perplexity."""

    def share(self, key: str) -> float:
        """Share of full fine-tuning's perplexity gain that the method ``key`` reaches."""
        pretrained = self.row("pretrained").domain
        return (pretrained - self.row(key).domain) / (pretrained - self.row("full").domain)


@dataclass(frozen=True)
class Result(Shares):
    """Domain perplexity of the pretrained model, full fine-tuning, each adapter rank and each cut of the full update.

    Rows: "pretrained", "full", "adapter r=<rank>" for each rank, then "cut r=<rank>" for each rank.
    """

    domain: str

    def _methods(self, prefix: str) -> list[Row]:
        return [r for r in self.rows if r.method.startswith(prefix)]

    def table(self) -> str:
        """The results as an aligned text table."""
        pretrained, full = self.row("pretrained"), self.row("full")
        lines = [f"{'method':<13} {'weights':>8} {'share':>6} {self.domain + ' ppl':>13}",
                 f"{'pretrained':<13} {0:>8} {'':>6} {pretrained.domain:>13.2f}"]
        for r in [full, *self._methods("adapter")]:
            lines.append(f"{r.method:<13} {r.trainable:>8} {r.trainable / full.trainable:>6.1%} {r.domain:>13.2f}")
        ranks = [r.rank for r in self._methods("cut")]
        lines += ["", f"{'share of full fine-tuning gain':<31}" + "".join(f"{'rank ' + str(k):>8}" for k in ranks),
                  f"{'adapter trained at that rank':<31}" + "".join(f"{self.share(f'adapter r={k}'):>8.0%}" for k in ranks),
                  f"{'full update cut to that rank':<31}" + "".join(f"{self.share(f'cut r={k}'):>8.0%}" for k in ranks)]
        return "\n".join(lines)

    def chart(self) -> Chart:
        """Domain perplexity against adapter rank, with full fine-tuning as a reference line."""
        adapters, cuts = self._methods("adapter"), self._methods("cut")
        ranks = [r.rank for r in adapters]
        full, pretrained = self.row("full").domain, self.row("pretrained").domain
        return line_chart(
            f"Adapter rank vs full fine-tuning on {self.domain} text", "adapter rank", f"{self.domain} perplexity",
            {
                "adapter": [(r.rank, r.domain) for r in adapters],
                "full update cut to rank": [(r.rank, r.domain) for r in cuts],
                "full fine-tuning": [(ranks[0], full), (ranks[-1], full)],
                "pretrained": [(ranks[0], pretrained), (ranks[-1], pretrained)],
            },
            x_ticks=ranks,
        )


def run(*, seed: int = 0, settings: Settings = Settings()) -> Result:
    """Adapt the pretrained model to the domain by full fine-tuning and by adapters of each rank."""
    s = settings
    train, held = s.documents(seed)
    base = TinyLM.pretrained()
    full = full_fine_tuning(base, train, s)
    rows = [Row("pretrained", 0, 0, base.perplexity(held)),
            Row("full", 0, full.trainable_parameters(), full.merged().perplexity(held))]
    for rank in s.ranks:
        adapter = LoRA(base, rank, seed=seed).fit(train, s.adapter)
        rows.append(Row(f"adapter r={rank}", rank, adapter.trainable_parameters(), adapter.perplexity(held)))
    trainable = {row.rank: row.trainable for row in rows[1:]}
    rows += [Row(f"cut r={rank}", rank, trainable[rank], cut.perplexity(held))
             for rank, cut in cut_to_rank(base, full.merged(), s.ranks).items()]
    return Result(tuple(rows), s.domain)


def full_fine_tuning(base: TinyLM, train: list[str], budgets: Budgets) -> FullFineTune:
    """Full fine-tuning of ``base`` on ``train`` with ``budgets.full``."""
    return FullFineTune(base).fit(train, budgets.full)


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


PAGE = "fine-tuning/versatility"

ONE_PASS = (f"until the reporting run on seeds {REPORTING_SEEDS.start} to {REPORTING_SEEDS.stop - 1} every method "
            "saw the training documents twice; one pass, chosen on tuning seeds to fit the speed budget, changed "
            "these results")
NOT_EVERY_SEED = (f"until December 2026 this sentence said \"on every seed\", though the check asks for the bound on "
                  f"{PASS_RATE:.0%} of seeds")
FRESH_CHECK = "on a check on 100 seeds no one had used"

EFFECTS = (
    Effect(
        "cut-rank-2", PAGE,
        "Cut to two directions per matrix, the change full fine-tuning makes keeps at least 75% of its gain "
        "on nearly every seed and at least 90% on average.",
        at_least=0.75,
        measure=lambda r: r.share("cut r=2"), unit="percent", mean_at_least=0.9,
        mechanism="the domain changes what a few words mean, a change that lives in few directions",
        origin=TRAINING, revised=NOT_EVERY_SEED),
    Effect(
        "cut-rank-1", PAGE,
        "Cut to one direction, it keeps less: at least a point less of the gain than at rank 2 on nearly "
        "every seed, and 10 points less on average.",
        at_least=0.01,
        measure=lambda r: r.share("cut r=2") - r.share("cut r=1"), unit="points", mean_at_least=0.1,
        mechanism="one direction per matrix cannot hold the whole change", origin=TRAINING,
        revised=f"{ONE_PASS}; the sentence said rank 1 loses much of the gain, 20 points or more on average: "
                "after one pass full fine-tuning changes the model less, and the cut to rank 1 loses less; "
                f"{NOT_EVERY_SEED}, and {FRESH_CHECK} two fell short"),
    Effect(
        "adapter-rank-2", PAGE,
        "Adapters of rank 2, seeing the same documents the same number of times, recover at least 80% of full "
        "fine-tuning's gain on average.",
        measure=lambda r: r.share("adapter r=2"), unit="percent", mean_at_least=0.8,
        mechanism="a frozen model plus a trained rank-2 update of every matrix", origin=TRAINING),
    Effect(
        "adapter-rank-4", PAGE,
        "At rank 4 they recover at least half of it on nearly every seed and 85% on average.",
        at_least=0.5,
        measure=lambda r: r.share("adapter r=4"), unit="percent", mean_at_least=0.85,
        mechanism="a frozen model plus a trained rank-4 update of every matrix", origin=TRAINING,
        revised=f"{NOT_EVERY_SEED}, and {FRESH_CHECK} one fell short"),
    Effect(
        "rank-1-less", PAGE,
        "Rank 1 recovers less than rank 4 on average, by at least 5 points, though not on every seed (the "
        "points rank 4 recovers beyond rank 1 are shown).",
        measure=lambda r: r.share("adapter r=4") - r.share("adapter r=1"), unit="points", mean_at_least=0.05,
        not_always=0.0,
        mechanism="fewer directions to learn the change in", origin=TRAINING,
        revised=f"{ONE_PASS}; the sentence said rank 1 is not reliably worse than rank 4, landing far on either "
                "side of it"),
)
