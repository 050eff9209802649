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
from pft.experiments.effects import HAND, SEEN_MODELS, TRAINING, Effect
from pft.experiments.settings import BaseSettings
from pft.render.charts import Chart, bar_chart
from pft.render.tables import text_table
from pft.substrate import compute
from pft.substrate.checks import check_choice
from pft.substrate.lm import TinyLM
from pft.substrate.world import KNOWN_PLACES, NEW_PLACES, Fact, World

__all__ = ["EFFECTS", "Result", "Row", "Settings", "retrieve", "run"]


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
class Row(result.Row):
    """One method: accuracy on new and known facts, training cost, extra prompt tokens per question."""

    method: str
    new: float
    known: float
    train_madds: int
    extra_tokens: float


@dataclass(frozen=True)
class Result(result.Rows[Row]):
    """The methods compared."""

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        return text_table("{method:<27} {new:>9.2f} {known:>11.2f} {train_madds:>14,} {extra_tokens:>12.1f}",
                          ("method", "new facts", "known facts", "training madds", "extra tokens"), self.rows)

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


PAGE = "synergy/hybrid-approaches"


def _tuned(r: Result) -> list[Row]:
    return [row for row in r.rows if row.method.startswith("fine-tuned") and row.extra_tokens == 0]


EFFECTS = (
    Effect(
        "retrieval-answers", PAGE,
        "Retrieval answers the new facts: at least 70 points more of them than the model alone.",
        at_least=0.7,
        measure=lambda r: r.row("retrieval").new - r.row("pretrained, no help").new, unit="points",
        mean_at_least=0.8,
        mechanism="the induction head's match bonus and gate (set by hand) make the one retrieved sentence "
                  "that matches \"capital of <place> is\" win",
        origin=HAND),
    Effect(
        "retrieval-keeps-known", PAGE,
        "Retrieval leaves the known facts intact (the change in known facts answered is shown).",
        at_least=-0.01,
        measure=lambda r: r.row("retrieval").known - r.row("pretrained, no help").known, unit="points",
        mean_at_least=-0.01,
        mechanism="no weight changes, and the retrieved sentence matches only its own place (set by hand)",
        origin=HAND),
    Effect(
        "tuning-costs-known", PAGE,
        "Fine-tuning hard enough to learn the new facts costs the known ones: the hard run answers at least "
        "50 points fewer of them (its loss is shown).",
        at_least=0.5,
        measure=lambda r: r.row("pretrained, no help").known - _tuned(r)[-1].known, unit="points",
        mean_at_least=0.7,
        mechanism="every weight is trained on nothing but the new sentences", origin=TRAINING,
        revised="until December 2026 this sentence said both runs cost at least 20 points of the known facts; "
                "with most of the other pretrained models, the gentle run, which learns few of the "
                f"new facts, lost fewer known ones or none. {SEEN_MODELS}"),
    Effect(
        "hard-learns-more", PAGE,
        "The hard run learns more of the new facts than the gentle run, and loses more of the old.",
        holds=lambda r: _tuned(r)[-1].new > _tuned(r)[0].new and _tuned(r)[-1].known < _tuned(r)[0].known,
        measure=lambda r: _tuned(r)[-1].new - _tuned(r)[0].new, unit="points", mean_at_least=0.1,
        mechanism="a larger step size moves the weights further towards the new sentences", origin=TRAINING,
        revised="until December 2026 the check of this sentence let the hard run learn as many of the new facts "
                "as the gentle one, or lose as many of the old; on one seed of the block it was reported on, both "
                "runs learned the same share. The sentence is unchanged; the check now reads it strictly"),
    Effect(
        "retrieval-after-tuning", PAGE,
        "After the hard fine-tuning run has changed every weight, the model still answers at least 70% of the "
        "new facts from a sentence retrieved into its prompt.",
        at_least=0.7,
        measure=lambda r: r.rows[-1].new, unit="percent", mean_at_least=0.8,
        mechanism="the induction head that copies from the prompt has no weights for training to change "
                  "(set by hand)",
        origin=HAND),
)
