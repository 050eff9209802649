"""Classifying by prompting: a template, verbaliser words, demonstrations, calibration.

API (stable):

- `PromptClassifier(lm, template, verbaliser, demos=(), calibrate=False,
  instruction="", cache=None, content_free=CONTENT_FREE)` implements `pft.adapt.classifier.Classifier` with a frozen language model.
- `TEMPLATES`: named templates with their verbalisers, used by the experiments.
- `format_demo(template, verbaliser, example)`: the text one demonstration adds.

How a prediction is made. The prompt is the instruction, then one line per
demonstration ("<template with its text> <label word> ."), then the template
filled with the query, e.g. "the plot was dull . it was bad ." then "the cast
was superb . it was". Each is a separate document: the language model reads the
query alone, and the induction head reads everything (see `pft.substrate.lm`). The model's next-word probabilities of the verbaliser words
("good" for positive, "bad" for negative) are renormalised into label
probabilities. Demonstrations that would push the prompt past the model's
context are dropped, oldest first, as one has to with a real context window.

Classifiers that share a ``cache`` (a dict) on the same model, which must not
change while they are used, compute each query's hidden states and the language
model's own next-word distribution once: the language model reads only the query,
so those do not depend on the demonstrations, and a query text's states are the
start of the states of every template that begins with the text. Only the
induction head, which reads the demonstrations, runs per classifier. The answers
are exactly those without the cache.

Contextual calibration (Zhao et al. 2021): the same prompt with a content-free
query (`CONTENT_FREE`) shows how much the prompt alone favours each label; dividing
the label probabilities by those and renormalising removes that bias.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pft.adapt.classifier import argmax_label
from pft.substrate.checks import check_positive_int
from pft.substrate.lm import TinyLM, Trace
from pft.substrate.world import SENTIMENTS, SUMMARIES, Example, tokenize

__all__ = ["CONTENT_FREE", "ZHAO_CONTENT_FREE", "QUERY_RESERVE", "PromptClassifier", "SUMMARY_TEMPLATE_NAMES", "TEMPLATES", "format_demo",
           "template_classifier"]

SUMMARY_TEMPLATE_NAMES = ("it was", "overall", "i felt", "verdict", "in short", "would say")
"""Short names of the templates made from the corpus's summary sentences, in the order of
`pft.substrate.world.SUMMARIES`."""

TEMPLATES: dict[str, tuple[str, dict[str, str]]] = {
    **{name: ("{text} " + frame.removesuffix(" {w} ."), dict(zip(SENTIMENTS, (positive, negative))))
       for name, (frame, positive, negative, _) in zip(SUMMARY_TEMPLATE_NAMES, SUMMARIES, strict=True)},
    "sentiment": ("review : {text} sentiment :", {"positive": "positive", "negative": "negative"}),
    "answer": ("question : {text} answer :", {"positive": "yes", "negative": "no"}),
}
"""Template name -> (template with a "{text}" slot, verbaliser label -> word).

The first six end the review as a summary sentence of the pretraining corpus begins
(`pft.substrate.world.SUMMARIES`) and answer with its words; the last two use layouts the
corpus never has."""

CONTENT_FREE: tuple[str, ...] = ("the usual .",)
"""Content-free queries for calibration (label probabilities averaged over them).

A choice made for this toy after seeing results, so a tuned one. Zhao et al.'s own strings
translated to our vocabulary ("n/a", "<unk>" for "[MASK]", and the empty text), averaged as they
do, are not read by our model as a neutral review: it never saw them in pretraining, so the label
lean it shows after them includes an arbitrary lean of its own. Dividing that out still removes
most of the spread across prompts, but moves mean accuracy up on some seeds and down on others.
A review that says nothing ("the usual .") is inside the model's experience, so the lean it shows
is the prompt's. The calibration experiment reports both, the tuned choice beside the untuned one."""

ZHAO_CONTENT_FREE: tuple[str, ...] = ("n/a", "<unk>", "")
"""Zhao et al.'s content-free strings in our vocabulary ("N/A", "[MASK]" as "<unk>", the empty text)."""

QUERY_RESERVE = 16
"""Tokens kept free for the query when fitting demonstrations into the context."""


def format_demo(template: str, verbaliser: Mapping[str, str], example: Example) -> str:
    """One demonstration: the filled template, the label's word and a full stop."""
    return f"{template.format(text=example.text)} {verbaliser[example.sentiment]} ."


class PromptClassifier:
    """Sentiment classifier made of a frozen `TinyLM`, a prompt and verbaliser words."""

    def __init__(self, lm: TinyLM, template: str, verbaliser: Mapping[str, str],
                 demos: Sequence[Example] = (), calibrate: bool = False, instruction: str = "",
                 cache: dict | None = None, content_free: Sequence[str] = CONTENT_FREE) -> None:
        if "{text}" not in template:
            raise ValueError(f"template must contain a {{text}} slot, got {template!r}")
        if len(verbaliser) < 2:
            raise ValueError(f"verbaliser must map at least 2 labels to words, got {dict(verbaliser)!r}")
        for label, word in verbaliser.items():
            if word not in lm.index:
                raise ValueError(f"verbaliser word {word!r} for {label!r} is not in the vocabulary")
        self.lm, self.template, self.verbaliser = lm, template, dict(verbaliser)
        self.instruction = instruction
        self.cache = cache
        self.labels: tuple[str, ...] = tuple(verbaliser)
        self.word_ids = [lm.index[w] for w in verbaliser.values()]
        budget = lm.context_size - QUERY_RESERVE
        kept: list[Example] = []
        used = len(tokenize(instruction))
        for demo in reversed(list(demos)):
            n = len(tokenize(format_demo(template, verbaliser, demo)))
            if used + n > budget:
                break
            kept.insert(0, demo)
            used += n
        self.demos = tuple(kept)
        docs = [instruction] + [format_demo(template, verbaliser, d) for d in kept]
        self._docs: list[Trace] = [lm.trace(lm.encode(d)) for d in docs if d.strip()]
        self.calibrate = calibrate
        self.content_free = tuple(content_free)
        self._bias = self._content_free_scores() if calibrate else None

    @property
    def prompt_tokens(self) -> int:
        """Tokens the instruction and demonstrations add to every query."""
        return sum(len(d.ids) for d in self._docs)

    def prompt(self, text: str) -> str:
        """The full prompt for `text`, one document per line, as the model reads it."""
        return "\n".join([self.lm.decode(d.ids) for d in self._docs] + [self.template.format(text=text)])

    def next_token_probs(self, text: str) -> list[float]:
        """The model's full next-token distribution after the prompt for `text`."""
        trace, p_lm = self._query(text)
        return self.lm.probs_after(trace, earlier=self._docs, lm_probs=p_lm)

    def _query(self, text: str) -> tuple[Trace, list[float] | None]:
        """The query's trace and (with a cache) the language model's own next-token distribution."""
        filled = self.template.format(text=text)
        if self.cache is not None and filled in self.cache:
            return self.cache[filled]
        query = self.lm.encode(filled)
        if not query:
            raise ValueError("the filled template is empty")
        if self.cache is None:
            return self.lm.trace(query), None
        prefix = None
        if self.template.startswith("{text}") and text.strip():
            key = ("text", text)
            if key not in self.cache:
                self.cache[key] = self.lm.trace(self.lm.encode(text))
            prefix = self.cache[key]
        trace = self.lm.trace(query, prefix)
        self.cache[filled] = (trace, self.lm.lm_probs(trace.hidden[-1]))
        return self.cache[filled]

    def answer(self, text: str) -> str:
        """The word the model would say next (greedy), whether or not it is a verbaliser word."""
        p = self.next_token_probs(text)
        return self.lm.vocab[max(range(len(p)), key=p.__getitem__)]

    def _content_free_scores(self) -> list[float]:
        rows = [self._raw(text) for text in self.content_free]
        rows = [[x / sum(row) for x in row] for row in rows]
        return [sum(col) / len(rows) for col in zip(*rows)]

    def _raw(self, text: str) -> list[float]:
        p = self.next_token_probs(text)
        return [p[i] for i in self.word_ids]

    def predict_proba(self, text: str) -> dict[str, float]:
        """Label probabilities from the verbaliser words' probabilities (calibrated if asked)."""
        return self._normalise(self._raw(text), calibrated=True)

    def uncalibrated_proba(self, text: str) -> dict[str, float]:
        """Label probabilities without calibration, even if the classifier calibrates."""
        return self._normalise(self._raw(text), calibrated=False)

    def _normalise(self, scores: list[float], calibrated: bool) -> dict[str, float]:
        if calibrated and self._bias is not None:
            scores = [s / b for s, b in zip(scores, self._bias)]
        total = sum(scores)
        return {label: s / total for label, s in zip(self.labels, scores)}

    @property
    def content_free_proba(self) -> dict[str, float] | None:
        """Label probabilities for the content-free query (None unless calibrating)."""
        return None if self._bias is None else self._normalise(self._bias, calibrated=False)

    def predict(self, text: str) -> str:
        """The most probable label."""
        return argmax_label(self.predict_proba(text))

    def trainable_parameters(self) -> int:
        """Prompting changes no weight."""
        return 0


def template_classifier(lm: TinyLM, name: str, **kwargs: object) -> PromptClassifier:
    """A `PromptClassifier` from one of the named `TEMPLATES`."""
    if name not in TEMPLATES:
        raise ValueError(f"unknown template {name!r}; allowed: {sorted(TEMPLATES)}")
    template, verbaliser = TEMPLATES[name]
    check_positive_int("context_size", lm.context_size, minimum=QUERY_RESERVE + 1)
    return PromptClassifier(lm, template, verbaliser, **kwargs)  # type: ignore[arg-type]
