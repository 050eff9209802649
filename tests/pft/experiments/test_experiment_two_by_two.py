"""Experiment 9: the mechanics of the two-by-two table (its effects: test_effects.py)."""

from __future__ import annotations

import pytest

from pft.experiments import two_by_two

def test_the_engineered_prompt_is_the_dev_split_winner():
    for result in (two_by_two.run(seed=1),):
        for row in result.rows:
            assert result.dev_scores[row.model][row.template] == max(result.dev_scores[row.model].values())


def test_bad_domain_is_a_clear_error():
    with pytest.raises(ValueError, match="domain must be one of"):
        two_by_two.Settings(domain="weather")
