"""Decision guide: prompt, fine-tune, or both? Questions around an evaluation gate, turned into a plan.

Each of [`QUESTIONS`][pft.decision.guide.QUESTIONS] is asked in order. An answer adds steps
to the plan (build a test set, structured outputs, retrieval, caching...) and records facts
(prompting falls short, this model can be tuned...). The method is then the first of
[`RULES`][pft.decision.guide.RULES] whose facts all hold. Without a test set nothing can
be measured, so the plan starts by building one and the rest is marked provisional.

The site draws its flowchart from the same questions and rules, so the chart and this
function cannot disagree. Pure Python with no dependencies, so it also runs in the page.

Why one module: the questions, what each answer does, the rules and `decide`, which walks
them, are one questionnaire that is read and reviewed together; most of its length is the
questionnaire's own wording, declared as data.

Example:
    >>> decide(Answers(test_set="no")).summary
    'Provisional: first build a test set and write down the bar; measure prompting on your test set; then prompt'
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, fields

from pft.decision.fields import check, choice, specs
from pft.render.prose import listed

__all__ = ["COST_ANSWERS", "FACTS", "PLAN", "QUESTIONS", "RULES", "UNMEASURED", "Answers", "Effect", "Question", "Reason",
           "Recommendation", "Rule", "decide", "effective", "set_aside"]

YES_NO = (("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True)
class Answers:
    """The questionnaire's answers; every default is the cautious one."""

    test_set: str = choice("no", "Do you have a test set and a success bar for this task?", YES_NO,
                           help="Inputs with the outputs you expect, and the score a method must reach.")
    strict_format: str = choice("no", "Must every output follow a strict format (a schema, a fixed set of labels)?",
                                YES_NO)
    changing_knowledge: str = choice("no", "Do answers depend on facts that change, or that the model cannot know?",
                                     YES_NO, help="Private documents, prices, anything after the model was trained.")
    prompting: str = choice("not-measured", "On your test set, does prompting reach the bar?", (
        ("reaches-bar", "Yes: it reaches the bar"),
        ("falls-short", "No: it falls short"),
        ("not-measured", "Not measured yet"),
    ), help="With the structured outputs and retrieval above, where they apply.")
    can_tune: str = choice("no", "Can the model you use be fine-tuned where you run it?", YES_NO,
                           help="Your provider offers tuning for it, or you host its open weights.")
    cheapest: str = choice("not-computed", "Which option does the cost calculator find cheapest at your volume?", (
        ("prompted", "Prompting (with or without caching)"),
        ("tuned", "The fine-tuned large model"),
        ("small", "A fine-tuned smaller model (per token or self-hosted)"),
        ("not-computed", "Not computed yet"),
    ), help="Where it finds another option costs least over the model's life, up-front costs included, that one.")
    latency: str = choice("not-measured", "Does a prompted call meet your latency budget?", (
        ("meets", "Yes"),
        ("slow-first-token", "No: the wait before the first token is too long"),
        ("slow-generation", "No: writing the answer (or reasoning) takes too long"),
        ("not-measured", "Not measured yet"),
    ))
    small_model: str = choice("no", "Is there a smaller model you could fine-tune and run where your data may go?",
                              YES_NO)
    safety: str = choice("no", "Do you rely on the model's safety behaviour (refusals, harmful content)?", YES_NO)
    data_residency: str = choice("no", "Must prompts and training data stay in a region or on your own machines?",
                                 YES_NO)

    def __post_init__(self) -> None:
        check(self)


COST_ANSWERS: dict[str, str] = {
    "prompted": "prompted", "cached": "prompted", "tuned": "tuned", "small": "small", "self-hosted": "small",
}
"""The cost calculator's cheapest option (a key of `pft.decision.pricing.OPTIONS`) -> the answer to `cheapest`."""


# ---------------------------------------------------------------- what answers do


PLAN: dict[str, str] = {
    "test-set": "build a test set and write down the bar",
    "measure": "measure prompting on your test set",
    "structured-outputs": "structured outputs",
    "retrieval": "retrieval",
    "caching": "prompt caching",
    "shorter-output": "shorter answers or less reasoning",
    "cost": "price the options in the cost calculator",
    "safety-evals": "safety tests in the test set, run again after any tuning",
    "residency": "a deployment that keeps data where it must stay",
}
"""Plan step key -> how the advice names it, in the order the plan lists them."""
FIRST = ("test-set", "measure")
"""Plan steps that come before the method in the one-line summary."""
WITH = ("structured-outputs", "retrieval", "caching")
"""Plan steps the one-line summary names with the method."""

FACTS: dict[str, str] = {
    "provisional": "nothing measured yet",
    "bar-met": "prompting reaches the bar",
    "quality-gap": "prompting falls short",
    "tunable": "this model can be fine-tuned",
    "cost-tuned": "the tuned large model is cheapest",
    "cost-small": "a tuned smaller model is cheapest",
    "slow-generation": "writing the answer is too slow",
    "small-available": "a smaller tunable model is available",
}
"""Fact key -> its meaning, as the flowchart's rules name it."""


@dataclass(frozen=True)
class Effect:
    """What one answer does.

    Attributes:
        reason: Why, in one sentence.
        evidence: Where the evidence is: ``page.md#anchor`` or ``references.md#key``.
        plan: Steps this answer adds to the plan (keys of [`PLAN`][pft.decision.guide.PLAN]).
        facts: Facts this answer establishes (keys of [`FACTS`][pft.decision.guide.FACTS]).
    """

    reason: str
    evidence: tuple[str, ...] = ()
    plan: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question: the answer field it reads and the effect of each possible answer."""

    key: str
    effects: Mapping[str, Effect]

    @property
    def text(self) -> str:
        return specs(Answers)[self.key].label

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return specs(Answers)[self.key].options


QUESTIONS: tuple[Question, ...] = (
    Question("test_set", {
        "yes": Effect("You can measure every option against the bar instead of guessing.",
                      ("faq.md#evaluations-first",)),
        "no": Effect("Build a test set and write down the bar first: without one no option can be shown to be "
                     "better, so everything below is provisional.",
                     ("faq.md#evaluations-first",), plan=("test-set",), facts=("provisional",)),
    }),
    Question("strict_format", {
        "yes": Effect("Use structured outputs or constrained decoding first: the model can then only produce valid "
                      "outputs, with no training. Check accuracy on your test set, since strict formats can lower "
                      "reasoning quality.",
                      ("what-the-article-missed.md#structured-outputs", "key-differences.md#control", "references.md#tam2024"),
                      plan=("structured-outputs",)),
        "no": Effect("Free-form output is steered by the prompt."),
    }),
    Question("changing_knowledge", {
        "yes": Effect("Put the facts in the prompt by retrieval: fine-tuning adds facts slowly and unreliably, and "
                      "they go stale.",
                      ("synergy.md#hybrid-approaches", "faq.md#teach-facts", "what-the-article-missed.md#retrieval-beyond-ovadia",
                       "references.md#ovadia2024", "references.md#gekhman2024"), plan=("retrieval",)),
        "no": Effect("The model's own knowledge is enough; no retrieval needed."),
    }),
    Question("prompting", {
        "reaches-bar": Effect("Prompting already reaches the bar: keep it. Below, only cost and latency can make "
                              "tuning worth it.", ("faq.md#when-to-prompt",), facts=("bar-met",)),
        "falls-short": Effect("Prompting falls short of the bar on your test set: fine-tuning is worth trying for "
                              "quality.", ("faq.md#when-to-fine-tune", "what-the-article-missed.md#fair-comparisons"),
                              facts=("quality-gap",)),
        "not-measured": Effect("Measure prompting on the test set before anything else: the advice below assumes "
                               "it reaches the bar, and is provisional until you know.",
                               ("faq.md#evaluations-first",), plan=("measure",), facts=("provisional",)),
    }),
    Question("can_tune", {
        "yes": Effect("This model can be fine-tuned where you run it: check until when the provider will take new "
                      "tuning jobs and serve the tuned model.", ("what-the-article-missed.md#model-lifecycle",),
                      facts=("tunable",)),
        "no": Effect("This model cannot be fine-tuned where you run it: tuning means another model, such as a "
                     "smaller one you can tune.", ("fine-tuning.md#versatility", "what-the-article-missed.md#model-lifecycle")),
    }),
    Question("cheapest", {
        "prompted": Effect("At your volume prompting is the cheapest option.", ("cost-calculator.md#calculator",)),
        "tuned": Effect("At your volume the fine-tuned large model is the cheapest option: its shorter prompt saves "
                        "more than training costs.", ("cost-calculator.md#calculator", "key-differences.md#trade-off"),
                        facts=("cost-tuned",)),
        "small": Effect("At your volume a fine-tuned smaller model is the cheapest option, if it reaches the bar.",
                        ("cost-calculator.md#calculator",), facts=("cost-small",)),
        "not-computed": Effect("Cost was not compared: price the options with the cost calculator.",
                               ("cost-calculator.md#calculator",), plan=("cost",)),
    }),
    Question("latency", {
        "meets": Effect("Latency needs nothing more."),
        "slow-first-token": Effect("The wait before the first token grows with the prompt's length: cache the fixed "
                                   "prompt, which cuts that wait, before shortening it by fine-tuning.",
                                   ("what-the-article-missed.md#prompt-caching", "faq.md#cost-and-latency"), plan=("caching",)),
        "slow-generation": Effect("Writing the answer dominates: a tuned model of the same size writes as slowly. "
                                  "Shorten the answer or the reasoning, or use a smaller model.",
                                  ("faq.md#cost-and-latency", "what-the-article-missed.md#distillation"), plan=("shorter-output",),
                                  facts=("slow-generation",)),
        "not-measured": Effect("Latency was not measured: time your prompted calls, split into the wait for the "
                               "first token and the time to write the answer.", ("faq.md#cost-and-latency",)),
    }),
    Question("small_model", {
        "yes": Effect("A smaller model you can tune is available: it can learn the task from the large model's "
                      "checked outputs.", ("what-the-article-missed.md#distillation", "references.md#hsieh2023"), facts=("small-available",)),
        "no": Effect("No smaller tunable model is available."),
    }),
    Question("safety", {
        "yes": Effect("Keep safety tests in your test set and run them again after any tuning: fine-tuning, even on "
                      "harmless data, can weaken a model's safety behaviour.",
                      ("what-the-article-missed.md#safety-after-fine-tuning", "references.md#qi2024"), plan=("safety-evals",)),
        "no": Effect("No safety behaviour to protect beyond the usual."),
    }),
    Question("data_residency", {
        "yes": Effect("Choose where prompts and training data go: hosted tuning sends the training set to the "
                      "provider; an open-weight model you host keeps both in house.",
                      ("cost-calculator.md#calculator",), plan=("residency",)),
        "no": Effect("No constraint on where data goes."),
    }),
)
"""The questions, in the order [`decide`][pft.decision.guide.decide] asks them and the flowchart draws them."""


@dataclass(frozen=True)
class Rule:
    """One way to settle the method: applies when all of ``all_of``, any of ``any_of`` (if given)
    and none of ``none_of`` are among the facts."""

    key: str
    method: str
    reason: str
    evidence: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()

    def applies(self, facts: set[str]) -> bool:
        return (set(self.all_of) <= facts and (not self.any_of or bool(facts & set(self.any_of)))
                and not facts & set(self.none_of))


RULES: tuple[Rule, ...] = (
    Rule("distil", "fine-tune a smaller model on the large model's checked outputs",
         "A smaller tuned model is cheaper or faster, and the large prompted model can teach it: label inputs with "
         "the large model, check them, tune the small one, and compare both on the test set.",
         ("what-the-article-missed.md#distillation", "references.md#hsieh2023"), all_of=("small-available",),
         any_of=("cost-small", "slow-generation"), none_of=("quality-gap",)),
    Rule("tune-quality", "fine-tune this model (a low-rank adapter first)",
         "Prompting falls short and this model can be tuned: first search for a better prompt on a development set, "
         "and keep the prompt if that closes the gap; if not, tune it on examples of the behaviour (the failures "
         "logged while prompting are a start), starting with a low-rank adapter, and keep the instructions in its "
         "prompt.",
         ("what-the-article-missed.md#prompt-optimisation", "fine-tuning.md#versatility", "faq.md#lora-or-full",
          "references.md#hu2022"),
         all_of=("quality-gap", "tunable")),
    Rule("tune-cost", "fine-tune this model to shorten its prompt",
         "Prompting is good enough but a tuned model is cheaper at your volume: tune it so that the demonstrations "
         "leave the prompt, and check it still reaches the bar.",
         ("key-differences.md#trade-off", "cost-calculator.md#calculator"), all_of=("cost-tuned", "tunable"),
         none_of=("quality-gap",)),
    Rule("switch", "improve the prompt, or move to a model you can tune",
         "Prompting falls short and this model cannot be tuned: search for a better prompt on the test set, or "
         "move to a model you can tune, and measure again.",
         ("what-the-article-missed.md#prompt-optimisation", "references.md#khattab2024"), all_of=("quality-gap",)),
    Rule("prompt", "prompt",
         "Nothing above calls for tuning: prompt, and revisit when volume, latency or the bar change.",
         ("faq.md#when-to-prompt",)),
)
"""The methods, tried in order: the first that applies is the advice. The last always applies."""


# ---------------------------------------------------------------- the decision


@dataclass(frozen=True)
class Reason:
    """One line of the advice: the question, the answer, why, and where the evidence is."""

    question: str
    answer: str
    text: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """The advice.

    Attributes:
        rule: Key of the [`Rule`][pft.decision.guide.Rule] that settled the method.
        method: The method, in words.
        plan: Plan step keys, in [`PLAN`][pft.decision.guide.PLAN] order.
        provisional: True when nothing has been measured yet.
        reasons: One reason per question, then the rule's.
    """

    rule: str
    method: str
    plan: tuple[str, ...]
    provisional: bool
    reasons: tuple[Reason, ...]

    @property
    def summary(self) -> str:
        """One line, such as ``'Prompt, with structured outputs and retrieval'``."""
        first = [PLAN[k] for k in self.plan if k in FIRST]
        extras = [PLAN[k] for k in self.plan if k in WITH]
        text = self.method + (", with " + listed(extras) if extras else "")
        if first:
            text = "first " + "; ".join(first) + "; then " + text
        return "Provisional: " + text if self.provisional else text[0].upper() + text[1:]

    def __str__(self) -> str:
        lines = textwrap.wrap(f"Recommendation: {self.summary}", WIDTH, subsequent_indent="  ")
        if self.plan:
            lines += textwrap.wrap("Plan: " + "; ".join(PLAN[k] for k in self.plan) + ".", WIDTH,
                                   subsequent_indent="  ")
        for reason in self.reasons:
            lines += textwrap.wrap(f"- [{reason.question}: {reason.answer}] {reason.text}", WIDTH,
                                   subsequent_indent="  ", break_on_hyphens=False)
            if reason.evidence:
                lines += textwrap.wrap("evidence: " + ", ".join(reason.evidence), WIDTH, initial_indent="    ",
                                       subsequent_indent="      ", break_on_hyphens=False)
        return "\n".join(lines)


WIDTH = 88
"""Line width of the printed advice."""


def _answers(answers: Answers | Mapping[str, object]) -> Answers:
    if isinstance(answers, Answers):
        return answers
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a dict or an Answers, got {type(answers).__name__}")
    known = [f.name for f in fields(Answers)]
    unknown = sorted(set(answers) - set(known))
    if unknown:
        raise ValueError(f"unknown answers {unknown}; the questions are: {', '.join(known)}")
    return Answers(**answers)


UNMEASURED = "without a test set, prompting cannot have been measured"
"""Why the guide takes prompting as not measured whatever was answered, when there is no test set."""


def effective(a: Answers, key: str) -> str:
    """The answer the guide uses: the one given, except as `UNMEASURED` says."""
    value = getattr(a, key)
    if key == "prompting" and a.test_set == "no":
        return "not-measured"
    return value


def set_aside(a: Answers, key: str) -> str:
    """``""`` when the guide uses the answer to ``key`` as given, else what it uses instead, and why."""
    used = effective(a, key)
    if used == getattr(a, key):
        return ""
    return f"taken as \u201c{dict(specs(Answers)[key].options)[used]}\u201d: {UNMEASURED}"


def decide(answers: Answers | Mapping[str, object]) -> Recommendation:
    """Ask [`QUESTIONS`][pft.decision.guide.QUESTIONS] of the answers and settle the method by [`RULES`][pft.decision.guide.RULES].

    Args:
        answers: An [`Answers`][pft.decision.guide.Answers], or a dict with some of its names
            (the others keep their cautious defaults).

    Raises:
        ValueError: If an answer is unknown or not one of its question's choices.
    """
    a = _answers(answers)
    plan: set[str] = set()
    facts: set[str] = set()
    reasons = []
    for question in QUESTIONS:
        value = effective(a, question.key)
        effect = question.effects[value]
        plan.update(effect.plan)
        facts.update(effect.facts)
        reasons.append(Reason(question.key, value, effect.reason, effect.evidence))
    rule = next(r for r in RULES if r.applies(facts))
    reasons.append(Reason("method", rule.key, rule.reason, rule.evidence))
    ordered = tuple(k for k in PLAN if k in plan)
    return Recommendation(rule.key, rule.method, ordered, "provisional" in facts, tuple(reasons))
