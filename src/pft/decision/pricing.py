"""What five ways of serving a task cost per month, where they break even, and what moves the answer.

A call reads a fixed prompt (instructions and demonstrations, the same every time), its own
input, and writes an answer, perhaps after hidden reasoning tokens that are billed as output.
The options:

- **prompted**: the large model with the whole prompt on every call;
- **cached**: the same, with the fixed prompt read from the provider's prompt cache;
- **tuned**: the large model fine-tuned, so the fixed prompt is gone, at a per-token premium;
- **small**: a smaller model fine-tuned on the task (for example on the large model's checked
  outputs), billed per token;
- **self-hosted**: that smaller tuned model on GPUs rented by the hour, no per-token price.

Every option is evaluated again whenever its base model is retired; tuned options are also
retrained then. Those recurring costs are spread over the months of a model's life. Labelling
is paid once. Nothing here is a price list: every number is an input, and the presets are
illustrative.

Example:
    >>> result = compare(CostInputs(calls_per_day=100))
    >>> result.cheapest.label
    'Prompted, with caching'
    >>> f"{result.break_even('cached', 'small')[0]:,.0f} calls/day"
    '126 calls/day'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

from pft.decision.fields import Number, amount, check, number, specs
from pft.render import line_chart

__all__ = [
    "MILLION", "OPTIONS", "PRESETS", "SENSITIVITY_STEP", "Band", "BreakEven", "Comparison", "CostInputs", "Option",
    "Preset", "Sensitivity", "compare", "options",
]

MILLION = 1_000_000
HOURS_PER_DAY = 24
SENSITIVITY_STEP = 0.2
"""Each input is moved this far up and down (as a fraction of its value) to rank what matters."""
CHART_POINTS = 40
"""Volumes drawn between zero and the chart's end, besides the self-hosted option's steps."""
MAX_STEPS = 200
"""Most GPUs the self-hosted option may need in the charted range (each step is drawn and solved for)."""

OPTIONS: dict[str, str] = {
    "prompted": "Prompted large model",
    "cached": "Prompted, with caching",
    "tuned": "Fine-tuned large model",
    "small": "Fine-tuned smaller model",
    "self-hosted": "Self-hosted tuned model",
}
"""Option key -> its name on the page."""


@dataclass(frozen=True)
class CostInputs:
    """Everything the comparison depends on. Prices are in dollars; token prices per million."""

    calls_per_day: float = number(20_000, "Calls per day", "calls/day", maximum=1e9)
    prefix_tokens: float = number(1_650, "Fixed prompt (instructions, examples)", "tokens", maximum=1e7,
                                  help="The same on every call: what caching discounts and fine-tuning removes.")
    input_tokens: float = number(150, "Each call's own input", "tokens", maximum=1e7)
    output_tokens: float = number(60, "Answer", "tokens", maximum=1e7)
    reasoning_tokens: float = number(0, "Reasoning before the answer", "tokens", maximum=1e7,
                                     help="Billed as output. Counted for every option alike.")
    days_per_month: float = number(30, "Days of traffic per month", "days", minimum=1, maximum=31)

    input_price: float = number(0.50, "Large model: input price", "$ per million tokens", maximum=1e4)
    output_price: float = number(1.50, "Large model: output price", "$ per million tokens", maximum=1e4)

    cache_read: float = number(0.10, "Cached input price", "× input price", maximum=1,
                               help="0.10 means cached tokens cost a tenth of the input price (90% off).")
    cache_write_premium: float = number(0.25, "Cache write premium", "× input price extra", maximum=10,
                                        help="Extra charged when a call writes the fixed prompt to the cache; 0 if free.")
    cache_hit_rate: float = number(0.90, "Calls that find the prompt cached", "of calls", maximum=1,
                                    help="A share from 0 to 1: 0.9 means nine calls in ten.")

    batch_share: float = number(0.0, "Calls that can wait for a batch job", "of calls", maximum=1,
                                 help="A share from 0 to 1.")
    batch_discount: float = number(0.50, "Batch discount", "off", maximum=1,
                                    help="A share from 0 to 1: 0.5 means half price.")

    tuned_premium: float = number(2.0, "Tuned model's token price", "× base price", positive=True, maximum=100,
                                  help="1 where tuned adapters are billed at the base price.")
    tuned_prompt_tokens: float = number(0, "Instructions kept in a tuned model's prompt", "tokens", maximum=1e7)
    hosting_per_month: float = number(0, "Hosting fee of the tuned large model", "$ per month", maximum=1e9)
    training_price: float = number(8.00, "Large model: training price", "$ per million tokens", maximum=1e5)
    training_tokens: float = number(2_000_000, "Training set", "tokens", maximum=1e12)
    epochs: int = number(3, "Epochs", "passes", minimum=1, maximum=100, integer=True)

    small_input_price: float = number(0.20, "Smaller tuned model: input price", "$ per million tokens", maximum=1e4)
    small_output_price: float = number(0.80, "Smaller tuned model: output price", "$ per million tokens", maximum=1e4)
    small_training_price: float = number(2.00, "Smaller model: training price", "$ per million tokens", maximum=1e5)

    gpu_per_hour: float = number(2.50, "Self-hosted: one GPU", "$ per hour", maximum=1e5)
    calls_per_gpu_hour: float = number(10_000, "Self-hosted: calls one GPU serves", "calls per hour", positive=True,
                                       maximum=1e9, help="Measure it at your peak hour with your prompt and answer lengths.")

    labelled_examples: int = number(800, "Labelled examples to collect", "examples", integer=True, maximum=1e9)
    cost_per_label: float = number(0.50, "Labelling", "$ per example", maximum=1e5)
    evaluation_cost: float = number(300, "One evaluation on your test set", "$", maximum=1e9,
                                    help="Paid for every option whenever its base model changes.")
    model_life_months: float = number(12, "Months until the base model is retired", "months", positive=True, maximum=600)

    chart_max_calls: float = number(200_000, "Chart up to", "calls/day", positive=True, maximum=1e9)

    def __post_init__(self) -> None:
        check(self)
        steps = self.chart_max_calls / (self.calls_per_gpu_hour * HOURS_PER_DAY)
        if steps > MAX_STEPS:
            raise ValueError(f"calls_per_gpu_hour is too small for the charted range: it would take {steps:,.0f} GPUs "
                             f"(at most {MAX_STEPS}); chart a smaller range or check the calls one GPU serves")

    def monthly_calls(self, calls_per_day: float) -> float:
        return calls_per_day * self.days_per_month


@dataclass(frozen=True)
class Option:
    """One way of serving the task, as costs that depend on volume in a simple way.

    Attributes:
        key: Short name (a key of [`OPTIONS`][pft.decision.pricing.OPTIONS]).
        per_call: Dollars per call billed per token (after batch discounts).
        fixed_per_month: Hosting plus recurring costs spread over the model's life.
        per_gpu_month: Dollars per GPU kept running for a month (self-hosted only).
        calls_per_gpu_day: Calls one GPU serves a day (``inf`` if not self-hosted).
        upfront: One-off costs before the first call: labelling, training, evaluation.
    """

    key: str
    per_call: float
    fixed_per_month: float
    per_gpu_month: float = 0.0
    calls_per_gpu_day: float = math.inf
    upfront: float = 0.0

    @property
    def label(self) -> str:
        return OPTIONS[self.key]

    def gpus(self, calls_per_day: float) -> int:
        """GPUs kept running at this volume (at least one, for a self-hosted option)."""
        if not self.per_gpu_month:
            return 0
        return max(1, math.ceil(calls_per_day / self.calls_per_gpu_day))

    def monthly(self, calls_per_day: float, days_per_month: float) -> float:
        """Dollars per month at `calls_per_day`."""
        return (calls_per_day * days_per_month * self.per_call + self.fixed_per_month
                + self.gpus(calls_per_day) * self.per_gpu_month)


def _token_cost(prompt: float, output: float, input_price: float, output_price: float) -> float:
    return (prompt * input_price + output * output_price) / MILLION


def options(c: CostInputs) -> tuple[Option, ...]:
    """The five options of [`OPTIONS`][pft.decision.pricing.OPTIONS] for inputs `c`."""
    written = c.output_tokens + c.reasoning_tokens
    batch = 1 - c.batch_share * c.batch_discount
    tuned_prompt = c.tuned_prompt_tokens + c.input_tokens
    labelling = c.labelled_examples * c.cost_per_label
    train_large = c.training_tokens * c.epochs * c.training_price / MILLION
    train_small = c.training_tokens * c.epochs * c.small_training_price / MILLION

    prompted = _token_cost(c.prefix_tokens + c.input_tokens, written, c.input_price, c.output_price)
    # A hit reads the fixed prompt at the cache price; a miss pays full price plus the write premium.
    prefix_rate = c.cache_hit_rate * c.cache_read + (1 - c.cache_hit_rate) * (1 + c.cache_write_premium)
    cached = prompted - c.prefix_tokens * c.input_price * (1 - prefix_rate) / MILLION
    tuned = _token_cost(tuned_prompt, written, c.input_price * c.tuned_premium, c.output_price * c.tuned_premium)
    small = _token_cost(tuned_prompt, written, c.small_input_price, c.small_output_price)

    life = c.model_life_months
    evaluation = c.evaluation_cost
    return (
        Option("prompted", prompted * batch, evaluation / life, upfront=evaluation),
        Option("cached", cached * batch, evaluation / life, upfront=evaluation),
        Option("tuned", tuned * batch, c.hosting_per_month + (train_large + evaluation) / life,
               upfront=labelling + train_large + evaluation),
        Option("small", small * batch, (train_small + evaluation) / life, upfront=labelling + train_small + evaluation),
        Option("self-hosted", 0.0, (train_small + evaluation) / life,
               per_gpu_month=c.gpu_per_hour * HOURS_PER_DAY * c.days_per_month,
               calls_per_gpu_day=c.calls_per_gpu_hour * HOURS_PER_DAY,
               upfront=labelling + train_small + evaluation),
    )


# ---------------------------------------------------------------- break-even volumes


def _segments(opts: tuple[Option, ...], end: float) -> list[tuple[float, float]]:
    """Volume ranges on which every option's cost is a straight line (GPU counts are constant)."""
    edges = {0.0, end}
    for o in opts:
        if o.per_gpu_month:
            edges.update(k * o.calls_per_gpu_day for k in range(1, math.ceil(end / o.calls_per_gpu_day)))
    points = sorted(edges)
    return list(zip(points, points[1:]))


def crossings(a: Option, b: Option, end: float, days: float) -> tuple[float, ...]:
    """Volumes in ``[0, end]`` where the cheaper of `a` and `b` changes."""
    def diff(v: float, gpus_at: float) -> float:
        # Cost difference at v with each option's GPU count taken at gpus_at (inside one segment).
        return (v * days * (a.per_call - b.per_call) + a.fixed_per_month - b.fixed_per_month
                + a.gpus(gpus_at) * a.per_gpu_month - b.gpus(gpus_at) * b.per_gpu_month)

    found: list[float] = []
    sign = 0
    for low, high in _segments((a, b), end):
        middle = (low + high) / 2
        start, stop = diff(low, middle), diff(high, middle)
        start_sign = (start > 0) - (start < 0)
        if sign and start_sign and start_sign != sign:
            found.append(low)  # a GPU step made the other option cheaper
        if start_sign:
            sign = start_sign
        stop_sign = (stop > 0) - (stop < 0)
        if sign and stop_sign and stop_sign != sign:
            found.append(low + (high - low) * start / (start - stop))
        if stop_sign:
            sign = stop_sign
    return tuple(found)


@dataclass(frozen=True)
class BreakEven:
    """Where two options cost the same: ``volumes`` in calls/day, empty if nowhere in the range."""

    first: str
    second: str
    volumes: tuple[float, ...]


@dataclass(frozen=True)
class Band:
    """A range of volumes (calls/day) over which one option is the cheapest."""

    low: float
    high: float
    option: str


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
        """Options from cheapest to dearest at the inputs' volume (ties keep the listed order)."""
        return tuple(sorted(self.options, key=lambda o: self.monthly(o.key)))

    @property
    def cheapest(self) -> Option:
        return self.ranking[0]

    @property
    def lead(self) -> float:
        """Dollars per month the runner-up costs more than the cheapest option."""
        return self.monthly(self.ranking[1].key) - self.monthly(self.ranking[0].key)

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
                for low, _ in _segments((o,), end)[1:]:
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
    return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"


def volume(value: float) -> str:
    return f"{value:,.0f} calls/day"


def report_lines(result: Comparison, top: int = 5) -> list[str]:
    """The comparison in plain text: costs at your volume, break-evens, bands, what matters most."""
    c = result.inputs
    lines = [f"At {volume(c.calls_per_day)}: cheapest is {result.cheapest.label} "
             f"({money(result.monthly(result.cheapest.key))}/month, {money(result.lead)} less than the next)."]
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


# ---------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    """A named set of inputs, with where its numbers come from."""

    key: str
    label: str
    source: str
    inputs: CostInputs


PRESETS: tuple[Preset, ...] = (
    Preset("example", "Illustrative hosted model (December 2026)",
           "Illustrative numbers chosen for this site in December 2026, not any provider's price list. A cached "
           "token at 0.10 of the input price is the rate Mistral's prompt-caching documentation states (read on "
           "1 December 2026); other providers' rates differ, and some charge extra to write the cache.",
           CostInputs()),
    Preset("reasoning", "Illustrative reasoning model (December 2026)",
           "The example above with 600 reasoning tokens per call and dearer tokens: illustrative, not a price list.",
           CostInputs(reasoning_tokens=600, input_price=1.25, output_price=10.0, small_input_price=0.5,
                      small_output_price=2.0)),
    Preset("adapters", "Illustrative serverless adapters (December 2026)",
           "The example above with a tuned model billed at the base model's price and no hosting fee, as some "
           "providers bill low-rank adapters: illustrative, not a price list.",
           CostInputs(tuned_premium=1.0)),
)
"""Starting points for the calculator; every number stays editable."""


def preset(key: str) -> Preset:
    for p in PRESETS:
        if p.key == key:
            return p
    raise ValueError(f"preset must be one of {', '.join(p.key for p in PRESETS)}; got {key!r}")


