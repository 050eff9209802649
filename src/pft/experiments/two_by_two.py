"""Experiment 9: prompt engineering and fine-tuning combined, as a 2 x 2 table.

Rows: the frozen language model used through a prompt alone ("base"), and a
classifier fine-tuned on labelled examples on top of that prompted model
(`pft.adapt.linear.LogisticRegression` with the prompt as its prior: the prompt is
where training starts, as in prompt-based fine-tuning). Columns: a plain
prompt (a first-try layout, "review : ... sentiment :") and an engineered one:
for each model, the template that scores best on a separate development split,
which is what prompt engineering does. Each cell is test accuracy. Fine-tuning fixes what the prompt gets wrong about the domain;
the better prompt gives fine-tuning a better start, so the combination wins.

What is simplified: "fine-tuned" here trains a bag-of-words correction on
top of a frozen model, not the model's own weights (see `pft.adapt.finetune` for
that); it is cheap enough to run in a page and keeps the prompt in the loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.adapt.classifier import accuracy
from pft.substrate.checks import check_choice
from pft.render.charts import Chart, bar_chart
from pft.adapt.linear import LogisticRegression, memoize
from pft.substrate.lm import TinyLM
from pft.adapt.prompting import TEMPLATES, template_classifier
from pft.substrate.world import DOMAINS, SENTIMENTS, World

__all__ = ["Result", "SETTINGS", "run"]

SETTINGS = {"plain": "sentiment", "train": 64, "dev": 60, "test": 250, "lr": 0.1, "steps": 20, "l2": 0.5}
"""The plain template, labelled examples for training, development and test, head training settings."""


@dataclass(frozen=True)
class Result:
    """Test accuracy of each cell, and the template each model chose on the development split."""

    domain: str
    plain: str
    engineered: dict[str, str]
    dev_scores: dict[str, dict[str, float]]
    cells: dict[tuple[str, str], float]

    def best_single(self) -> float:
        """The best cell that uses only one of the two techniques."""
        return max(self.cells[("base", "engineered")], self.cells[("fine-tuned", "plain")])

    def table(self) -> str:
        """The 2 x 2 table of test accuracies."""
        lines = [f"{'':<11} {'plain prompt':>13} {'engineered prompt':>18}"]
        for model in ("base", "fine-tuned"):
            lines.append(f"{model:<11} {self.cells[(model, 'plain')]:>13.1%} {self.cells[(model, 'engineered')]:>18.1%}")
        return "\n".join(lines)

    def chart(self) -> Chart:
        """Grouped bars: accuracy of each model with each prompt."""
        return bar_chart(
            f"Prompting and fine-tuning on {self.domain} texts", "model", "test accuracy",
            ["base", "fine-tuned"],
            {
                "plain prompt": [self.cells[(m, "plain")] for m in ("base", "fine-tuned")],
                "engineered prompt": [self.cells[(m, "engineered")] for m in ("base", "fine-tuned")],
            },
            y_range=(0.0, 1.0),
        )


def run(domain: str = "support", seed: int = 0) -> Result:
    """Fill the 2 x 2 table on ``domain`` with the pretrained model."""
    check_choice("domain", domain, DOMAINS)
    s = SETTINGS
    world = World(seed=seed)
    train = world.examples(domain, s["train"], seed=1)
    test = world.examples(domain, s["test"], seed=2)
    dev = world.examples(domain, s["dev"], seed=3)
    lm = TinyLM.pretrained()
    models: dict[str, dict[str, LogisticRegression]] = {"base": {}, "fine-tuned": {}}
    for name in sorted(TEMPLATES):
        prior = memoize(template_classifier(lm, name))
        # Untrained, the classifier predicts exactly what the prompt does.
        models["base"][name] = LogisticRegression(SENTIMENTS, prior=prior)
        tuned = LogisticRegression(SENTIMENTS, prior=prior, lr=s["lr"], steps=s["steps"], l2=s["l2"])
        models["fine-tuned"][name] = tuned.fit(train)
    dev_scores = {m: {name: accuracy(c, dev) for name, c in models[m].items()} for m in models}
    engineered = {m: max(scores, key=scores.get) for m, scores in dev_scores.items()}
    cells = {}
    for m in models:
        cells[(m, "plain")] = accuracy(models[m][s["plain"]], test)
        cells[(m, "engineered")] = accuracy(models[m][engineered[m]], test)
    return Result(domain, s["plain"], engineered, dev_scores, cells)
