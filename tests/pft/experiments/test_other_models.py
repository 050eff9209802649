"""The other pretrained models' file: current, and read the way the pages read it."""

from __future__ import annotations

import pytest

from pft.experiments import effects, other_models
from pft.experiments.effects import EXPERIMENTS
from pft.substrate.lm import TinyLM, use_pretrained
from stored_records import assert_current, assert_reproduces


@pytest.fixture(scope="module")
def stored() -> dict:
    return other_models.load()


def test_the_file_covers_every_effect_with_every_other_model_on_the_reporting_seeds(stored):
    assert list(stored) == sorted(str(seed) for seed in other_models.SEEDS)
    for seed in other_models.SEEDS:
        assert list(stored[str(seed)]) == sorted(EXPERIMENTS)
        for experiment in EXPERIMENTS:
            assert_current(stored[str(seed)][experiment], experiment, "make other-models")


@pytest.mark.parametrize("index", range(len(EXPERIMENTS)), ids=EXPERIMENTS)
def test_a_reporting_seed_with_another_model_reproduces_the_stored_values(stored, index):
    # One model (training each takes ten seconds) and one seed per experiment keeps this within CI's
    # time; the others come from the same code, whose settings the test above compares.
    experiment = EXPERIMENTS[index]
    seed = other_models.SEEDS[0]
    position = index * 11 % len(effects.reporting_seeds(experiment))
    use_pretrained(other_models.model(seed))
    try:
        assert_reproduces(stored[str(seed)][experiment], experiment, position, "make other-models")
    finally:
        use_pretrained(None)


def test_another_model_stands_in_for_the_shipped_one_only_until_it_is_put_back():
    shipped = TinyLM.pretrained().params["b"]
    other = other_models.model(other_models.SEEDS[0])
    assert other.params["b"] != shipped
    use_pretrained(other)
    try:
        assert TinyLM.pretrained().params["b"] == other.params["b"]
        assert TinyLM.pretrained() is not other, "a copy, so a run cannot change the model the next one gets"
    finally:
        use_pretrained(None)
    assert TinyLM.pretrained().params["b"] == shipped
    with pytest.raises(TypeError, match="a TinyLM or None"):
        use_pretrained("tiny_lm.json")


@pytest.mark.parametrize("key", effects.declared())
def test_every_effect_the_pages_state_bears_out_its_sentence_with_most_other_models(stored, key):
    kept = other_models.bears_out(effects.declared()[key], other_models.records(stored, key))
    assert kept is None or kept >= other_models.MOST, (
        f"{key} bears out its sentence with {kept} of {other_models.OTHER_MODELS} other models, fewer than "
        f"{other_models.MOST}: revise the sentence to what they bear out")


def test_an_effect_bears_out_its_sentence_with_a_model_only_if_it_passes_there():
    effect = effects.declared()["two_by_two/prompt-helps"]
    passing = {"values": [0.1] * 10, "holds": [True] * 10}
    failing = {"values": [0.1] * 10, "holds": [True] * 8 + [False] * 2}
    assert other_models.bears_out(effect, [passing, failing, passing]) == 2
    reported = effects.declared()["calibration/untuned-mean"]
    assert reported.holds is None and reported.mean_at_least is None
    assert other_models.bears_out(reported, [failing]) is None
