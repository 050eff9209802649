"""Experiment 3: order, majority and recency bias, and contextual calibration.

Four demonstrations are drawn at random (so some sets lean to one label), and
each set is tried in several different orders. The induction head copies the label words
that follow the demonstrations, more so for the label most demonstrations have
and for the nearest ones, so accuracy swings with the set and the order.
Contextual calibration (Zhao et al. 2021) asks the same prompt about a
content-free query (`pft.adapt.prompting.CONTENT_FREE`), reads off how much the prompt alone favours each
label, and divides that out. The experiment reports accuracy across all
(set, order) prompts before and after calibration.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations
from statistics import mean, pstdev

from pft.adapt.classifier import argmax_label
from pft.adapt.prompting import template_classifier
from pft.experiments import result
from pft.experiments.settings import Demonstrations
from pft.render.charts import Chart, bar_chart
from pft.substrate.lm import TinyLM
from pft.substrate.maths import rng

__all__ = ["Prompt", "Result", "Settings", "Summary", "run"]


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
    calibrated: float        # accuracy with contextual calibration
    predicted_positive: float  # share of test reviews called positive, without calibration


@dataclass(frozen=True)
class Summary:
    """Accuracy across all prompts, without or with calibration."""

    condition: str           # "without calibration" or "with calibration"
    mean: float
    sd: float
    worst: float
    best: float

    @property
    def key(self) -> str:
        return self.condition


@dataclass(frozen=True)
class Result(result.Result):
    """All prompts tried; the rows summarise them without and with calibration."""

    prompts: tuple[Prompt, ...]

    @property
    def rows(self) -> tuple[Summary, Summary]:
        """Mean, standard deviation, worst and best accuracy across prompts, without and with calibration."""
        return tuple(Summary(name, mean(xs), pstdev(xs), min(xs), max(xs)) for name, xs in (
            ("without calibration", [p.raw for p in self.prompts]),
            ("with calibration", [p.calibrated for p in self.prompts])))

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        lines = [f"{'set':>3} {'labels in order':>15} {'p(+|no content)':>15} {'says +':>6} {'accuracy':>8} "
                 f"{'calibrated':>10}"]
        for p in self.prompts:
            lines.append(f"{p.set_index:>3} {p.labels:>15} {p.content_free_positive:>15.2f} "
                         f"{p.predicted_positive:>6.2f} {p.raw:>8.2f} {p.calibrated:>10.2f}")
        for r in self.rows:
            lines.append(f"{r.condition:<20}: mean {r.mean:.2f}, spread (sd) {r.sd:.2f}, worst {r.worst:.2f}, "
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
            raw = [argmax_label(clf.uncalibrated_proba(ex.text)) for ex in test]
            cal = [clf.predict(ex.text) for ex in test]
            prompts.append(Prompt(
                set_index=i + 1,
                labels="".join("+" if d.sentiment == "positive" else "-" for d in clf.demos),
                content_free_positive=clf.content_free_proba["positive"],
                raw=mean(p == ex.sentiment for p, ex in zip(raw, test)),
                calibrated=mean(p == ex.sentiment for p, ex in zip(cal, test)),
                predicted_positive=mean(p == "positive" for p in raw),
            ))
    return Result(tuple(prompts))
