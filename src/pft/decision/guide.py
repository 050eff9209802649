"""Decision guide: prompt, fine-tune, or both? A short questionnaire turned into advice.

The logic is a fixed sequence of yes/no questions, [`STEPS`][pft.decision.guide.STEPS]. Each answer either
adds something to the plan (retrieval, an evaluation set) and moves on, or settles the
method (prompting or fine-tuning). The site draws its flowchart from the same
[`STEPS`][pft.decision.guide.STEPS], so the chart and this function cannot disagree.

Pure Python with no dependencies, so it also runs in the reader's browser. It stays one
module of about 350 lines because the questions, the advice they lead to and its printed
form are one piece of policy, reviewed together; most of the length is the questions'
wording and evidence.

Example:
    >>> advice = decide({"labelled_examples": 40, "calls_per_day": 500,
    ...                  "strict_format": False, "knowledge_changes_often": True})
    >>> advice.summary
    'Prompt + retrieval'
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields

from pft.substrate.checks import check_choice, check_number

__all__ = ["ACTIONS", "DEFAULT", "HOW_TO_FINE_TUNE", "METHODS", "STEPS", "Answers", "Outcome", "Reason",
           "Recommendation", "Step", "Thresholds", "decide"]


@dataclass(frozen=True)
class Answers:
    """The questionnaire's answers.

    Attributes:
        labelled_examples: Input/output pairs you could train on (0 if none).
        calls_per_day: Expected production calls per day.
        strict_format: Must every output follow a strict format (a schema, a fixed label set)?
        knowledge_changes_often: Do answers depend on facts that change often or that the
            base model cannot know (private documents, recent events)?
        has_test_set: Do you have a test set and a success criterion to measure against?
        latency_budget_ms: The most a call may take, in milliseconds (``None``: no budget).
        prompt_latency_ms: How long a call with your few-shot prompt takes, in milliseconds
            (``None``: not measured).
    """

    labelled_examples: int
    calls_per_day: float
    strict_format: bool
    knowledge_changes_often: bool
    has_test_set: bool = True
    latency_budget_ms: float | None = None
    prompt_latency_ms: float | None = None

    def __post_init__(self) -> None:
        for name, kind in (("strict_format", bool), ("knowledge_changes_often", bool), ("has_test_set", bool)):
            value = getattr(self, name)
            if value is None:
                raise ValueError(f"{name} is missing: answer True or False")
            if not isinstance(value, kind):
                raise ValueError(f"{name} must be True or False, got {value!r}")
        check_number("labelled_examples", self.labelled_examples, integer=True)
        check_number("calls_per_day", self.calls_per_day)
        for name in ("latency_budget_ms", "prompt_latency_ms"):
            if getattr(self, name) is not None:
                check_number(name, getattr(self, name), positive=True)


@dataclass(frozen=True)
class Thresholds:
    """The policy behind the questions. The defaults are starting points, not laws: change them.

    Attributes:
        min_examples_to_tune: Fewer labelled examples than this and prompting wins. A prompt
            has been measured to be worth on the order of a hundred or more examples
            (Le Scao & Rush, 2021), and cloud guides suggest tuning from about 100.
        break_even_calls_per_day: Calls per day above which the fine-tuned model is cheaper,
            from the cost calculator (``pft.decision.pricing``). ``None`` skips the volume question.
    """

    min_examples_to_tune: int = 100
    break_even_calls_per_day: float | None = None

    def __post_init__(self) -> None:
        check_number("min_examples_to_tune", self.min_examples_to_tune, integer=True)
        if self.break_even_calls_per_day is not None and self.break_even_calls_per_day != math.inf:
            check_number("break_even_calls_per_day", self.break_even_calls_per_day)


# ---------------------------------------------------------------- the questions

METHODS = ("prompt", "fine-tune")
"""The methods an [`Outcome`][pft.decision.guide.Outcome] can settle on."""

ACTIONS = ("next", "add-retrieval", "add-evaluation", *METHODS)
"""Every action an [`Outcome`][pft.decision.guide.Outcome] may take."""


@dataclass(frozen=True)
class Outcome:
    """What one answer to a question does.

    Attributes:
        action: ``"next"`` (go on), ``"add-retrieval"`` or ``"add-evaluation"`` (add to the
            plan and go on), or ``"prompt"`` / ``"fine-tune"`` (settle the method and stop).
        reason: Why, in one sentence (may use ``{min_examples_to_tune}`` and the like).
        evidence: Where the evidence is: site pages (``page.md#anchor``) and references
            (``references.md#key``).
    """

    action: str
    reason: str
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_choice("action", self.action, ACTIONS)


@dataclass(frozen=True)
class Step:
    """One yes/no question of the guide.

    Attributes:
        key: Short identifier.
        question: The question as the flowchart shows it.
        test: Answers the question: ``True``, ``False``, or ``None`` when the questionnaire
            does not say (the step is then skipped with `unknown` as the reason).
        yes: Outcome of a yes.
        no: Outcome of a no.
        unknown: Reason given when the step is skipped.
    """

    key: str
    question: str
    test: Callable[[Answers, Thresholds], bool | None]
    yes: Outcome
    no: Outcome
    unknown: str = ""


WIDTH = 88
"""Line width of the printed advice."""

STEPS: tuple[Step, ...] = (
    Step(
        "test-set",
        "Do you have a test set and a success criterion?",
        lambda a, t: a.has_test_set,
        yes=Outcome("next", "You can measure each option instead of guessing.", ("faq.md#evaluations-first",)),
        no=Outcome(
            "add-evaluation",
            "Write a success criterion and collect a test set first: without one, no option can be shown to be better.",
            ("faq.md#evaluations-first",),
        ),
    ),
    Step(
        "knowledge",
        "Do answers depend on facts that change often or that the model cannot know?",
        lambda a, t: a.knowledge_changes_often,
        yes=Outcome(
            "add-retrieval",
            "Put the facts in the prompt by retrieval: fine-tuning is a slow and unreliable way to add facts.",
            ("synergy.md#hybrid-approaches", "faq.md#teach-facts", "references.md#ovadia2024", "references.md#gekhman2024"),
        ),
        no=Outcome("next", "The base model's knowledge is enough; no retrieval needed."),
    ),
    Step(
        "examples",
        "Do you have at least {min_examples_to_tune} labelled examples?",
        lambda a, t: a.labelled_examples >= t.min_examples_to_tune,
        yes=Outcome("next", "You have enough examples for fine-tuning to be worth trying.",
                    ("fine-tuning.md#use-cases", "references.md#howard2018")),
        no=Outcome(
            "prompt",
            "With fewer than {min_examples_to_tune} examples, a good prompt with a few of them as demonstrations "
            "is worth about as much as training on them.",
            ("prompt-engineering.md#customization", "faq.md#how-many-examples", "references.md#lescao2021",
             "references.md#brown2020"),
        ),
    ),
    Step(
        "format",
        "Must every output follow a strict format?",
        lambda a, t: a.strict_format,
        yes=Outcome(
            "fine-tune",
            "Fine-tuning on clean examples of the format holds it more reliably than instructions alone.",
            ("key-differences.md#control", "references.md#zhou2023"),
        ),
        no=Outcome("next", "Free-form output is easy to steer with the prompt."),
    ),
    Step(
        "volume",
        "Are your calls per day above the break-even volume?",
        lambda a, t: None if t.break_even_calls_per_day is None else a.calls_per_day >= t.break_even_calls_per_day,
        yes=Outcome(
            "fine-tune",
            "At this volume the shorter prompt of a fine-tuned model saves more than training and hosting cost.",
            ("key-differences.md#trade-off", "cost-calculator.md", "faq.md#cost-and-latency"),
        ),
        no=Outcome(
            "next",
            "Below the break-even volume the long prompt is cheaper than training and hosting.",
            ("key-differences.md#trade-off", "cost-calculator.md"),
        ),
        unknown="Volume was not compared with a break-even: compute yours with the cost calculator.",
    ),
    Step(
        "latency",
        "Is the few-shot prompt too slow for your latency budget?",
        lambda a, t: (None if a.latency_budget_ms is None or a.prompt_latency_ms is None
                      else a.prompt_latency_ms > a.latency_budget_ms),
        yes=Outcome(
            "fine-tune",
            "A fine-tuned model needs no demonstrations in the prompt, so each call reads fewer tokens.",
            ("faq.md#cost-and-latency",),
        ),
        no=Outcome("prompt", "Prompting meets every requirement given: start there, and revisit when volume grows.",
                   ("prompt-engineering.md#application", "faq.md#when-to-prompt")),
        unknown="Latency was not compared: measure your prompt's latency against your budget.",
    ),
)
"""The questions, in the order [`decide`][pft.decision.guide.decide] asks them and the flowchart draws them."""

DEFAULT = Outcome("prompt", "Nothing above calls for fine-tuning: prompt first, and revisit as volume grows.",
                  ("faq.md#when-to-prompt",))
"""What [`decide`][pft.decision.guide.decide] advises when no step settled the method."""

HOW_TO_FINE_TUNE = Outcome(
    "fine-tune",
    "Start with a low-rank adapter (LoRA): far fewer trained parameters, often the same quality; "
    "keep instructions in the prompt of the tuned model.",
    ("fine-tuning.md#versatility", "references.md#hu2022"),
)
"""The note added to every fine-tuning recommendation: how to start."""


# ---------------------------------------------------------------- the decision


@dataclass(frozen=True)
class Reason:
    """One line of the advice: the question, the answer, why, and where the evidence is."""

    step: str
    answer: str
    text: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """The advice: a method, what to add to it, and the reasons in the order they were reached.

    Attributes:
        method: ``"prompt"`` or ``"fine-tune"``.
        retrieval: Add retrieval of documents into the prompt.
        evaluation_first: Build a test set before comparing options.
        reasons: The answers that led here, one per question asked.
    """

    method: str
    retrieval: bool
    evaluation_first: bool
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> str:
        """One line, such as ``'Fine-tune (LoRA first) + retrieval'``."""
        text = "Prompt" if self.method == "prompt" else "Fine-tune (LoRA first)"
        if self.retrieval:
            text += " + retrieval"
        if self.evaluation_first:
            text = "Build a test set, then: " + text
        return text

    def __str__(self) -> str:
        lines = [f"Recommendation: {self.summary}"]
        for reason in self.reasons:
            lines += textwrap.wrap(f"- [{reason.step}: {reason.answer}] {reason.text}", WIDTH, subsequent_indent="  ")
            if reason.evidence:
                lines += textwrap.wrap("evidence: " + ", ".join(reason.evidence), WIDTH, initial_indent="    ",
                                       subsequent_indent="      ", break_on_hyphens=False)
        return "\n".join(lines)


def _answers(answers: Answers | Mapping[str, object]) -> Answers:
    if isinstance(answers, Answers):
        return answers
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a dict or an Answers, got {type(answers).__name__}")
    known = [f.name for f in fields(Answers)]
    unknown = sorted(set(answers) - set(known))
    if unknown:
        raise ValueError(f"unknown answers {unknown}; the questions are: {', '.join(known)}")
    missing = [f.name for f in fields(Answers) if f.default is MISSING and f.name not in answers]
    if missing:
        raise ValueError(f"missing answers: {', '.join(missing)}")
    return Answers(**answers)


def decide(answers: Answers | Mapping[str, object], thresholds: Thresholds | None = None) -> Recommendation:
    """Walk [`STEPS`][pft.decision.guide.STEPS] with the questionnaire's answers and return the advice.

    Args:
        answers: An [`Answers`][pft.decision.guide.Answers], or a dict with the same names.
        thresholds: The policy; [`Thresholds`][pft.decision.guide.Thresholds] defaults if ``None``.

    Returns:
        The recommended method, what to add, and the reasons with their evidence.

    Raises:
        ValueError: If an answer is missing, unknown, of the wrong type, negative or not finite.
    """
    a = _answers(answers)
    t = thresholds if thresholds is not None else Thresholds()
    values = {"min_examples_to_tune": t.min_examples_to_tune}
    retrieval = evaluation_first = False
    reasons: list[Reason] = []
    method = ""
    for step in STEPS:
        result = step.test(a, t)
        if result is None:
            reasons.append(Reason(step.key, "not given", step.unknown))
            continue
        outcome = step.yes if result else step.no
        reasons.append(Reason(step.key, "yes" if result else "no", outcome.reason.format(**values), outcome.evidence))
        retrieval |= outcome.action == "add-retrieval"
        evaluation_first |= outcome.action == "add-evaluation"
        if outcome.action in METHODS:
            method = outcome.action
            break
    if not method:
        method = DEFAULT.action
        reasons.append(Reason("default", "-", DEFAULT.reason, DEFAULT.evidence))
    if method == "fine-tune":
        reasons.append(Reason("how", "-", HOW_TO_FINE_TUNE.reason, HOW_TO_FINE_TUNE.evidence))
    return Recommendation(method, retrieval, evaluation_first, tuple(reasons))
