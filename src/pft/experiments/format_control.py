"""Experiment 8: control over the output format, three ways.

Required format: the answer is exactly "positive" or "negative", then a full
stop. The model continues "review : <text> sentiment :" (`TEMPLATE`) by sampling
(at `Settings.temperature`, a seed per review), in three conditions:

- plain: the prompt alone. Pretraining text never had this layout, so the
  model rarely answers in the format.
- instructed: an instruction document first, showing the format
  ("say sentiment : positive . or sentiment : negative ."). The induction head
  copies from it, so most answers follow the format, but sampling still strays.
- constrained: the plain prompt, with constrained decoding (only a label word,
  then only a full stop, may be sampled): the format holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from pft.adapt.decoding import generate, obeys
from pft.adapt.prompting import TEMPLATES
from pft.experiments import result
from pft.experiments.effects import HAND, TRAINING, Effect
from pft.experiments.settings import BaseSettings
from pft.render.charts import Chart, bar_chart
from pft.render.tables import text_table
from pft.substrate.lm import TinyLM
from pft.substrate.world import World

__all__ = ["EFFECTS", "CONDITIONS", "INSTRUCTION", "LABELS", "TEMPLATE", "Result", "Row", "Settings", "run"]

TEMPLATE, VERBALISER = TEMPLATES["sentiment"]
"""The prompt layout ("review : <text> sentiment :") and its answer words, which pretraining never showed."""

LABELS = tuple(VERBALISER.values())
"""The answer words the required format allows."""

INSTRUCTION = "say " + " or ".join(f"{TEMPLATE.split('{text}')[-1].strip()} {word} ." for word in LABELS)
"""The instruction document of the instructed condition: the format, shown for each answer word."""

CONDITIONS = ("plain", "instructed", "constrained")


@dataclass(frozen=True)
class Settings(BaseSettings):
    """The reviews and how answers are sampled."""

    domain: str = "general"
    test: int = 40
    """Reviews per condition."""
    temperature: float = 1.0
    """Sampling temperature."""
    max_tokens: int = 4
    """Longest answer sampled."""


@dataclass(frozen=True)
class Row(result.Row):
    """One condition: share of answers in the format, share with the right label, one example answer."""

    condition: str
    obeyed: float
    right: float
    example: str


@dataclass(frozen=True)
class Result(result.Rows[Row]):
    """The three conditions."""

    def table(self) -> str:
        """The results as a plain-text table, for the page."""
        return text_table("{condition:<12} {obeyed:>9.2f} {right:>11.2f}  {example!r}",
                          ("condition", "in format", "right label", "first answer"), self.rows)

    def chart(self) -> Chart:
        """The results as a chart, for `pft.show`."""
        return bar_chart("Answers in the required format", "condition", "share of answers", list(CONDITIONS),
                         {"in format": [round(self.row(c).obeyed, 3) for c in CONDITIONS],
                          "right label": [round(self.row(c).right, 3) for c in CONDITIONS]},
                         y_range=(0.0, 1.0))


def run(*, seed: int = 0, settings: Settings = Settings()) -> Result:
    """Sample one answer per review and condition, with seeds derived from `seed`."""
    s = settings
    lm = TinyLM.pretrained()
    reviews = World(seed=seed).examples(s.domain, s.test, seed=1)
    rows = []
    for condition in CONDITIONS:
        answers = []
        for i, ex in enumerate(reviews):
            query = TEMPLATE.format(text=ex.text)
            prompt = [INSTRUCTION, query] if condition == "instructed" else [query]
            grammar = [LABELS, (".",)] if condition == "constrained" else None
            answers.append(generate(lm, prompt, max_tokens=s.max_tokens, temperature=s.temperature,
                                    seed=seed * 1000 + i, grammar=grammar))
        rows.append(Row(
            condition=condition,
            obeyed=mean(obeys(a, LABELS) for a in answers),
            right=mean(obeys(a, LABELS) and a[0] == VERBALISER[ex.sentiment] for a, ex in zip(answers, reviews)),
            example=" ".join(answers[0]),
        ))
    return Result(tuple(rows))


PAGE = "key-differences/control"

EFFECTS = (
    Effect(
        "instruction", PAGE,
        "The bare prompt almost never produces the format (at most 10% of answers); a line showing the format "
        "makes at least 30 points more of the answers follow it, but not all of them.",
        holds=lambda r: (r.row("plain").obeyed <= 0.1 and r.row("instructed").obeyed >= r.row("plain").obeyed + 0.3
                         and r.row("instructed").obeyed < 1.0),
        measure=lambda r: r.row("instructed").obeyed - r.row("plain").obeyed, unit="points", mean_at_least=0.4,
        mechanism="the induction head copies the words that followed \"sentiment :\" in the instruction line; "
                  "its match bonus and gate are set by hand, and sampling still strays",
        origin=HAND),
    Effect(
        "constrained-wrong-labels", PAGE,
        "Under constrained decoding every answer is well formed (a mask makes it so), yet at least one in ten "
        "carries the wrong label (share shown).",
        holds=lambda r: r.row("constrained").obeyed == 1.0 and r.row("constrained").right <= 0.9,
        measure=lambda r: r.row("constrained").obeyed - r.row("constrained").right, unit="percent",
        mean_at_least=0.1,
        mechanism="the mask forbids every other word (set by hand); the label is sampled from what the "
                  "pretrained model believes",
        origin=TRAINING),
)
