"""Experiment 9: the mechanics of the two-by-two table (its effects: test_effects.py)."""

from __future__ import annotations

import pytest

from pft.adapt.classifier import accuracy
from pft.adapt.prompting import TEMPLATES, template_classifier
from pft.experiments import two_by_two
from pft.substrate.lm import TinyLM
from pft.substrate.world import World


def test_the_engineered_prompt_is_the_dev_split_winner():
    result = two_by_two.run(seed=1)
    for row in result.rows:
        assert result.dev_scores[row.model][row.template] == max(result.dev_scores[row.model].values())
    # The dev scores are of the frozen model on the dev split (seed 3 of the world), not on train or test.
    settings = two_by_two.Settings()
    dev = World(seed=1).examples(settings.domain, settings.dev, seed=3)
    frozen = template_classifier(TinyLM.pretrained(), settings.plain)
    assert result.dev_scores["base"][settings.plain] == accuracy(frozen, dev)
    assert set(result.dev_scores) == {"base", "fine-tuned"} and set(result.dev_scores["base"]) == set(TEMPLATES)


def test_bad_domain_is_a_clear_error():
    with pytest.raises(ValueError, match="domain must be one of"):
        two_by_two.Settings(domain="weather")
