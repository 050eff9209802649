"""Experiment 4: how the prompt's worth is measured (its effects: test_effects.py)."""

from __future__ import annotations

import pytest

from pft.experiments import prompt_worth
from pft.experiments.prompt_worth import examples_worth

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
