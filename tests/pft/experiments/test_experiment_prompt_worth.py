"""Experiment 4: the prompt is worth labelled examples, on seeds other than the page's (seed 0)."""

from __future__ import annotations

import pytest

from pft.experiments import prompt_worth
from pft.experiments.prompt_worth import examples_worth

SEEDS = (1, 2, 3, 4, 5)


@pytest.fixture(scope="module")
def results():
    return {seed: prompt_worth.run(seed=seed) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_prompt_starts_well_above_chance(results, seed):
    result = results[seed]
    assert result.row(0).prompted > result.row(0).zero + 0.10


@pytest.mark.parametrize("seed", SEEDS)
def test_the_prompt_is_worth_tens_of_examples(results, seed):
    worth = results[seed].worth
    assert worth is not None and worth > 20


@pytest.mark.parametrize("seed", SEEDS)
def test_with_few_examples_the_prompt_keeps_its_lead(results, seed):
    result = results[seed]
    small = [r.prompted - r.zero for r in result.rows if r.examples <= 32]
    assert sum(small) / len(small) > 0.05


def test_worth_is_the_mean_horizontal_gap():
    zero = [(0, 0.5), (100, 0.7), (200, 0.9)]
    prompted = [(0, 0.7), (100, 0.9), (200, 0.95)]
    # 0.7 is reached by the zero curve at 100 (gap 100), 0.9 at 200 (gap 100); 0.95 never.
    assert examples_worth(zero, prompted) == pytest.approx(100.0)
    assert examples_worth([(0, 0.5), (10, 0.6)], [(0, 0.9)]) is None


def test_interpolates_between_sizes():
    assert examples_worth([(0, 0.5), (64, 0.9)], [(0, 0.7)]) == pytest.approx(32.0)


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="template must be one of"):
        prompt_worth.Settings(template="nonsense")
    with pytest.raises(ValueError, match="domain must be one of"):
        prompt_worth.Settings(domain="sports")
    with pytest.raises(ValueError, match="sizes must be increasing"):
        prompt_worth.Settings(sizes=(16, 0))
