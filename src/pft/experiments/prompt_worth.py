"""Experiment 4: how many labelled examples is a prompt worth? (Le Scao & Rush 2021)

Two bag-of-words classifiers (`pft.adapt.linear.LogisticRegression`) learn the same
task from the same first N labelled examples. One starts from zero; the other
starts from the prompted language model (its label probabilities enter as a
prior logit, so with N = 0 it *is* the prompted model). Both learning curves
are measured on held-out examples, and the prompt's worth is the horizontal
gap between them: how many more examples the zero-initialised classifier needs
to reach the same accuracy, averaged over the points of the prompt's curve that
the other curve reaches (linear interpolation between measured sizes).
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.adapt.classifier import accuracy
from pft.substrate.checks import check_choice
from pft.render.charts import Chart, line_chart
from pft.adapt.linear import LogisticRegression, memoize
from pft.substrate.lm import TinyLM
from pft.adapt.prompting import TEMPLATES, template_classifier
from pft.substrate.world import DOMAINS, SENTIMENTS, World

__all__ = ["Result", "SETTINGS", "SIZES", "examples_worth", "run"]

SIZES = (0, 16, 32, 64, 128, 256)
"""Numbers of labelled examples the curves are measured at."""

SETTINGS = {"test": 200, "lr": 0.1, "steps": 30, "l2": 0.5}
"""Held-out examples, and the training settings both classifiers share."""

Curve = list[tuple[int, float]]


def _examples_to_reach(curve: Curve, target: float) -> float | None:
    """First (interpolated) number of examples at which ``curve`` reaches ``target``."""
    if curve[0][1] >= target:
        return float(curve[0][0])
    for (n0, a0), (n1, a1) in zip(curve, curve[1:]):
        if a0 < target <= a1:
            return n0 + (n1 - n0) * (target - a0) / (a1 - a0)
    return None


def examples_worth(zero: Curve, prompted: Curve) -> float | None:
    """Mean horizontal gap between two learning curves, in examples (``None`` if never reached).

    For each point ``(n, accuracy)`` of the ``prompted`` curve, find how many
    examples the ``zero`` curve needs for that accuracy, and average the
    differences over the points where it gets there.
    """
    gaps = []
    for n, acc in prompted:
        needed = _examples_to_reach(zero, acc)
        if needed is not None:
            gaps.append(needed - n)
    return sum(gaps) / len(gaps) if gaps else None


@dataclass(frozen=True)
class Result:
    """Both learning curves and the prompt's worth in examples."""

    domain: str
    template: str
    zero: Curve
    prompted: Curve

    @property
    def worth(self) -> float | None:
        """The prompt's worth in labelled examples (see `examples_worth`)."""
        return examples_worth(self.zero, self.prompted)

    def table(self) -> str:
        """Accuracy of both classifiers at each training-set size."""
        lines = [f"{'examples':>8} {'from zero':>10} {'from prompt':>12}"]
        for (n, a), (_, b) in zip(self.zero, self.prompted):
            lines.append(f"{n:>8} {a:>10.1%} {b:>12.1%}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """The two learning curves."""
        return line_chart(
            f"Sentiment of {self.domain} texts: learning curves", "labelled examples", "test accuracy",
            {"from zero": self.zero, f"from the prompt \"{self.template}\"": self.prompted},
            y_range=(0.4, 1.0),
        )


def run(domain: str = "support", seed: int = 0, template: str = "it was", sizes: tuple[int, ...] = SIZES) -> Result:
    """Measure both learning curves on ``domain`` with the pretrained model and ``template``."""
    check_choice("domain", domain, DOMAINS)
    check_choice("template", template, sorted(TEMPLATES))
    s = SETTINGS
    world = World(seed=seed)
    pool = world.examples(domain, max(sizes), seed=1)
    test = world.examples(domain, s["test"], seed=2)
    prior = memoize(template_classifier(TinyLM.pretrained(), template))
    zero, prompted = [], []
    for n in sizes:
        for curve, p in ((zero, None), (prompted, prior)):
            model = LogisticRegression(SENTIMENTS, prior=p, lr=s["lr"], steps=s["steps"], l2=s["l2"])
            curve.append((n, accuracy(model.fit(pool[:n]), test)))
    return Result(domain, template, zero, prompted)
