"""Experiment 10: teaching new facts, by retrieval into the prompt or by fine-tuning.

The pretrained model knows eight invented facts stated in its pretraining text
("the capital of aldor is ardent") and none of six new ones. Two ways to give
it the new facts (Ovadia et al. 2024 compare the same two on real models):

- retrieval: for each question, the fact sentence sharing the most words with
  it is put in the prompt as an earlier document; the induction head copies the
  answer from it. No weight changes.
- fine-tuning: all weights are trained on the fact sentences (next-token
  prediction, `pft.adapt.finetune.FullFineTune`), then questions are asked without
  any retrieved text. A gentle run (small step size) and a hard one are tried.

Questions are "the capital of <place> is"; the answer counts if it is the
model's most probable next word. The known facts are asked again after each
method, to see what the method did to old knowledge (Gekhman et al. 2024 find
that fine-tuning on new facts raises errors on known ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from pft.substrate import compute
from pft.render.charts import Chart, bar_chart
from pft.adapt.finetune import FullFineTune
from pft.substrate.lm import TinyLM
from pft.substrate.world import Fact, World

__all__ = ["Result", "Row", "retrieve", "run", "SETTINGS"]

SETTINGS = {"new_facts": 6, "paraphrases": 1, "steps": 10, "lrs": (0.01, 0.03)}
"""New facts, sentences per fact in the documents, fine-tuning steps (one batch of all documents
each), and the step sizes tried: a gentle and a hard fine-tuning run."""

_STOP = frozenset({"the", "of", "is", "capital", "."})


def retrieve(question: str, documents: list[str]) -> str:
    """The document sharing the most content words with `question` (the first on ties)."""
    q = set(question.split()) - _STOP
    return max(documents, key=lambda d: len(q & set(d.split())))


@dataclass(frozen=True)
class Row:
    """One method: accuracy on new and known facts, training cost, extra prompt tokens per question."""

    method: str
    new: float
    known: float
    train_madds: int
    extra_tokens: float


@dataclass(frozen=True)
class Result:
    """The methods compared."""

    rows: tuple[Row, ...]

    def row(self, method: str) -> Row:
        """The row of one method."""
        return next(r for r in self.rows if r.method == method)

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        lines = [f"{'method':<27} {'new facts':>9} {'known facts':>11} {'training madds':>14} {'extra tokens':>12}"]
        for r in self.rows:
            lines.append(f"{r.method:<27} {r.new:>9.2f} {r.known:>11.2f} {r.train_madds:>14,} {r.extra_tokens:>12.1f}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """The results as a chart, for `pft.show`."""
        names = [r.method for r in self.rows]
        return bar_chart("New facts: retrieval against fine-tuning", "method", "questions answered",
                         names, {"new facts": [round(r.new, 3) for r in self.rows],
                                 "known facts": [round(r.known, 3) for r in self.rows]}, y_range=(0.0, 1.0))


def _accuracy(lm: TinyLM, facts: list[Fact], documents: list[str] | None = None) -> tuple[float, float]:
    hits, extra = [], []
    for f in facts:
        context: list[str] = [f.question()]
        if documents is not None:
            context.insert(0, retrieve(f.question(), documents))
            extra.append(len(lm.encode(context[0])))
        best = next(iter(lm.next_word_probs(context, top=1)))
        hits.append(best == f.city)
    return mean(hits), mean(extra) if extra else 0.0


def run(seed: int = 0, paraphrases: int | None = None, steps: int | None = None) -> Result:
    """Compare the methods on new facts drawn with `seed`."""
    paraphrases = SETTINGS["paraphrases"] if paraphrases is None else paraphrases
    steps = SETTINGS["steps"] if steps is None else steps
    lm = TinyLM.pretrained()
    world = World(seed=seed)
    new = world.facts(SETTINGS["new_facts"], seed=seed)
    known = world.facts(8, known=True)
    documents = [s for f in new for s in f.sentences(paraphrases)]
    rows = [Row("pretrained, no help", _accuracy(lm, new)[0], _accuracy(lm, known)[0], 0, 0.0)]
    new_acc, extra = _accuracy(lm, new, documents)
    rows.append(Row("retrieval", new_acc, _accuracy(lm, known, documents)[0], 0, extra))
    for lr in SETTINGS["lrs"]:
        with compute.measure() as cost:
            tuned = FullFineTune(lm).fit(documents, steps=steps, batch=len(documents), lr=lr).merged()
        rows.append(Row(f"fine-tuned, lr {lr}", _accuracy(tuned, new)[0], _accuracy(tuned, known)[0], cost.madds, 0.0))
    new_acc, extra = _accuracy(tuned, new, documents)
    rows.append(Row(f"fine-tuned, lr {lr} + retr.", new_acc, _accuracy(tuned, known, documents)[0], cost.madds, extra))
    return Result(tuple(rows))
