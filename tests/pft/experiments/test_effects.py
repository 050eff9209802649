"""Every declared effect, against the robustness file: current, and holding where the pages say it holds.

The robustness file (`pft.experiments.effects.ROBUSTNESS`, written by `make robustness`)
holds every effect measured on every reporting seed. These tests check that it
was written by the declarations and settings in this tree (each experiment is
re-run on one reporting seed and must give the stored values exactly), and that
each effect stated as holding holds on at least `PASS_RATE` of the seeds with its
mean past the stated margin.
"""

from __future__ import annotations

import pkgutil
import re
from importlib import import_module
from pathlib import Path

import pytest

import pft.experiments
from pft.experiments import effects
from pft.experiments.effects import EXPERIMENTS, PASS_RATE, PAGE_SEED
from stored_records import assert_current, assert_reproduces

ROOT = Path(__file__).resolve().parents[3]
TEST_SEEDS = range(1, 6)
"""Seeds the other experiment tests use."""

DECLARED = effects.declared()


@pytest.fixture(scope="module")
def robustness() -> dict:
    return effects.load()


def _record(robustness: dict, key: str) -> dict:
    experiment, name = key.split("/")
    return robustness[experiment]["effects"][name]


def test_every_experiment_declares_its_effects():
    modules = {m.name for m in pkgutil.iter_modules(pft.experiments.__path__)} - {"result", "settings", "effects", "other_models"}
    assert set(EXPERIMENTS) == modules
    assert all(import_module(f"pft.experiments.{m}").EFFECTS for m in EXPERIMENTS)


@pytest.mark.parametrize("experiment", EXPERIMENTS)
def test_seed_blocks_are_disjoint(experiment):
    reporting = set(effects.reporting_seeds(experiment))
    assert len(reporting) >= 30
    assert not reporting & {seed for block in effects.tuning_seeds(experiment) for seed in block}
    assert not reporting & set(TEST_SEEDS) and PAGE_SEED not in reporting


def test_every_block_reported_again_says_why():
    assert set(effects.REPORTED_AGAIN.values()) == set(effects.REPORTED_AGAIN_BECAUSE)


def test_experiments_reported_on_one_block_share_their_tuning_seeds():
    # The About page says once, for all the experiments of a block, which seeds count as their tuning seeds.
    for block in set(effects.REPORTED_AGAIN.values()):
        histories = {effects.tuning_seeds(name) for name, seen in effects.REPORTED_AGAIN.items() if seen == block}
        assert len(histories) == 1, f"the experiments reported on {block} were tuned on different seeds"


def test_a_block_reported_on_before_counts_as_tuning_seeds():
    assert effects.REPORTED_BEFORE
    for name, blocks in effects.REPORTED_BEFORE.items():
        assert name in effects.REPORTED_AGAIN and set(blocks) <= set(effects.tuning_seeds(name))


def test_the_file_covers_exactly_the_declared_effects_on_the_reporting_seeds(robustness):
    assert list(robustness) == sorted(EXPERIMENTS)
    for experiment in EXPERIMENTS:
        assert_current(robustness[experiment], experiment, "make robustness")


@pytest.mark.parametrize("index", range(len(EXPERIMENTS)), ids=EXPERIMENTS)
def test_a_reporting_seed_reproduces_the_stored_values(robustness, index):
    # One seed per experiment, a different one for each, keeps this within CI's time.
    experiment = EXPERIMENTS[index]
    position = index * 7 % len(effects.reporting_seeds(experiment))
    assert_reproduces(robustness[experiment], experiment, position, "make robustness")


@pytest.mark.parametrize("key", list(DECLARED))
def test_every_effect_bears_out_its_sentence_on_the_reporting_seeds(robustness, key):
    record = _record(robustness, key)
    assert not effects.shortfalls(DECLARED[key], record), f"{key}: {effects.describe(DECLARED[key], record)}"


def test_shortfalls_names_a_low_pass_rate_and_a_missed_margin():
    effect = DECLARED["two_by_two/prompt-helps"]
    passing = {"values": [0.06] * 10, "holds": [True] * 9 + [False]}
    assert effects.shortfalls(effect, passing) == []
    failing = {"values": [0.01] * 10, "holds": [True] * 8 + [False] * 2}
    assert effects.shortfalls(effect, failing) == [
        f"held on 8 of 10 seeds, fewer than {PASS_RATE:.0%} (one that holds on exactly {PASS_RATE:.0%} of all "
        "seeds holds on so few 26% of the time)",
        f"mean +1 points below the stated {effect.format(effect.mean_at_least)}",
    ]


def test_the_chance_of_so_few_is_the_binomial_tail_at_the_pass_rate():
    p = PASS_RATE
    assert effects.chance_of_as_few(30, 30) == pytest.approx(1.0)
    assert effects.chance_of_as_few(0, 10) == pytest.approx((1 - p) ** 10)
    assert effects.chance_of_as_few(8, 10) == pytest.approx(1 - 10 * p ** 9 * (1 - p) - p ** 10)
    assert effects.chance_of_as_few(26, 30) > 0.3 > effects.chance_of_as_few(24, 30)


def test_a_sentence_that_says_some_seeds_fall_short_needs_one_such_seed():
    effect = DECLARED["two_by_two/combination-best"]
    assert effect.not_always == 0.0
    assert effects.shortfalls(effect, {"values": [0.05] * 9 + [-0.01]}) == []
    always = {"values": [0.05] * 10}
    assert effects.shortfalls(effect, always) == ["no seed below 0 points, though the sentence says some fall below it"]
    assert effects.shortfalls(effect, always, exceptions=False) == []


def test_every_effect_names_an_existing_page_section():
    for key, effect in DECLARED.items():
        page, anchor = effect.page.split("/")
        text = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
        assert re.search(rf"\{{ #{re.escape(anchor)} \}}", text), f"{key}: no section {effect.page}"


def test_describe_prints_pass_rate_mean_and_range():
    effect = DECLARED["two_by_two/prompt-helps"]
    record = {"values": [0.04, 0.12, 0.19], "holds": [True, True, False]}
    assert effects.describe(effect, record) == "holds on 2 of 3 seeds; mean +12 points, range +4 to +19"


FIELDS = {"measure": float, "unit": "points", "mean_at_least": None, "mechanism": "m", "origin": effects.HAND}


def test_bad_declarations_raise_clear_errors():
    with pytest.raises(ValueError, match="origin must be one of"):
        effects.Effect("x", "a/b", "s", **{**FIELDS, "origin": "by magic"})
    with pytest.raises(ValueError, match="unit must be one of"):
        effects.Effect("x", "a/b", "s", **{**FIELDS, "unit": "furlongs"})
    with pytest.raises(ValueError, match="give one of holds, at_least and above, not holds and at_least"):
        effects.Effect("x", "a/b", "s", **FIELDS, holds=bool, at_least=0.5)
    with pytest.raises(ValueError, match="not at_least and above"):
        effects.Effect("x", "a/b", "s", **FIELDS, at_least=0.5, above=0.5)


@pytest.mark.parametrize("sentence", ["It rises on every seed.", "Every seed shows it.", "It holds on every seed, mostly."])
def test_a_sentence_may_not_claim_every_seed(sentence):
    # A bound is checked on PASS_RATE of the seeds, so "every seed" would claim more than any check bears out.
    with pytest.raises(ValueError, match="may not say \"every seed\""):
        effects.Effect("x", "a/b", sentence, **FIELDS, at_least=0.5)


@pytest.mark.parametrize("sentence", ["It rises on nearly every seed.", "It rises on average, though not on every seed."])
def test_a_sentence_may_say_nearly_or_not_on_every_seed(sentence):
    assert effects.Effect("x", "a/b", sentence, **FIELDS, at_least=0.5).sentence == sentence


def test_a_bound_on_every_seed_is_checked_against_the_measured_quantity():
    effect = effects.Effect("x", "a/b", "s", **FIELDS, at_least=0.5)
    assert effect.holds(0.5) and effect.holds(0.9) and not effect.holds(0.49)


def test_a_strict_bound_is_not_met_by_the_bound_itself():
    effect = effects.Effect("x", "a/b", "s", **FIELDS, above=0.5)
    assert effect.holds(0.51) and not effect.holds(0.5) and not effect.holds(0.49)


STATED = re.compile(r"(\d+(?:\.\d+)?)(?:%| points?\b)")
"""A number of points or a percentage, as a sentence states a bound."""


def _percent(bounds) -> set[float]:
    return {round(abs(bound) * 100, 6) for bound in bounds if bound is not None}


def _bounds(effect: effects.Effect) -> set[float]:
    """The bounds ``effect`` checks on each seed, in points or percent: its fields' and the constants of its
    predicate, written in it or named (a module's constant)."""
    found = {effect.at_least, effect.above, effect.not_always}
    codes = [effect.holds.__code__] if effect.holds is not None else []
    names = effect.holds.__globals__ if effect.holds is not None else {}
    while codes:
        code = codes.pop()
        for const in code.co_consts:
            if isinstance(const, type(code)):
                codes.append(const)
            elif isinstance(const, float):
                found.add(const)
        found |= {names[name] for name in code.co_names if isinstance(names.get(name), float)}
    return _percent(found)


def _unchecked(effect: effects.Effect) -> set[float]:
    """The numbers ``effect``'s sentence states that no bound of it checks. A number checked only on the mean
    counts as checked where the sentence says it is an average: on its own, it would claim it for every seed."""
    on_average = _percent([effect.mean_at_least]) if "average" in effect.sentence else set()
    return _stated(effect) - _bounds(effect) - on_average


def _stated(effect: effects.Effect) -> set[float]:
    return {float(number) for number in STATED.findall(effect.sentence)}


@pytest.mark.parametrize("key", DECLARED)
def test_every_number_a_sentence_states_is_a_bound_its_effect_checks(key):
    # A sentence typed with "at least 15 points" over a check of 0.1 would claim more than the tests bear out.
    unchecked = _unchecked(DECLARED[key])
    assert not unchecked, f"{key}: the sentence states {sorted(unchecked)}, which no bound of it checks as stated"


SPREAD = 0.05


def test_a_bound_named_by_a_constant_counts_as_checked():
    named = effects.Effect("x", "a/b", "At most 5 points are left.", **FIELDS, holds=lambda r: r <= SPREAD)
    assert not _unchecked(named)
    assert _unchecked(effects.Effect("x", "a/b", "At most 6 points are left.", **FIELDS, holds=lambda r: r <= SPREAD)) == {6.0}


def test_a_number_stated_but_not_checked_is_found():
    assert _unchecked(effects.Effect("x", "a/b", "It rises by at least 15 points.", **FIELDS, at_least=0.1)) == {15.0}
    inner = effects.Effect("x", "a/b", "Most answers (at least 90%) parse.", **FIELDS,
                           holds=lambda r: min(share for share in r) >= 0.9)
    assert not _unchecked(inner)


def test_a_number_checked_only_on_the_mean_must_be_stated_as_an_average():
    fields = {**FIELDS, "mean_at_least": 0.2}
    assert _unchecked(effects.Effect("x", "a/b", "It rises by at least 20 points.", **fields, at_least=0.1)) == {20.0}
    assert not _unchecked(effects.Effect("x", "a/b", "It rises by 20 points on average.", **fields, at_least=0.1))
