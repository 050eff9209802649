"""The decision guide: its rules over the whole answer space, its refusals of bad input, and its doctest."""

from __future__ import annotations

import doctest
import itertools

import pytest

import pft.decision.guide as guide_module
from pft.decision.fields import specs
from pft.decision.guide import FACTS, PLAN, QUESTIONS, RULES, Answers, decide, effective


def every_answer():
    names = list(specs(Answers))
    for values in itertools.product(*(spec.values for spec in specs(Answers).values())):
        yield Answers(**dict(zip(names, values)))


ALL = [(a, decide(a)) for a in every_answer()]


def test_the_doctest_holds():
    assert doctest.testmod(guide_module).failed == 0


def test_the_answer_space_is_the_product_of_the_choices():
    sizes = [len(spec.values) for spec in specs(Answers).values()]
    assert len(ALL) == __import__("math").prod(sizes) > 1000


def test_every_branch_and_every_rule_is_reached_by_some_answer():
    reached = {(q.key, effective(a, q.key)) for a, _ in ALL for q in QUESTIONS}
    branches = {(q.key, value) for q in QUESTIONS for value in q.effects}
    assert branches == reached
    assert {advice.rule for _, advice in ALL} == {r.key for r in RULES}


def test_every_question_has_an_effect_for_each_of_its_choices_and_names_known_plan_steps_and_facts():
    for q in QUESTIONS:
        assert set(q.effects) == set(specs(Answers)[q.key].values), q.key
        for effect in q.effects.values():
            assert set(effect.plan) <= set(PLAN) and set(effect.facts) <= set(FACTS)
    for rule in RULES:
        assert set(rule.all_of + rule.any_of + rule.none_of) <= set(FACTS)
    assert not (RULES[-1].all_of or RULES[-1].any_of or RULES[-1].none_of), "the last rule must always apply"


def test_without_a_test_set_building_one_comes_first_and_everything_is_provisional():
    for a, advice in ALL:
        if a.test_set == "no":
            assert advice.provisional and advice.plan[0] == "test-set"
            assert advice.summary.startswith("Provisional: first build a test set")
            assert effective(a, "prompting") == "not-measured"


def test_a_strict_format_alone_never_leads_to_fine_tuning_and_always_brings_structured_outputs():
    for a, advice in ALL:
        if a.strict_format == "yes":
            assert "structured-outputs" in advice.plan
        if effective(a, "prompting") != "falls-short":
            assert advice.rule != "tune-quality"


def test_tuning_is_only_advised_for_a_model_that_can_be_tuned():
    for a, advice in ALL:
        if advice.rule in ("tune-quality", "tune-cost"):
            assert a.can_tune == "yes"
        if advice.rule == "distil":
            assert a.small_model == "yes"
            assert a.cheapest == "small" or a.latency == "slow-generation"


def test_when_prompting_falls_short_the_advice_is_to_tune_or_to_change_the_prompt_or_model():
    for a, advice in ALL:
        if effective(a, "prompting") == "falls-short":
            assert advice.rule == ("tune-quality" if a.can_tune == "yes" else "switch")


def test_when_prompting_reaches_the_bar_only_cost_or_latency_lead_to_tuning():
    for a, advice in ALL:
        if effective(a, "prompting") == "reaches-bar" and a.cheapest in ("prompted", "not-computed") \
                and a.latency != "slow-generation":
            assert advice.rule == "prompt"


def test_latency_separates_the_wait_for_the_first_token_from_writing_the_answer():
    for a, advice in ALL:
        assert ("caching" in advice.plan) == (a.latency == "slow-first-token")
        assert ("shorter-output" in advice.plan) == (a.latency == "slow-generation")


def test_changing_knowledge_always_brings_retrieval_and_safety_always_brings_safety_tests():
    for a, advice in ALL:
        assert ("retrieval" in advice.plan) == (a.changing_knowledge == "yes")
        assert ("safety-evals" in advice.plan) == (a.safety == "yes")
        assert ("residency" in advice.plan) == (a.data_residency == "yes")


def test_the_printed_advice_gives_every_reason_within_the_width():
    advice = decide({"test_set": "yes", "prompting": "falls-short", "can_tune": "yes", "strict_format": "yes"})
    assert advice.summary == "Fine-tune this model (a low-rank adapter first), with structured outputs"
    text = str(advice)
    flat = " ".join(text.split())
    assert all(r.text in flat for r in advice.reasons)
    assert max(len(line) for line in text.splitlines()) <= guide_module.WIDTH


@pytest.mark.parametrize("change, message", [
    ({"test_set": "maybe"}, "test_set must be one of yes, no; got 'maybe'"),
    ({"latency": None}, "latency missing: choose one of"),
    ({"prompting": 3}, "prompting must be one of"),
    ({"colour": "blue"}, r"unknown answers \['colour'\]"),
])
def test_bad_answers_get_a_message_naming_them(change, message):
    with pytest.raises(ValueError, match=message):
        decide(change)


def test_a_dict_and_an_answers_object_give_the_same_advice():
    assert decide({"test_set": "yes"}) == decide(Answers(test_set="yes"))
    with pytest.raises(ValueError, match="must be a dict"):
        decide([1, 2])


def test_every_option_of_the_cost_calculator_maps_to_an_answer_of_the_guide():
    from pft.decision.guide import COST_ANSWERS
    from pft.decision.pricing import OPTIONS

    assert set(COST_ANSWERS) == set(OPTIONS)
    assert set(COST_ANSWERS.values()) <= set(specs(Answers)["cheapest"].values)
