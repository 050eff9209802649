"""Experiment 2: the few-shot learning curve, up to the context limit.

The prompt is "review : <text> sentiment :", and the model must answer with
the exact label word, "positive" or "negative". Pretraining text never used
that layout, so without demonstrations the model answers with some other word.
Each demonstration shows the layout and the label words; the induction head
copies them, so exact answers rise quickly with the first demonstrations, then
flatten: once the context (64 tokens) is full, older demonstrations are
dropped and more of them change nothing. Accuracy is averaged over several
random demonstration sets per number of demonstrations.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from pft.base import check_positive_int, rng
from pft.charts import Chart, line_chart
from pft.lm import TinyLM
from pft.prompting import template_classifier
from pft.world import World

__all__ = ["Result", "run", "SHOTS", "SETTINGS"]

SHOTS = (0, 1, 2, 4, 8, 16)
"""Numbers of demonstrations tried."""

SETTINGS = {"domain": "general", "template": "sentiment", "sets": 6, "test": 30, "pool": 200}
"""Domain, template, demonstration sets per point, test examples, pool the demonstrations come from."""


@dataclass(frozen=True)
class Point:
    """Results for one number of demonstrations."""

    shots: int
    used: float        # demonstrations that fit the context, averaged over sets
    exact: float       # share of answers that are exactly the right label word
    on_format: float   # share of answers that are a label word at all


@dataclass(frozen=True)
class Result:
    """The learning curve and the model's context size."""

    points: tuple[Point, ...]
    context_size: int

    def at(self, shots: int) -> Point:
        """The point for `shots` demonstrations."""
        return next(p for p in self.points if p.shots == shots)

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        lines = [f"{'demos asked':>11} {'demos that fit':>14} {'answers a label word':>20} {'right label':>11}"]
        for p in self.points:
            lines.append(f"{p.shots:>11} {p.used:>14.1f} {p.on_format:>20.2f} {p.exact:>11.2f}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """The results as a chart, for `pft.show`."""
        return line_chart(
            f"Few-shot accuracy against demonstrations (context {self.context_size} tokens)",
            "demonstrations in the prompt", "share of test reviews",
            {"answers with a label word": [(p.shots, round(p.on_format, 3)) for p in self.points],
             "answers with the right label": [(p.shots, round(p.exact, 3)) for p in self.points]},
            y_range=(0.0, 1.0))


def run(seed: int = 0, sets: int | None = None) -> Result:
    """The curve for demonstration sets and test examples drawn with `seed`."""
    sets = SETTINGS["sets"] if sets is None else sets
    check_positive_int("sets", sets)
    lm = TinyLM.pretrained()
    world = World(seed=seed)
    test = world.examples(SETTINGS["domain"], SETTINGS["test"], seed=1)
    pool = world.examples(SETTINGS["domain"], SETTINGS["pool"], seed=2)
    r = rng(f"few-shot:{seed}")
    points = []
    for k in SHOTS:
        used, exact, on_format = [], [], []
        for _ in range(sets if k else 1):
            clf = template_classifier(lm, SETTINGS["template"], demos=r.sample(pool, k))
            answers = [(clf.answer(ex.text), clf.verbaliser[ex.sentiment]) for ex in test]
            used.append(len(clf.demos))
            exact.append(mean(a == want for a, want in answers))
            on_format.append(mean(a in clf.verbaliser.values() for a, _ in answers))
        points.append(Point(k, mean(used), mean(exact), mean(on_format)))
    return Result(tuple(points), lm.context_size)
