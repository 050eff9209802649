"""Experiment 2: the few-shot learning curve, up to the context limit.

The prompt is "review : <text> sentiment :", and the model must answer with
the exact label word, "positive" or "negative". Pretraining text never used
that layout, so without demonstrations the model answers with some other word.
Each demonstration shows the layout and the label words; the induction head
copies them, so exact answers rise quickly with the first demonstrations, then
flatten: once the context (`TinyLM.context_size` tokens) is full, older demonstrations are
dropped and more of them change nothing.

How it is measured. Each draw is one random sequence of `max(Settings.shots)`
demonstrations, and a prompt with k demonstrations uses the last k of it, so
every point of the curve is measured on the same draws (as one would add
examples to a prompt one by one), and the differences between points are not
swamped by which examples each point happened to draw. Past the context limit
the prompt keeps the most recent demonstrations that fit, so asking for more
gives the same prompt, and the same answers. Accuracy is averaged over the
draws; a prompt that occurs in several points is scored once.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from pft.adapt.prompting import template_classifier
from pft.experiments import result
from pft.experiments.effects import HAND, SEEN_MODELS, Effect
from pft.experiments.settings import Demonstrations
from pft.render.charts import Chart, line_chart
from pft.render.tables import text_table
from pft.substrate.lm import TinyLM
from pft.substrate.maths import rng

__all__ = ["EFFECTS", "Point", "Result", "Settings", "run"]


@dataclass(frozen=True)
class Settings(Demonstrations):
    """What the experiment varies and how much data it uses."""

    shots: tuple[int, ...] = (0, 1, 2, 4, 8, 16)
    """Numbers of demonstrations tried."""
    template: str = "sentiment"
    sets: int = 10
    """Demonstration draws each point is averaged over."""


@dataclass(frozen=True)
class Point(result.Row):
    """Results for one number of demonstrations."""

    shots: int
    used: float        # demonstrations that fit the context, averaged over sets
    exact: float       # share of answers that are exactly the right label word
    on_format: float   # share of answers that are a label word at all


@dataclass(frozen=True)
class Result(result.Rows[Point]):
    """The learning curve, one row per number of demonstrations, and the model's context size."""

    context_size: int

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        return text_table("{shots:>11} {used:>14.1f} {on_format:>20.2f} {exact:>11.2f}",
                          ("demos asked", "demos that fit", "answers a label word", "right label"), self.rows)

    def chart(self) -> Chart:
        """The results as a chart, for `pft.show`."""
        return line_chart(
            f"Few-shot accuracy against demonstrations (context {self.context_size} tokens)",
            "demonstrations in the prompt", "share of test reviews",
            {"answers with a label word": [(p.shots, round(p.on_format, 3)) for p in self.rows],
             "answers with the right label": [(p.shots, round(p.exact, 3)) for p in self.rows]},
            y_range=(0.0, 1.0))


def run(*, seed: int = 0, settings: Settings = Settings()) -> Result:
    """The curve for demonstration sets and test examples drawn with `seed`."""
    s = settings
    lm = TinyLM.pretrained()
    test, pool = s.examples(seed)
    r = rng(f"few-shot:{seed}")
    draws = [r.sample(range(len(pool)), max(s.shots)) for _ in range(s.sets)]
    scored: dict[tuple[int, ...], tuple[float, float]] = {}
    cache: dict = {}   # each test query's own states, whatever the demonstrations
    points = []
    for k in s.shots:
        used, exact, on_format = [], [], []
        for draw in draws:
            chosen = draw[len(draw) - k:]
            clf = template_classifier(lm, s.template, demos=[pool[i] for i in chosen], cache=cache)
            kept = tuple(chosen[len(chosen) - len(clf.demos):])
            if kept not in scored:
                answers = [(clf.answer(ex.text), clf.verbaliser[ex.sentiment]) for ex in test]
                scored[kept] = (mean(a == want for a, want in answers),
                                mean(a in clf.verbaliser.values() for a, _ in answers))
            used.append(len(kept))
            exact.append(scored[kept][0])
            on_format.append(scored[kept][1])
        points.append(Point(k, mean(used), mean(exact), mean(on_format)))
    return Result(tuple(points), lm.context_size)


PAGE = "prompt-engineering/customization"


def _labels_gain(r: Result) -> float:
    return mean(p.exact for p in r.rows if p.shots > 0) - r.row(0).exact


def _format_gain(r: Result) -> float:
    return min(p.on_format for p in r.rows if p.shots > 0) - r.row(0).on_format


EFFECTS = (
    Effect(
        "format", PAGE,
        "Without demonstrations the model almost never answers with a label word (at most 10%); with any "
        "number of them, at least 90% of its answers are label words.",
        holds=lambda r: r.row(0).on_format <= 0.1 and min(p.on_format for p in r.rows if p.shots > 0) >= 0.9,
        measure=_format_gain, unit="points", mean_at_least=0.8,
        mechanism="the induction head copies the word that followed \"sentiment :\" in the demonstrations; "
                  "its match bonus and gate are set by hand",
        origin=HAND),
    Effect(
        "labels-less", PAGE,
        "The share of right labels rises by at least 30 points, but less than the share of label words.",
        holds=lambda r: 0.3 <= _labels_gain(r) < _format_gain(r),
        measure=_labels_gain, unit="points", mean_at_least=0.3,
        mechanism="the head copies a label word; which one is left to the language model's reading of the "
                  "review and to the demonstrations' lean",
        origin=HAND),
    Effect(
        "rise-to-cap", PAGE,
        "On average, accuracy is no lower with four demonstrations than with one; on single "
        "seeds it can be lower (the range is shown).",
        measure=lambda r: r.row(4).exact - r.row(1).exact, unit="points", mean_at_least=0.0,
        mechanism="more demonstrations spread the head's copy weight over both labels",
        origin=HAND,
        revised="until December 2026 this sentence said accuracy is no lower with four demonstrations than with "
                "one, seed by seed; barely more than half of the other pretrained models bore that out, and fewer "
                f"than half of sixteen more tried afterwards. {SEEN_MODELS}. Later that month the words \"as many "
                "as fit\" were dropped from it: four do not always fit in the context (the table above shows how "
                "many do); what is checked did not change"),
)
