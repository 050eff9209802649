"""Experiment 1: the wording of a zero-shot prompt, and choosing it on a dev split.

The pretrained `TinyLM` classifies the sentiment of general-domain reviews with
each of the named templates in `pft.adapt.prompting.TEMPLATES`, no demonstrations.
Templates whose wording and answer words resemble how the pretraining text
summarises a review work; others barely beat a coin. Then, on several fresh
dev/test splits, the template with the best dev accuracy is checked against
the test split: does the dev choice also win (or come near the top) on test?
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from pft.adapt.classifier import accuracy
from pft.adapt.prompting import TEMPLATES, template_classifier
from pft.experiments import result
from pft.experiments.effects import DATA, Effect
from pft.experiments.settings import BaseSettings
from pft.render.charts import Chart, bar_chart
from pft.render.tables import text_table
from pft.substrate.lm import TinyLM
from pft.substrate.world import World

__all__ = ["EFFECTS", "Result", "Row", "Settings", "run"]


@dataclass(frozen=True)
class Settings(BaseSettings):
    """The reviews and the dev/test splits drawn from them."""

    domain: str = "general"
    splits: int = 4
    """Dev/test splits drawn."""
    dev: int = 48
    """Examples per dev split. With 24, the dev choice lost to a random pick on about one seed in thirty of
    the tuning seeds; 48 was chosen on them after a check on 100 seeds no one had used."""
    test: int = 24
    """Examples per test split."""


@dataclass(frozen=True)
class Row(result.Row):
    """One template: how its prompt ends, its answer words, and its test accuracy averaged over splits."""

    template: str
    ending: str
    words: str
    test: float

    @property
    def prompt(self) -> str:
        """How the prompt ends, then its answer words: "<ending> -> <word>/<word>"."""
        return f"{self.ending} -> {self.words}"


@dataclass(frozen=True)
class Result(result.Result):
    """Accuracy of every template on each split's dev and test examples."""

    templates: tuple[str, ...]
    dev: tuple[tuple[float, ...], ...]   # dev[split][template]
    test: tuple[tuple[float, ...], ...]  # test[split][template]

    @property
    def rows(self) -> tuple[Row, ...]:
        """One row per template, best test accuracy first (ties in template order)."""
        rows = [Row(name, TEMPLATES[name][0].split("{text}")[-1].strip(), "/".join(TEMPLATES[name][1].values()),
                    mean(split[i] for split in self.test)) for i, name in enumerate(self.templates)]
        return tuple(sorted(rows, key=lambda r: -r.test))

    @property
    def spread(self) -> float:
        """Best minus worst mean test accuracy across templates."""
        means = [r.test for r in self.rows]
        return max(means) - min(means)

    def chosen(self) -> list[int]:
        """Per split, the index of the template with the best dev accuracy (first on ties)."""
        return [max(range(len(d)), key=lambda i: (d[i], -i)) for d in self.dev]

    def chosen_test_rank(self) -> list[int]:
        """Per split, the dev-chosen template's rank on test (1 = best; ties share the best rank)."""
        return [1 + sum(x > t[c] for x in t) for c, t in zip(self.chosen(), self.test)]

    def chosen_test_accuracy(self) -> float:
        """Test accuracy of the dev-chosen template, averaged over splits."""
        return mean(t[c] for c, t in zip(self.chosen(), self.test))

    def random_test_accuracy(self) -> float:
        """Expected test accuracy of a template picked at random, averaged over splits."""
        return mean(mean(t) for t in self.test)

    def wins(self) -> int:
        """Splits in which the dev-chosen template is (jointly) best on test."""
        return sum(r == 1 for r in self.chosen_test_rank())

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        lines = [text_table("{template:<11} {prompt:<34} {test:>13.2f}",
                            ("template", "prompt ends with -> answer words", "test accuracy"), self.rows)]
        ranks = self.chosen_test_rank()
        lines.append(f"best minus worst: {self.spread:.2f}")
        lines.append(f"dev-chosen template's rank on test, per split: {ranks} "
                     f"(best in {self.wins()} of {len(ranks)}; by chance about {len(ranks) / len(self.templates):.1f})")
        lines.append(f"test accuracy of the dev-chosen template: {self.chosen_test_accuracy():.2f}; "
                     f"of a template picked at random: {self.random_test_accuracy():.2f}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """The results as a chart, for `pft.show`."""
        return bar_chart("Zero-shot accuracy by prompt template", "template", "test accuracy",
                         [r.template for r in self.rows], {"accuracy": [round(r.test, 3) for r in self.rows]},
                         y_range=(0.0, 1.0))


def run(*, seed: int = 0, settings: Settings = Settings()) -> Result:
    """Evaluate every template on dev/test splits drawn with `seed`."""
    s = settings
    lm = TinyLM.pretrained()
    world = World(seed=seed)
    names = tuple(TEMPLATES)
    cache: dict = {}   # the six templates that start with the review share its hidden states
    classifiers = [template_classifier(lm, n, cache=cache) for n in names]
    dev, test = [], []
    for i in range(s.splits):
        d = world.examples(s.domain, s.dev, seed=2 * i)
        t = world.examples(s.domain, s.test, seed=2 * i + 1)
        dev.append(tuple(accuracy(c, d) for c in classifiers))
        test.append(tuple(accuracy(c, t) for c in classifiers))
    return Result(names, tuple(dev), tuple(test))


PAGE = "prompt-engineering/precision"
MISSES_CLAUSE = "without always finding the test winner"
"""What the dev-choice sentence said of the choice's misses before they were checked on their own."""

EFFECTS = (
    Effect(
        "wording", PAGE,
        "Wording alone moves zero-shot accuracy a long way: the best and the worst template differ by at "
        "least 15 points.",
        at_least=0.15,
        measure=lambda r: r.spread, unit="points", mean_at_least=0.2,
        mechanism="how often the world's corpus follows a review with each summary (\"it was good .\", "
                  "\"i felt happy .\"); those frequencies are set by hand in pft.substrate.world.SUMMARIES "
                  "and learned by pretraining",
        origin=DATA),
    Effect(
        "dev-choice", PAGE,
        "Choosing the template on a dev split beats picking one at random on test.",
        above=0.0,
        measure=lambda r: r.chosen_test_accuracy() - r.random_test_accuracy(), unit="points",
        mean_at_least=0.03,
        mechanism="templates differ for a reason the dev split also sees (the corpus frequencies above)",
        origin=DATA,
        revised=f"until December 2026 this sentence went on \"{MISSES_CLAUSE}\", which nothing checked; that "
                "clause is now an effect of its own, below"),
    Effect(
        "dev-misses", PAGE,
        "The dev split's choice does not always find the template that wins on test (the share of splits in "
        "which it does is shown).",
        measure=lambda r: r.wins() / len(r.chosen()), unit="percent", mean_at_least=None, not_always=1.0,
        mechanism=f"a dev split of {Settings.dev} reviews ranks templates of close accuracy partly by chance",
        origin=DATA),
)
