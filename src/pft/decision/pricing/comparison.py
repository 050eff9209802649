"""The comparison of every option for one set of inputs, and how to read it.

[`compare`][pft.decision.pricing.comparison.compare] prices the options; the
[`Comparison`][pft.decision.pricing.comparison.Comparison] ranks them at the team's volume, finds
every break-even in the charted range, the bands where each option is the cheapest, and which
input moves the answer most; `report_lines` says all of it in plain text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

from pft.decision.fields import Number, amount, plain, specs
from pft.decision.pricing.break_even import Band, BreakEven, crossings, segments
from pft.decision.pricing.inputs import CostInputs
from pft.decision.pricing.serving import OPTIONS, Option, options
from pft.render import line_chart

__all__ = [
    "SENSITIVITY_STEP", "Comparison", "Sensitivity", "compare", "money", "report_lines", "volume",
]

SENSITIVITY_STEP = 0.2
"""Each input is moved this far up and down (as a fraction of its value) to rank what matters."""
CHART_POINTS = 40
"""Volumes drawn between zero and the chart's end, besides the self-hosted option's steps."""


@dataclass(frozen=True)
class Sensitivity:
    """How the cheapest option's lead at your volume moves when one input moves by ±SENSITIVITY_STEP.

    The lead is how many dollars a month the next-cheapest option costs more than the cheapest
    one at your volume; a negative lead means another option became the cheapest.

    Attributes:
        name: The input's field name.
        low: The input moved down (clamped to its allowed range).
        high: The input moved up (clamped to its allowed range).
        lead_low: The lead with the input at `low`.
        lead_high: The lead with the input at `high`.
        swing: The larger of the two changes of the lead.
    """

    name: str
    low: float
    high: float
    lead_low: float
    lead_high: float
    swing: float

    @property
    def flips(self) -> bool:
        return min(self.lead_low, self.lead_high) < 0

    def describe(self) -> str:
        """In words: ``'Calls per day, 16,000 to 24,000 calls/day: $124 to $184'``."""
        spec = specs(CostInputs)[self.name]
        flip = " (another option becomes the cheapest)" if self.flips else ""
        return (f"{spec.label}, {amount(spec, self.low, unit=False)} to {amount(spec, self.high)}: "
                f"{money(self.lead_low)} to {money(self.lead_high)}{flip}")


# Inputs that describe the comparison, not the task: moving them answers no question.
NOT_VARIED = ("days_per_month", "chart_max_calls")


@dataclass(frozen=True)
class Comparison:
    """The comparison of every option for one set of inputs."""

    inputs: CostInputs
    options: tuple[Option, ...]

    def monthly(self, key: str, calls_per_day: float | None = None) -> float:
        """Monthly cost of option `key` at `calls_per_day` (the inputs' volume if ``None``)."""
        volume = self.inputs.calls_per_day if calls_per_day is None else calls_per_day
        return self.option(key).monthly(volume, self.inputs.days_per_month)

    def option(self, key: str) -> Option:
        for o in self.options:
            if o.key == key:
                return o
        raise ValueError(f"option must be one of {', '.join(OPTIONS)}; got {key!r}")

    @cached_property
    def ranking(self) -> tuple[Option, ...]:
        """Options from cheapest to dearest at the inputs' volume; of two that cost the same, the one
        cheaper per call first, as it stays the cheaper above this volume (and the bands say so)."""
        return tuple(sorted(self.options, key=lambda o: (self.monthly(o.key), o.per_call)))

    @property
    def cheapest(self) -> Option:
        return self.ranking[0]

    @property
    def lead(self) -> float:
        """Dollars per month the runner-up costs more than the cheapest option."""
        return self.monthly(self.ranking[1].key) - self.monthly(self.ranking[0].key)

    @property
    def lead_text(self) -> str:
        """`lead` in words: "$154 less than the next", unless it rounds to no whole dollar.

        The gap between the two costs as `money` shows them, so that it is the difference a reader
        finds beside it ($28 and $32: "$4 less", though the exact lead, $4.55, would round to $5).
        """
        first, second = (round(self.monthly(o.key)) for o in self.ranking[:2])
        return f"{money(second - first)} less than the next" if second != first else "within a dollar of the next"

    def over_life(self, key: str) -> float:
        """What option `key` costs from before its first call to its base model's retirement: what it
        pays up front (labelling, the first run, the first evaluation) and its months at the inputs'
        volume, which already spread the next retraining over the model's life."""
        return self.option(key).upfront + self.inputs.model_life_months * self.monthly(key)

    @cached_property
    def cheapest_over_life(self) -> Option:
        """The option that costs least over the base model's life, up front included (of two that cost the
        same, the one that comes first in `ranking`, so a tie never names another option than the cheapest)."""
        return min(self.ranking, key=lambda o: self.over_life(o.key))

    @property
    def over_life_text(self) -> str:
        """Whether the cheapest option per month is also the cheapest over the model's life, in words."""
        best, least = self.cheapest, self.cheapest_over_life
        life = amount(specs(CostInputs)["model_life_months"], self.inputs.model_life_months)
        within = f"Over the {life} until the base model is retired, up-front costs included"
        if least is best:
            return f"{within}, it also costs least."
        return (f"{within}: {least.label} costs least ({money(self.over_life(least.key))} in all; "
                f"{best.label} {money(self.over_life(best.key))}).")

    @cached_property
    def break_evens(self) -> tuple[BreakEven, ...]:
        """Every pair of options and the volumes where they cost the same, in the charted range."""
        end, days = self.inputs.chart_max_calls, self.inputs.days_per_month
        return tuple(BreakEven(a.key, b.key, crossings(a, b, end, days))
                     for i, a in enumerate(self.options) for b in self.options[i + 1:])

    def break_even(self, first: str, second: str) -> tuple[float, ...]:
        for pair in self.break_evens:
            if {pair.first, pair.second} == {first, second}:
                return pair.volumes
        raise ValueError(f"no pair {first!r}, {second!r}: options are {', '.join(OPTIONS)}")

    @cached_property
    def bands(self) -> tuple[Band, ...]:
        """The cheapest option across the charted range, as consecutive bands of volume."""
        end = self.inputs.chart_max_calls
        edges = sorted({0.0, end, *(v for pair in self.break_evens for v in pair.volumes)})
        bands: list[Band] = []
        for low, high in zip(edges, edges[1:]):
            middle = (low + high) / 2
            best = min(self.options, key=lambda o: o.monthly(middle, self.inputs.days_per_month)).key
            if bands and bands[-1].option == best:
                bands[-1] = Band(bands[-1].low, high, best)
            else:
                bands.append(Band(low, high, best))
        return tuple(bands)

    @cached_property
    def sensitivity(self) -> tuple[Sensitivity, ...]:
        """Inputs ranked by how far moving each by ±SENSITIVITY_STEP moves the cheapest option's lead."""
        winner = self.cheapest.key
        volume = self.inputs.calls_per_day
        found = []
        for name, spec in specs(CostInputs).items():
            value = getattr(self.inputs, name)
            if name in NOT_VARIED or value == 0:
                continue
            tried = []
            for factor in (1 - SENSITIVITY_STEP, 1 + SENSITIVITY_STEP):
                moved = _clamp(spec, value * factor)
                # Only this input changes, to a value its own limits allow: no need to check the rest again.
                varied = SimpleNamespace(**{**vars(self.inputs), name: moved})
                costs = {o.key: o.monthly(volume if name != "calls_per_day" else moved, varied.days_per_month)
                         for o in options(varied)}
                tried.append((moved, min(c for k, c in costs.items() if k != winner) - costs[winner]))
            (low, lead_low), (high, lead_high) = tried
            swing = max(abs(lead_low - self.lead), abs(lead_high - self.lead))
            found.append(Sensitivity(name, low, high, lead_low, lead_high, swing))
        return tuple(sorted(found, key=lambda s: (-s.swing, s.name)))

    def chart(self):
        """Monthly cost of each option against volume, as a chart for `pft.show`."""
        end, days = self.inputs.chart_max_calls, self.inputs.days_per_month
        volumes = {end * i / CHART_POINTS for i in range(CHART_POINTS + 1)}
        series = {}
        for o in self.options:
            points = set(volumes)
            if o.per_gpu_month:
                # Draw each step: the last volume before a GPU is added and the first after.
                for low, _ in segments((o,), end)[1:]:
                    points |= {low, math.nextafter(low, math.inf)}
            series[o.label] = [(v / 1000, o.monthly(v, days)) for v in sorted(points)]
        return line_chart("Monthly cost of each option", "thousand calls per day", "dollars per month", series)

    def __str__(self) -> str:
        return "\n".join(report_lines(self))


def _clamp(spec: Number, value: float) -> float:
    value = min(max(value, spec.minimum), spec.maximum)
    return round(value) if spec.integer else value


def compare(inputs: CostInputs | None = None) -> Comparison:
    """Compare the five options for `inputs` (the defaults if ``None``)."""
    inputs = inputs if inputs is not None else CostInputs()
    return Comparison(inputs, options(inputs))


# ---------------------------------------------------------------- reading the result


def money(value: float) -> str:
    """Whole dollars; a loss that rounds to no dollar is "$0", not "-$0"."""
    text = f"${abs(value):,.0f}"
    return f"-{text}" if round(value) < 0 else text


def volume(value: float) -> str:
    # Below 100 calls a day whole numbers would round 0.5 to "0".
    text = f"{value:,.0f}" if value >= 100 else plain(value, digits=3)
    return f"{text} call/day" if text == "1" else f"{text} calls/day"


def report_lines(result: Comparison, top: int = 5) -> list[str]:
    """The comparison in plain text: costs at your volume, break-evens, bands, what matters most."""
    c = result.inputs
    lines = [f"At {volume(c.calls_per_day)}: cheapest is {result.cheapest.label} "
             f"({money(result.monthly(result.cheapest.key))}/month, {result.lead_text}).", result.over_life_text]
    for o in result.ranking:
        lines.append(f"  {o.label:<26} {money(result.monthly(o.key)):>10}/month  up front {money(o.upfront)}")
    lines.append(f"Cheapest across 0 to {volume(c.chart_max_calls)}:")
    lines += [f"  {volume(b.low)} to {volume(b.high)}: {OPTIONS[b.option]}" for b in result.bands]
    reference = result.options[0]
    lines.append(f"Break-even against the {reference.label.lower()}:")
    for pair in result.break_evens:
        if pair.first == reference.key:
            where = ", ".join(volume(v) for v in pair.volumes) or "none in this range"
            lines.append(f"  {OPTIONS[pair.second]}: {where}")
    lines.append(f"What moves the answer most, each input moved {SENSITIVITY_STEP:.0%} down and up")
    lines.append(f"(the {result.cheapest.label.lower()}'s lead over the next option, per month):")
    lines += [f"  {s.describe()}" for s in result.sensitivity[:top]]
    return lines
