"""Cost of prompting against fine-tuning, per call and per month, and the break-even volume.

Prompting a general model pays, on every call, for a long prompt full of instructions
and demonstrations. A fine-tuned model needs a short prompt (the behaviour is in its
weights), possibly at a different price per token, but costs money up front (training),
possibly every month (hosting) and again at each retraining. The break-even volume is the
number of calls per day at which the two monthly bills are equal.

No price here is anyone's current price list: every figure is an input. Prices change
often; take yours from your provider's page on the day you decide.

Example:
    >>> prompting = Usage(prompt_tokens=1500, completion_tokens=50, input_price=1.0, output_price=4.0)
    >>> tuned = Usage(prompt_tokens=100, completion_tokens=50, input_price=2.0, output_price=8.0)
    >>> round(break_even(prompting, tuned, hosting_per_month=330.0).calls_per_day)
    10000
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Breakeven", "Usage", "break_even", "cost_per_call", "monthly_cost", "training_cost"]

MILLION = 1_000_000


def _check(name: str, value: object, *, positive: bool = False) -> float:
    if value is None:
        raise ValueError(f"{name} is missing: give a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < 0 or (positive and value == 0):
        raise ValueError(f"{name} must be {'positive' if positive else 'zero or more'}, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Usage:
    """Tokens per call and prices of one way of serving the task.

    Attributes:
        prompt_tokens: Input tokens per call (instructions, demonstrations, the input itself).
        completion_tokens: Output tokens per call.
        input_price: Price per million input tokens.
        output_price: Price per million output tokens.
    """

    prompt_tokens: float
    completion_tokens: float
    input_price: float
    output_price: float

    def __post_init__(self) -> None:
        for name in ("prompt_tokens", "completion_tokens", "input_price", "output_price"):
            _check(name, getattr(self, name))


def cost_per_call(usage: Usage) -> float:
    """Price of one call: prompt and completion tokens at their prices per million."""
    return (usage.prompt_tokens * usage.input_price + usage.completion_tokens * usage.output_price) / MILLION


def training_cost(training_tokens: float, price_per_million: float, epochs: int = 1) -> float:
    """Price of one fine-tuning run: tokens of the training set, times epochs, at the training price.

    Raises:
        ValueError: If a number is missing, negative, not finite, or ``epochs`` is not a
            positive whole number.
    """
    tokens = _check("training_tokens", training_tokens)
    price = _check("training price", price_per_million)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a whole number of 1 or more, got {epochs!r}")
    return tokens * epochs * price / MILLION


def monthly_cost(usage: Usage, calls_per_day: float, *, fixed_per_month: float = 0.0, days_per_month: float = 30.0) -> float:
    """Monthly bill: calls per day times days times the price of a call, plus fixed monthly costs."""
    calls = _check("calls_per_day", calls_per_day)
    fixed = _check("fixed_per_month", fixed_per_month)
    days = _check("days_per_month", days_per_month, positive=True)
    return calls * days * cost_per_call(usage) + fixed


@dataclass(frozen=True)
class Breakeven:
    """The comparison of a prompted and a fine-tuned setup.

    Attributes:
        prompting_per_call: Cost of one call with the long prompt.
        fine_tuned_per_call: Cost of one call to the fine-tuned model.
        fixed_per_month: Monthly fixed cost of the fine-tuned model: hosting plus training
            spread over the months between retrainings.
        calls_per_day: Calls per day above which fine-tuning is cheaper per month
            (``math.inf`` if a fine-tuned call is not cheaper than a prompted one).
        days_per_month: Days per month used in the comparison.
    """

    prompting_per_call: float
    fine_tuned_per_call: float
    fixed_per_month: float
    calls_per_day: float
    days_per_month: float

    @property
    def saving_per_call(self) -> float:
        """How much cheaper a fine-tuned call is (negative if it is dearer)."""
        return self.prompting_per_call - self.fine_tuned_per_call

    def monthly(self, calls_per_day: float) -> tuple[float, float]:
        """``(prompting, fine-tuned)`` monthly cost at a given volume."""
        calls = _check("calls_per_day", calls_per_day)
        return (calls * self.days_per_month * self.prompting_per_call,
                calls * self.days_per_month * self.fine_tuned_per_call + self.fixed_per_month)

    def payback_months(self, calls_per_day: float, upfront: float) -> float:
        """Months until a one-off ``upfront`` cost is paid back by the savings (``inf`` if never)."""
        prompting, tuned = self.monthly(calls_per_day)
        saving = prompting - tuned
        return _check("upfront", upfront) / saving if saving > 0 else math.inf


def break_even(
    prompting: Usage,
    fine_tuned: Usage,
    *,
    training: float = 0.0,
    retrain_every_months: float | None = None,
    hosting_per_month: float = 0.0,
    days_per_month: float = 30.0,
) -> Breakeven:
    """Compare prompting with fine-tuning and find the break-even volume.

    Training is spread over the months between retrainings when ``retrain_every_months``
    is given; otherwise it is treated as a one-off, left out of the monthly comparison, and
    [`payback_months`][pft.decision.pricing.Breakeven.payback_months] tells how long it takes to recover.

    Args:
        prompting: Tokens and prices of the prompted general model.
        fine_tuned: Tokens and prices of the fine-tuned model.
        training: Cost of one training run (see [`training_cost`][pft.decision.pricing.training_cost]).
        retrain_every_months: Months between retrainings (e.g. when the base model changes).
        hosting_per_month: Fixed monthly cost of serving the fine-tuned model.
        days_per_month: Days in a month of traffic.

    Returns:
        Per-call costs, the fine-tuned model's fixed monthly cost and the break-even volume.

    Raises:
        ValueError: If a number is missing, negative or not finite, or a period is zero.
    """
    fixed = _check("hosting_per_month", hosting_per_month)
    _check("training", training)
    days = _check("days_per_month", days_per_month, positive=True)
    if retrain_every_months is not None:
        fixed += training / _check("retrain_every_months", retrain_every_months, positive=True)
    per_prompt, per_tuned = cost_per_call(prompting), cost_per_call(fine_tuned)
    saving = per_prompt - per_tuned
    volume = fixed / (saving * days) if saving > 0 else math.inf
    return Breakeven(per_prompt, per_tuned, fixed, volume, days)
