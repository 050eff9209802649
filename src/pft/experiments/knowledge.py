"""Experiment 10: teaching new facts, by retrieval into the prompt or by fine-tuning.

The pretrained model knows the invented facts its pretraining text states
("the capital of aldor is ardent", one per `KNOWN_PLACES`) and none of the new ones
(`Settings.new_facts` of them). Two ways to give
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

from pft.adapt.finetune import FullFineTune
from pft.adapt.training import Budget
from pft.experiments import result
from pft.experiments.settings import BaseSettings
from pft.render.charts import Chart, bar_chart
from pft.substrate import compute
from pft.substrate.checks import check_choice
from pft.substrate.lm import TinyLM
from pft.substrate.world import KNOWN_PLACES, NEW_PLACES, Fact, World

__all__ = ["Result", "Row", "Settings", "retrieve", "run"]


@dataclass(frozen=True)
class Settings(BaseSettings):
    """The facts taught and the two fine-tuning runs."""

    new_facts: int = 6
    """New facts to teach (at most as many as the world has)."""
    paraphrases: int = 1
    """Sentences per fact in the documents."""
    steps: int = 10
    """Fine-tuning steps, each one batch of all the documents."""
    lrs: tuple[float, ...] = (0.01, 0.03)
    """Step sizes tried: a gentle and a hard fine-tuning run."""

    def __post_init__(self) -> None:
        super().__post_init__()
        check_choice("new_facts", self.new_facts, range(1, len(NEW_PLACES) + 1))
        if not self.lrs:
            raise ValueError("lrs is empty: give at least one step size")
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

    @property
    def key(self) -> str:
        return self.method


@dataclass(frozen=True)
class Result(result.Result):
    """The methods compared."""

    rows: tuple[Row, ...]

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


def run(*, seed: int = 0, settings: Settings = Settings()) -> Result:
    """Compare the methods on new facts drawn with `seed`."""
    s = settings
    lm = TinyLM.pretrained()
    world = World(seed=seed)
    new = world.facts(s.new_facts, seed=seed)
    known = world.facts(len(KNOWN_PLACES), known=True)
    documents = [sentence for f in new for sentence in f.sentences(s.paraphrases)]
    rows = [Row("pretrained, no help", _accuracy(lm, new)[0], _accuracy(lm, known)[0], 0, 0.0)]
    new_acc, extra = _accuracy(lm, new, documents)
    rows.append(Row("retrieval", new_acc, _accuracy(lm, known, documents)[0], 0, extra))
    for lr in s.lrs:
        with compute.measure() as cost:
            tuned = FullFineTune(lm).fit(documents, Budget(steps=s.steps, batch=len(documents), lr=lr)).merged()
        rows.append(Row(f"fine-tuned, lr {lr}", _accuracy(tuned, new)[0], _accuracy(tuned, known)[0], cost.madds, 0.0))
    new_acc, extra = _accuracy(tuned, new, documents)
    rows.append(Row(f"fine-tuned, lr {lr} + retr.", new_acc, _accuracy(tuned, known, documents)[0], cost.madds, extra))
    return Result(tuple(rows))
