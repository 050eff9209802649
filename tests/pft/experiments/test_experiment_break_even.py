"""Experiment 7: counted costs give a finite break-even point (seeds other than the page's)."""

from __future__ import annotations

import pytest

from pft.experiments import break_even

SEEDS = (1, 2, 3, 4, 5)


@pytest.fixture(scope="module")
def results():
    return {seed: break_even.run(seed=seed) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_short_prompt_costs_less_per_query(results, seed):
    result = results[seed]
    # Margin: the demonstrations at least double the cost of a query.
    assert result.few_shot_query > 2 * result.short_query


@pytest.mark.parametrize("seed", SEEDS)
def test_training_costs_more_than_many_queries_and_breaks_even(results, seed):
    result = results[seed]
    assert result.training > 100 * result.few_shot_query
    assert result.break_even is not None and result.break_even > 100
    assert result.break_even * result.saving >= result.training > (result.break_even - 1) * result.saving


def test_fine_tuned_short_prompt_answers_about_as_well_on_average(results):
    # Margin: within 5 points of the few-shot prompt's accuracy, averaged over seeds.
    tuned = sum(r.row("fine-tuned").accuracy for r in results.values()) / len(results)
    few_shot = sum(r.row("few-shot").accuracy for r in results.values()) / len(results)
    assert tuned > few_shot - 0.05


def test_fewer_demonstrations_push_the_break_even_later():
    two, four = (break_even.run(seed=1, settings=break_even.Settings(shots=n)) for n in (2, 4))
    assert two.break_even > four.break_even


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="shots must be"):
        break_even.Settings(shots=0)
    with pytest.raises(ValueError, match="domain must be one of"):
        break_even.Settings(domain="sports")
