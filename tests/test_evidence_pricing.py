"""The cost calculator: hand-checked costs, the break-even property, and refusals of bad input."""

from __future__ import annotations

import doctest
import math

import pytest

import pft.decision.pricing
from pft.decision.pricing import Usage, break_even, cost_per_call, monthly_cost, training_cost

PROMPTED = Usage(prompt_tokens=2000, completion_tokens=100, input_price=0.5, output_price=2.0)
TUNED = Usage(prompt_tokens=200, completion_tokens=100, input_price=1.0, output_price=4.0)


def test_the_doctest_holds():
    assert doctest.testmod(pft.decision.pricing).failed == 0


def test_costs_by_hand():
    # 2000 * 0.5 + 100 * 2.0 = 1200 per million calls' worth of tokens
    assert cost_per_call(PROMPTED) == pytest.approx(1200 / 1e6)
    assert cost_per_call(TUNED) == pytest.approx(600 / 1e6)
    assert training_cost(3_000_000, 8.0, epochs=2) == pytest.approx(48.0)
    assert monthly_cost(PROMPTED, 1000, fixed_per_month=5.0) == pytest.approx(1000 * 30 * 1200 / 1e6 + 5.0)


def test_at_the_break_even_both_bills_are_equal_and_diverge_either_side():
    result = break_even(PROMPTED, TUNED, training=120.0, retrain_every_months=4, hosting_per_month=150.0)
    assert result.fixed_per_month == pytest.approx(150.0 + 30.0)
    assert result.calls_per_day == pytest.approx(180.0 / (30 * 600 / 1e6))
    prompted, tuned = result.monthly(result.calls_per_day)
    assert prompted == pytest.approx(tuned)
    for factor, cheaper in ((0.5, "prompting"), (2.0, "fine-tuned")):
        prompted, tuned = result.monthly(result.calls_per_day * factor)
        assert (prompted < tuned) == (cheaper == "prompting")


def test_a_one_off_training_run_is_paid_back_by_savings():
    result = break_even(PROMPTED, TUNED, training=900.0)
    assert result.calls_per_day == 0.0
    # 1000 calls a day save 30 * 1000 * 600e-6 = 18 per month
    assert result.payback_months(1000, 900.0) == pytest.approx(50.0)


def test_no_break_even_when_a_tuned_call_is_not_cheaper():
    result = break_even(TUNED, PROMPTED, hosting_per_month=10.0)
    assert result.calls_per_day == math.inf
    assert result.saving_per_call < 0
    assert result.payback_months(1e6, 100.0) == math.inf


def test_more_expensive_tuned_tokens_raise_the_break_even():
    cheap = break_even(PROMPTED, TUNED, hosting_per_month=100.0).calls_per_day
    dear = break_even(PROMPTED, Usage(200, 100, 3.0, 12.0), hosting_per_month=100.0).calls_per_day
    assert dear > cheap


@pytest.mark.parametrize("call, message", [
    (lambda: Usage(-1, 10, 1.0, 1.0), "prompt_tokens must be zero or more"),
    (lambda: Usage(100, None, 1.0, 1.0), "completion_tokens is missing"),
    (lambda: Usage(100, 10, float("inf"), 1.0), "input_price must be a finite number"),
    (lambda: Usage(100, 10, 1.0, "cheap"), "output_price must be a number"),
    (lambda: training_cost(-5, 1.0), "training_tokens must be zero or more"),
    (lambda: training_cost(5, None), "training price is missing"),
    (lambda: training_cost(5, 1.0, epochs=0), "epochs must be a whole number of 1 or more"),
    (lambda: monthly_cost(PROMPTED, -10), "calls_per_day must be zero or more"),
    (lambda: break_even(PROMPTED, TUNED, retrain_every_months=0), "retrain_every_months must be positive"),
    (lambda: break_even(PROMPTED, TUNED, hosting_per_month=-1), "hosting_per_month must be zero or more"),
    (lambda: break_even(PROMPTED, TUNED, days_per_month=0), "days_per_month must be positive"),
    (lambda: break_even(PROMPTED, TUNED).monthly(None), "calls_per_day is missing"),
])
def test_bad_input_gets_a_message_naming_it(call, message):
    with pytest.raises(ValueError, match=message):
        call()
