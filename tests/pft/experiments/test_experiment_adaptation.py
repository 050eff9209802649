"""Experiments 5, 6 and 6b: what they count (their effects: test_effects.py)."""

from __future__ import annotations

import pytest

from pft.experiments import domain_adaptation, low_rank, soft_prompt
from pft.substrate.lm import TinyLM

RANKS = low_rank.Settings().ranks


def test_trainable_parameters_grow_linearly_with_rank():
    result = low_rank.run(seed=1)
    per_rank = {r: result.row(f"adapter r={r}").trainable / r for r in RANKS}
    assert len(set(per_rank.values())) == 1
    assert result.row(f"adapter r={max(RANKS)}").trainable < 0.3 * result.row("full").trainable


def test_a_soft_prompt_trains_one_vector_as_wide_as_the_model():
    result = soft_prompt.run(seed=1)
    assert result.row("soft prompt").trainable == TinyLM.pretrained().dim
    assert result.row("adapter r=1").trainable < result.row("full").trainable


def test_bad_domain_is_a_clear_error():
    for experiment in (domain_adaptation, low_rank, soft_prompt):
        with pytest.raises(ValueError, match="domain must be one of"):
            experiment.Settings(domain="general")
