"""The cost model: hand-computed costs, the break-even figures the calculator page quotes, the
self-hosted steps, the cheapest bands against a brute-force scan, the sensitivity ranking and
refusals of bad input."""

from __future__ import annotations

import doctest
import math
from decimal import Decimal
from dataclasses import replace

import pytest

import pft.decision.pricing as pricing_module
from pft.decision.pricing import PRESETS, CostInputs, compare, money, volume
from pft.decision.fields import plain

# The site's earlier example: a 1,800-token prompt of which 1,650 tokens are the same on every call.
SITE = CostInputs(prefix_tokens=1_650, input_tokens=150, output_tokens=60, input_price=0.50, output_price=1.50,
                  tuned_premium=2.0, hosting_per_month=200, training_price=8.0, training_tokens=2_000_000, epochs=3,
                  model_life_months=6, evaluation_cost=0, cache_write_premium=0, cache_hit_rate=1.0,
                  chart_max_calls=1_000_000)


def test_the_doctest_holds():
    assert doctest.testmod(pricing_module).failed == 0


@pytest.mark.parametrize("inputs", [SITE, CostInputs(calls_per_day=700), CostInputs()])
def test_the_lead_is_the_gap_between_the_two_costs_as_shown(inputs):
    """At 700 calls a day the costs show as $28 and $32: the lead reads $4, though $4.55 would round to $5."""
    result = compare(inputs)
    first, second = (int(money(result.monthly(o.key)).lstrip("$").replace(",", "")) for o in result.ranking[:2])
    assert result.lead_text == f"${second - first:,} less than the next"


@pytest.mark.parametrize("value, text", [(-0.3, "$0"), (-0.0, "$0"), (0.4, "$0"), (-0.6, "-$1"), (-1234.5, "-$1,234"),
                                         (1234.5, "$1,234")])
def test_money_never_shows_minus_zero(value, text):
    assert money(value) == text


def test_one_call_a_day_is_singular():
    assert volume(1) == "1 call/day" and volume(1.5) == "1.5 calls/day" and volume(100) == "100 calls/day"


@pytest.mark.parametrize("value, text", [(20_000.0, "20,000"), (0.25, "0.25"), (8e-07, "0.0000008"),
                                         (98_765_431.2, "98,765,400"), (1234.5, "1,234.5"), (1e30, "1e+30")])
def test_a_number_is_written_plainly_to_six_digits(value, text):
    assert plain(value) == text


def test_the_lead_reads_right_when_the_two_cheapest_round_to_the_same_dollar():
    tie = compare(replace(SITE, calls_per_day=0))
    assert tie.lead < 0.5 and tie.lead_text == "within a dollar of the next"


def test_costs_per_call_by_hand():
    result = compare(SITE)
    # prompted: 1,800 x 0.50 + 60 x 1.50 = 990 dollars per million calls; tuned: 150 x 1.00 + 60 x 3.00 = 330
    assert result.option("prompted").per_call == pytest.approx(990e-6)
    assert result.option("tuned").per_call == pytest.approx(330e-6)
    # cached at 0.10: 150 x 0.50 + 1,650 x 0.05 + 60 x 1.50 = 247.5
    assert compare(replace(SITE, cache_read=0.10)).option("cached").per_call == pytest.approx(247.5e-6)
    # fixed: hosting 200 + one training run (2M x 3 x 8 / 1M = 48) over 6 months
    assert result.option("tuned").fixed_per_month == pytest.approx(208.0)
    # half the calls in batches at half price: three quarters of the bill
    halved = compare(replace(SITE, batch_share=0.5, batch_discount=0.5))
    assert halved.option("prompted").per_call == pytest.approx(0.75 * 990e-6)


def test_reasoning_tokens_are_billed_as_output_for_every_option():
    base, thinking = compare(SITE), compare(replace(SITE, reasoning_tokens=500))
    for key, price in (("prompted", 1.50), ("cached", 1.50), ("tuned", 3.00), ("small", SITE.small_output_price)):
        assert thinking.option(key).per_call - base.option(key).per_call == pytest.approx(500 * price / 1e6)


def test_cache_writes_and_misses_by_hand():
    c = replace(SITE, cache_read=0.1, cache_write_premium=0.25, cache_hit_rate=0.8)
    # prefix rate 0.8 x 0.1 + 0.2 x 1.25 = 0.33 of the input price
    expected = (150 * 0.5 + 1_650 * 0.5 * 0.33 + 60 * 1.5) / 1e6
    assert compare(c).option("cached").per_call == pytest.approx(expected)
    assert compare(replace(c, cache_hit_rate=0)).option("cached").per_call > compare(c).option("prompted").per_call


@pytest.mark.parametrize("read, expected", [
    (1.00, (10_505,)),   # no discount: the page's earlier break-even (208 / (30 x 660e-6) = 10,505)
    (0.10, ()),          # 90% off: a cached call (247.5) is cheaper than a tuned one (330), tuning never pays
    (0.25, (168_081,)),  # 75% off: 208 / (30 x 41.25e-6)
    (0.50, (28_013,)),   # 50% off: 208 / (30 x 247.5e-6)
])
def test_the_caching_figures_of_the_page(read, expected):
    volumes = compare(replace(SITE, cache_read=read)).break_even("cached", "tuned")
    assert [round(v) for v in volumes] == list(expected)


def test_serverless_adapters_and_a_dedicated_gpu():
    # Adapters billed at the base price, no hosting fee: 8 / (30 x (990 - 165) x 1e-6) = 323 calls/day.
    adapters = compare(replace(SITE, tuned_premium=1.0, hosting_per_month=0))
    assert adapters.break_even("prompted", "tuned") == pytest.approx((323.23,), abs=0.01)
    # A $1,800 monthly fee on top of base-price tokens: 1,808 / (30 x 825e-6) = 73,051.
    fee = compare(replace(SITE, tuned_premium=1.0, hosting_per_month=1_800))
    assert fee.break_even("prompted", "tuned") == pytest.approx((73_050.5,), abs=0.1)
    # A GPU at $2.50 an hour (1,800 a month) with no per-token price: 1,808 / (30 x 990e-6) = 60,875.
    gpu = compare(replace(SITE, gpu_per_hour=2.5, small_training_price=8.0, calls_per_gpu_hour=100_000))
    assert gpu.option("self-hosted").per_gpu_month == pytest.approx(1_800)
    assert gpu.break_even("prompted", "self-hosted") == pytest.approx((60_875.4,), abs=0.1)


def test_the_self_hosted_cost_steps_up_one_gpu_at_a_time():
    c = replace(SITE, calls_per_gpu_hour=1_000, gpu_per_hour=1.0, chart_max_calls=100_000)
    o = compare(c).option("self-hosted")
    per_day = 24_000
    assert [o.gpus(v) for v in (0, 1, per_day, per_day + 1, 3 * per_day)] == [1, 1, 1, 2, 3]
    assert o.monthly(per_day + 1, 30) - o.monthly(per_day, 30) == pytest.approx(24 * 30)


def brute_cheapest(result, volume):
    return min(result.options, key=lambda o: o.monthly(volume, result.inputs.days_per_month)).key


@pytest.mark.parametrize("inputs", [SITE, CostInputs(), replace(SITE, calls_per_gpu_hour=500, gpu_per_hour=0.4,
                                                                  chart_max_calls=60_000)]
                         + [p.inputs for p in PRESETS])
def test_bands_and_break_evens_agree_with_a_brute_force_scan(inputs):
    result = compare(inputs)
    end = inputs.chart_max_calls
    for band in result.bands:
        for fraction in (0.01, 0.5, 0.99):
            volume = band.low + (band.high - band.low) * fraction
            assert brute_cheapest(result, volume) == band.option, (band, volume)
    assert result.bands[0].low == 0 and result.bands[-1].high == end
    for pair in result.break_evens:
        a, b = result.option(pair.first), result.option(pair.second)
        for v in pair.volumes:
            below = a.monthly(v * (1 - 1e-6), inputs.days_per_month) - b.monthly(v * (1 - 1e-6), inputs.days_per_month)
            above = a.monthly(v * (1 + 1e-6) + 1e-6, inputs.days_per_month) - b.monthly(v * (1 + 1e-6) + 1e-6,
                                                                                     inputs.days_per_month)
            assert below * above <= 0 or min(abs(below), abs(above)) < 1e-6, (pair, v)


def test_two_parallel_options_never_break_even():
    same = replace(SITE, tuned_premium=1.0, tuned_prompt_tokens=1_650, hosting_per_month=10)
    assert compare(same).break_even("prompted", "tuned") == ()


def test_the_input_that_flips_the_answer_ranks_first():
    # Caching and tuning cost the same per call (330e-6); tuning adds 8 a month of training.
    c = replace(SITE, cache_read=0.2, hosting_per_month=0, calls_per_day=50_000, small_input_price=5,
                small_output_price=5, gpu_per_hour=100)
    result = compare(c)
    assert result.cheapest.key == "cached"
    top = result.sensitivity[0]
    assert top.flips
    assert top.name in {"cache_hit_rate", "cache_read", "prefix_tokens"}
    assert result.lead == pytest.approx(8.0)
    assert all(s.swing >= t.swing for s, t in zip(result.sensitivity, result.sensitivity[1:]))


def test_the_report_names_the_cheapest_option_and_each_break_even():
    text = str(compare(SITE))
    assert text.splitlines()[0].startswith("At 20,000 calls/day: cheapest is")
    assert "none in this range" in str(compare(replace(SITE, cache_read=0.1, chart_max_calls=1000)))


@pytest.mark.parametrize("change, message", [
    ({"calls_per_day": -5}, "calls_per_day must be 0 or more, got -5"),
    ({"calls_per_day": 1e30}, "calls_per_day must be at most 1,000,000,000"),
    ({"input_price": "cheap"}, "input_price must be a number, got 'cheap'"),
    ({"input_price": None}, "input_price missing: give a number"),
    ({"cache_hit_rate": 1.5}, "cache_hit_rate must be at most 1"),
    ({"calls_per_day": 1e-320}, "calls_per_day must be 0 or at least 0.000001, got 1e-320"),
    ({"output_tokens": float("nan")}, "output_tokens must be a finite number"),
    ({"calls_per_day": float("9" * 400)}, "calls_per_day must be at most 1,000,000,000, got a number too large to compute with"),
    ({"calls_per_day": -float("9" * 400)}, "calls_per_day must be 0 or more, got a number too large to compute with"),
    ({"epochs": 2.5}, "epochs must be a whole number"),
    ({"model_life_months": 0.0}, "model_life_months must be more than 0, got 0$"),  # as a typed 0 is read
    ({"calls_per_day": Decimal("20000")}, r"calls_per_day must be a number, got Decimal\('20000'\): pass an int or a float$"),
    ({"calls_per_gpu_hour": 1, "chart_max_calls": 1e8}, "calls_per_gpu_hour and chart_max_calls: .* would need"),
])
def test_bad_input_gets_a_message_naming_it(change, message):
    with pytest.raises(ValueError, match=message):
        CostInputs(**change)


def test_every_preset_says_it_is_illustrative_and_when():
    for p in PRESETS:
        assert "llustrative" in p.label + p.source and "2026" in p.label
    assert math.isfinite(compare(PRESETS[0].inputs).lead)


def test_the_cheapest_per_month_is_weighed_with_what_is_paid_up_front_over_the_models_life():
    few = compare(CostInputs(calls_per_day=500))
    totals = {o.key: o.upfront + few.inputs.model_life_months * few.monthly(o.key) for o in few.options}
    assert few.cheapest.key == "small" and few.cheapest_over_life.key == min(totals, key=totals.get) == "cached"
    assert f"Prompted, with caching costs least ({money(totals['cached'])} in all; " in few.over_life_text
    assert few.over_life_text in str(few).splitlines()[1]
    # More calls, or a longer life to spread the up-front cost over, and the two agree.
    for inputs in (CostInputs(), CostInputs(calls_per_day=500, model_life_months=600)):
        result = compare(inputs)
        assert result.cheapest_over_life is result.cheapest and result.over_life_text.endswith("it also costs least.")


def test_a_tie_at_the_inputs_volume_goes_to_the_option_the_bands_name_from_there():
    for inputs in (CostInputs(calls_per_day=0), replace(SITE, calls_per_day=0)):
        tie = compare(inputs)
        assert tie.lead == 0 and tie.cheapest.key == tie.bands[0].option, (tie.cheapest.key, tie.bands[0])
        assert tie.cheapest_over_life is tie.cheapest and tie.over_life_text.endswith("it also costs least.")
