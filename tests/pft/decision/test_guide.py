"""The decision guide: its rules, its refusals of bad input, and the flowchart drawn from it."""

from __future__ import annotations

import doctest
import html
import math
import re

import pytest

import pft.decision.guide
from pft.decision.guide import STEPS, Answers, Outcome, Thresholds, decide

BASE = {"labelled_examples": 500, "calls_per_day": 1000, "strict_format": False, "knowledge_changes_often": False}


def test_the_doctest_holds():
    assert doctest.testmod(pft.decision.guide).failed == 0


def test_few_examples_mean_prompting_whatever_else_is_asked():
    for strict in (False, True):
        advice = decide({**BASE, "labelled_examples": 99, "strict_format": strict},
                        Thresholds(break_even_calls_per_day=10))
        assert advice.method == "prompt"
        assert advice.reasons[-1].step == "examples"


def test_the_example_threshold_is_inclusive_and_configurable():
    assert decide({**BASE, "labelled_examples": 100, "strict_format": True}).method == "fine-tune"
    assert decide({**BASE, "labelled_examples": 100, "strict_format": True}, Thresholds(min_examples_to_tune=101)).method == "prompt"


def test_a_strict_format_with_enough_examples_means_fine_tuning():
    advice = decide({**BASE, "strict_format": True})
    assert (advice.method, advice.retrieval) == ("fine-tune", False)
    assert any("hu2022" in e for r in advice.reasons for e in r.evidence), "fine-tuning advice should point to LoRA"


def test_changing_knowledge_adds_retrieval_to_either_method():
    assert decide({**BASE, "knowledge_changes_often": True}).summary == "Prompt + retrieval"
    tuned = decide({**BASE, "knowledge_changes_often": True, "strict_format": True})
    assert tuned.summary == "Fine-tune (LoRA first) + retrieval"


def test_volume_decides_only_against_a_given_break_even():
    assert decide({**BASE, "calls_per_day": 1e9}).method == "prompt"
    skipped = [r for r in decide(BASE).reasons if r.step == "volume"]
    assert skipped and skipped[0].answer == "not given"
    assert decide({**BASE, "calls_per_day": 5000}, Thresholds(break_even_calls_per_day=5000)).method == "fine-tune"
    assert decide({**BASE, "calls_per_day": 4999}, Thresholds(break_even_calls_per_day=5000)).method == "prompt"
    assert decide({**BASE, "calls_per_day": 1e9}, Thresholds(break_even_calls_per_day=math.inf)).method == "prompt"


def test_latency_over_budget_means_fine_tuning():
    assert decide({**BASE, "latency_budget_ms": 300, "prompt_latency_ms": 450}).method == "fine-tune"
    assert decide({**BASE, "latency_budget_ms": 300, "prompt_latency_ms": 250}).method == "prompt"


def test_no_test_set_puts_evaluation_first():
    advice = decide({**BASE, "has_test_set": False})
    assert advice.evaluation_first and advice.summary.startswith("Build a test set")


def test_every_reason_is_printed():
    advice = decide({**BASE, "strict_format": True})
    text = str(advice)
    assert text.splitlines()[0] == f"Recommendation: {advice.summary}"
    flat = " ".join(text.split())
    assert all(r.text in flat for r in advice.reasons)
    assert max(len(line) for line in text.splitlines()) <= pft.decision.guide.WIDTH


@pytest.mark.parametrize("change, message", [
    ({"labelled_examples": -5}, "labelled_examples must be zero or more"),
    ({"calls_per_day": -1.0}, "calls_per_day must be zero or more"),
    ({"labelled_examples": None}, "labelled_examples is missing"),
    ({"calls_per_day": float("nan")}, "calls_per_day must be a finite number"),
    ({"labelled_examples": 2.5}, "labelled_examples must be a whole number"),
    ({"calls_per_day": "many"}, "calls_per_day must be a number"),
    ({"strict_format": "yes"}, "strict_format must be True or False"),
    ({"strict_format": None}, "strict_format is missing"),
    ({"latency_budget_ms": 0}, "latency_budget_ms must be positive"),
    ({"colour": "blue"}, r"unknown answers \['colour'\]"),
])
def test_bad_answers_get_a_message_naming_them(change, message):
    with pytest.raises(ValueError, match=message):
        decide({**BASE, **change})


def test_a_missing_answer_is_named():
    with pytest.raises(ValueError, match="missing answers: calls_per_day"):
        decide({k: v for k, v in BASE.items() if k != "calls_per_day"})
    with pytest.raises(ValueError, match="must be a dict"):
        decide([1, 2])
    with pytest.raises(ValueError, match="break_even_calls_per_day must be zero or more"):
        Thresholds(break_even_calls_per_day=-3)


def test_answers_objects_are_accepted():
    assert decide(Answers(**BASE)) == decide(BASE)


def test_an_outcome_with_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="action must be one of"):
        Outcome("jump", "no such action")


def test_each_path_through_the_steps_ends_in_the_method_its_answers_call_for():
    # Without a break-even or latency figure, only the examples and the format settle the method;
    # changing knowledge adds retrieval and nothing else.
    for strict in (False, True):
        for knowledge in (False, True):
            for examples in (0, 1000):
                advice = decide({**BASE, "strict_format": strict, "knowledge_changes_often": knowledge,
                                 "labelled_examples": examples})
                expected = "fine-tune" if strict and examples >= Thresholds().min_examples_to_tune else "prompt"
                assert (advice.method, advice.retrieval) == (expected, knowledge)


def test_the_flowchart_shows_every_step_and_outcome_of_the_function(built_site):
    page = (built_site.dir / "decision-guide" / "index.html").read_text(encoding="utf-8")
    chart = page[page.index('class="pft-flow"'):]
    chart = html.unescape(re.sub(r"<[^>]+>", "", chart))
    values = {"min_examples_to_tune": Thresholds().min_examples_to_tune}
    for step in STEPS:
        assert step.question.format(**values) in chart, step.key
        for outcome in (step.yes, step.no):
            assert outcome.reason.format(**values) in chart, (step.key, outcome.reason)
    assert chart.index(STEPS[0].question) < chart.index(STEPS[-1].question)
    assert pft.decision.guide.DEFAULT.reason in chart and pft.decision.guide.HOW_TO_FINE_TUNE.reason in chart


def test_every_evidence_target_exists():
    import sys

    import yaml

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "docs_tools"))
    import bibliography

    pinned = yaml.safe_load((ROOT / "tests" / "pinned_anchors.yml").read_text(encoding="utf-8"))
    keys = {work.key for work in bibliography.load()}
    outcomes = [o for step in STEPS for o in (step.yes, step.no)] + [pft.decision.guide.DEFAULT]
    outcomes.append(pft.decision.guide.HOW_TO_FINE_TUNE)
    targets = {t for o in outcomes for t in o.evidence}
    for target in sorted(targets):
        page, _, anchor = target.partition("#")
        assert (ROOT / "docs" / page).is_file(), target
        if page == "references.md":
            assert anchor in keys, target
        elif anchor:
            assert anchor in pinned.get(page.removesuffix(".md") + "/", []), f"{target}: not a pinned anchor"
