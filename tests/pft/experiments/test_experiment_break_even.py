"""Experiment 7: the mechanics of the break-even computation (its effects: test_effects.py)."""

from __future__ import annotations

import pytest

from pft.experiments import break_even

def test_break_even_is_the_first_volume_at_which_training_has_paid_for_itself():
    result = break_even.run(seed=1)
    assert result.break_even * result.saving >= result.training > (result.break_even - 1) * result.saving


def test_fewer_demonstrations_push_the_break_even_later():
    two, four = (break_even.run(seed=1, settings=break_even.Settings(shots=n)) for n in (2, 4))
    assert two.break_even > four.break_even


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="shots must be"):
        break_even.Settings(shots=0)
    with pytest.raises(ValueError, match="domain must be one of"):
        break_even.Settings(domain="sports")
