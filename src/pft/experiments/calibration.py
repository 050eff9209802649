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
from pft.substrate.checks import check_positive_int
from pft.substrate.maths import rng
from pft.render.charts import Chart, bar_chart
from pft.substrate.lm import TinyLM
from pft.adapt.prompting import template_classifier
from pft.substrate.world import World

__all__ = ["Prompt", "Result", "run", "SETTINGS"]

SETTINGS = {"domain": "general", "template": "it was", "shots": 4, "sets": 5, "orders": 4, "test": 30, "pool": 200}
"""Domain, template, demonstrations per prompt, demonstration sets, orders per set, test examples, pool."""


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
class Result:
    """All prompts tried."""

    prompts: tuple[Prompt, ...]

    def stats(self, calibrated: bool) -> tuple[float, float, float, float]:
        """Mean, standard deviation, minimum and maximum accuracy across prompts."""
        xs = [p.calibrated if calibrated else p.raw for p in self.prompts]
        return mean(xs), pstdev(xs), min(xs), max(xs)

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        lines = [f"{'set':>3} {'labels in order':>15} {'p(+|no content)':>15} {'says +':>6} {'accuracy':>8} "
                 f"{'calibrated':>10}"]
        for p in self.prompts:
            lines.append(f"{p.set_index:>3} {p.labels:>15} {p.content_free_positive:>15.2f} "
                         f"{p.predicted_positive:>6.2f} {p.raw:>8.2f} {p.calibrated:>10.2f}")
        for name, cal in (("without calibration", False), ("with calibration", True)):
            m, s, lo, hi = self.stats(cal)
            lines.append(f"{name:<20}: mean {m:.2f}, spread (sd) {s:.2f}, worst {lo:.2f}, best {hi:.2f}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """The results as a chart, for `pft.show`."""
        names = ["mean", "worst", "best", "sd"]
        series = {}
        for name, cal in (("without calibration", False), ("with calibration", True)):
            m, s, lo, hi = self.stats(cal)
            series[name] = [round(m, 3), round(lo, 3), round(hi, 3), round(s, 3)]
        return bar_chart("Few-shot accuracy across demonstration sets and orders", "statistic over prompts",
                         "accuracy", names, series, y_range=(0.0, 1.0))


def run(seed: int = 0, sets: int | None = None) -> Result:
    """Try `sets` random demonstration sets, each in several orders, drawn with `seed`."""
    sets = SETTINGS["sets"] if sets is None else sets
    check_positive_int("sets", sets)
    lm = TinyLM.pretrained()
    world = World(seed=seed)
    test = world.examples(SETTINGS["domain"], SETTINGS["test"], seed=1)
    pool = world.examples(SETTINGS["domain"], SETTINGS["pool"], seed=2)
    r = rng(f"calibration:{seed}")
    prompts = []
    cache: dict = {}   # each test query's own states, whatever the demonstrations
    for i in range(sets):
        demos = r.sample(pool, SETTINGS["shots"])
        for perm in r.sample(list(permutations(range(len(demos)))), SETTINGS["orders"]):
            order = [demos[j] for j in perm]
            clf = template_classifier(lm, SETTINGS["template"], demos=order, calibrate=True, cache=cache)
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
