"""Experiment 3: order, majority and recency bias, and contextual calibration.

Four demonstrations are drawn at random (so some sets lean to one label), and
each set is tried in several different orders. The induction head copies the label words
that follow the demonstrations, more so for the label most demonstrations have
and for the nearest ones, so accuracy swings with the set and the order.
Contextual calibration (Zhao et al. 2021) asks the same prompt about a
content-free query (`pft.adapt.prompting.CONTENT_FREE`), reads off how much the prompt alone favours each
label, and divides that out. The experiment reports accuracy across all
(set, order) prompts before and after calibration, with two content-free
queries side by side: "the usual ." (chosen for this toy after seeing results,
so tuned) and Zhao et al.'s own strings (untuned).

What is put in by hand: nearer demonstrations weigh more only because the head
subtracts a fixed `recency` score per token of distance, and calibration leaves
almost no spread because the head's similarity term is off, so demonstrations
carry a lean but nothing about the query (`pft.substrate.induction`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations
from statistics import mean, pstdev

from pft.adapt.classifier import argmax_label
from pft.adapt.prompting import ZHAO_CONTENT_FREE, template_classifier
from pft.experiments import result
from pft.experiments.effects import HAND, Effect
from pft.experiments.settings import Demonstrations
from pft.render.charts import Chart, bar_chart
from pft.render.tables import text_table
from pft.substrate.induction import InductionHead
from pft.substrate.lm import TinyLM
from pft.substrate.maths import rng

__all__ = ["CONDITIONS", "EFFECTS", "Prompt", "Result", "Settings", "Summary", "run"]

RAW, TUNED, UNTUNED = "without calibration", "with \"the usual .\" (tuned)", "with Zhao et al.'s strings"
CONDITIONS = {RAW: "raw", TUNED: "calibrated", UNTUNED: "zhao"}
"""Summary rows (their keys) and the `Prompt` field each summarises."""


@dataclass(frozen=True)
class Settings(Demonstrations):
    """What the experiment varies and how much data it uses."""

    template: str = "it was"
    shots: int = 4
    """Demonstrations per prompt."""
    sets: int = 5
    """Demonstration sets drawn."""
    orders: int = 4
    """Orders tried per set."""


@dataclass(frozen=True)
class Prompt:
    """One demonstration set in one order, with its accuracies."""

    set_index: int
    labels: str              # the demonstrations' labels in prompt order, e.g. "++-+"
    content_free_positive: float  # p(positive | content-free query) before calibration: the prompt's own lean
    raw: float               # accuracy without calibration
    calibrated: float        # accuracy with contextual calibration ("the usual .", a tuned choice)
    zhao: float              # accuracy calibrated with Zhao et al.'s strings (the untuned choice)
    predicted_positive: float  # share of test reviews called positive, without calibration


@dataclass(frozen=True)
class Summary(result.Row):
    """Accuracy across all prompts, without or with calibration."""

    condition: str           # one of `CONDITIONS`
    mean: float
    sd: float
    worst: float
    best: float


@dataclass(frozen=True)
class Result(result.Result):
    """All prompts tried; the rows summarise them without and with calibration."""

    prompts: tuple[Prompt, ...]

    @property
    def rows(self) -> tuple[Summary, ...]:
        """Mean, standard deviation, worst and best accuracy across prompts, for each of `CONDITIONS`."""
        return tuple(Summary(name, mean(xs), pstdev(xs), min(xs), max(xs)) for name, xs in (
            (name, [getattr(p, field) for p in self.prompts]) for name, field in CONDITIONS.items()))

    def lean_per_positive(self) -> float:
        """Least-squares slope of p(+ | content-free query) against the number of positive demonstrations."""
        xs = [p.labels.count("+") for p in self.prompts]
        ys = [p.content_free_positive for p in self.prompts]
        mx, my = mean(xs), mean(ys)
        var = sum((x - mx) ** 2 for x in xs)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0

    def lean_of_last(self) -> float:
        """Mean p(+ | content-free query) of prompts whose last demonstration is positive, minus the others'."""
        last = [p.content_free_positive for p in self.prompts if p.labels.endswith("+")]
        other = [p.content_free_positive for p in self.prompts if not p.labels.endswith("+")]
        return mean(last) - mean(other) if last and other else 0.0

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        lines = [text_table("{set_index:>3} {labels:>15} {content_free_positive:>15.2f} {predicted_positive:>6.2f} "
                            "{raw:>8.2f} {calibrated:>10.2f} {zhao:>9.2f}",
                            ("set", "labels in order", "p(+|no content)", "says +", "accuracy", "calibrated",
                             "with Zhao"), self.prompts)]
        for r in self.rows:
            lines.append(f"{r.condition:<36}: mean {r.mean:.2f}, spread (sd) {r.sd:.2f}, worst {r.worst:.2f}, "
                         f"best {r.best:.2f}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """The results as a chart, for `pft.show`."""
        names = ["mean", "worst", "best", "sd"]
        series = {r.condition: [round(r.mean, 3), round(r.worst, 3), round(r.best, 3), round(r.sd, 3)]
                  for r in self.rows}
        return bar_chart("Few-shot accuracy across demonstration sets and orders", "statistic over prompts",
                         "accuracy", names, series, y_range=(0.0, 1.0))


def run(*, seed: int = 0, settings: Settings = Settings()) -> Result:
    """Try random demonstration sets, each in several orders, drawn with `seed`."""
    s = settings
    lm = TinyLM.pretrained()
    test, pool = s.examples(seed)
    r = rng(f"calibration:{seed}")
    prompts = []
    cache: dict = {}   # each test query's own states, whatever the demonstrations
    for i in range(s.sets):
        demos = r.sample(pool, s.shots)
        for perm in r.sample(list(permutations(range(len(demos)))), s.orders):
            order = [demos[j] for j in perm]
            clf = template_classifier(lm, s.template, demos=order, calibrate=True, cache=cache)
            untuned = template_classifier(lm, s.template, demos=order, calibrate=True, cache=cache,
                                          content_free=ZHAO_CONTENT_FREE)
            raw = [argmax_label(clf.uncalibrated_proba(ex.text)) for ex in test]
            cal = [clf.predict(ex.text) for ex in test]
            zhao = [untuned.predict(ex.text) for ex in test]
            prompts.append(Prompt(
                set_index=i + 1,
                labels="".join("+" if d.sentiment == "positive" else "-" for d in clf.demos),
                content_free_positive=clf.content_free_proba["positive"],
                raw=mean(p == ex.sentiment for p, ex in zip(raw, test)),
                calibrated=mean(p == ex.sentiment for p, ex in zip(cal, test)),
                zhao=mean(p == ex.sentiment for p, ex in zip(zhao, test)),
                predicted_positive=mean(p == "positive" for p in raw),
            ))
    return Result(tuple(prompts))


PAGE = "prompt-engineering/precision"


def _spread(r: Result) -> float:
    return r.row(RAW).best - r.row(RAW).worst


def _gain(r: Result, condition: str) -> float:
    return r.row(condition).mean - r.row(RAW).mean


SPREAD_LEFT = 0.02
"""Most standard deviation of accuracy across prompts that "nearly to nothing" allows after calibration."""


def _narrowing(r: Result, condition: str) -> float:
    return r.row(RAW).sd - r.row(condition).sd


EFFECTS = (
    Effect(
        "order-spread", PAGE,
        "The demonstrations chosen and their order move accuracy: the best and the worst prompt differ by at "
        "least 10 points.",
        at_least=0.1,
        measure=_spread, unit="points", mean_at_least=0.2,
        mechanism="the demonstrations' labels tilt the prompt (the two effects below)", origin=HAND),
    Effect(
        "recency", PAGE,
        "Prompts whose last demonstration is positive lean positive on a content-free review, by at least 10 "
        "points more than the others.",
        at_least=0.1,
        measure=lambda r: r.lean_of_last(), unit="points", mean_at_least=0.15,
        mechanism=f"the induction head subtracts {InductionHead.recency} from a copy's score per token of "
                  "distance (InductionHead.recency, set by hand)",
        origin=HAND),
    Effect(
        "majority", PAGE,
        "Each further positive demonstration raises that lean towards positive (the rise per demonstration "
        "is shown).",
        above=0.0,
        measure=lambda r: r.lean_per_positive(), unit="points", mean_at_least=0.05,
        mechanism="the head adds up the copy weight of every matching demonstration, so the label most of "
                  "them carry collects more (the head's design, set by hand)",
        origin=HAND),
    Effect(
        "tuned-mean", PAGE,
        "Calibrated with the review \"the usual .\", a content-free input chosen for this toy after seeing "
        "results, mean accuracy over prompts rises on average, though not on every seed.",
        measure=lambda r: _gain(r, TUNED), unit="points", mean_at_least=0.04, not_always=0.0,
        mechanism="the content-free input was picked by hand after seeing results", origin=HAND,
        revised="until the first reporting run (seeds 1000 to 1029) this sentence said the mean never "
                "falls; it fell on some of those seeds, so it now claims only the average"),
    Effect(
        "tuned-spread", PAGE,
        f"It also shrinks the spread between prompts nearly to nothing: a standard deviation of at most "
        f"{SPREAD_LEFT * 100:g} points is left (its fall is shown).",
        holds=lambda r: _narrowing(r, TUNED) > 0 and r.row(TUNED).sd <= SPREAD_LEFT,
        measure=lambda r: _narrowing(r, TUNED), unit="points", mean_at_least=0.04,
        mechanism="the head's similarity term is off (set by hand), so demonstrations carry a lean but "
                  "nothing about the query, and dividing out the lean leaves every prompt alike",
        origin=HAND,
        revised="until December 2026 the check of this sentence asked only that the spread shrink; \"nearly to "
                f"nothing\" now has a bound, {SPREAD_LEFT * 100:g} points, chosen on tuning seeds"),
    Effect(
        "untuned-spread", PAGE,
        "Calibrated with Zhao et al.'s own strings (\"N/A\", a mask token, the empty text), the untuned choice, "
        "the spread shrinks too.",
        above=0.0,
        measure=lambda r: _narrowing(r, UNTUNED), unit="points", mean_at_least=0.02,
        mechanism="as above: the similarity term is off (set by hand)", origin=HAND),
    Effect(
        "untuned-mean", PAGE,
        "With those strings the change in mean accuracy goes either way from seed to seed; the toy's gain "
        "depends on the tuned input.",
        measure=lambda r: _gain(r, UNTUNED), unit="points", mean_at_least=None, not_always=0.0,
        mechanism="our model never met those strings in pretraining, so the lean it shows after them is "
                  "partly its own",
        origin=HAND),
)
