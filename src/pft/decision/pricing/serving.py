"""The five ways of serving a task, each as costs that depend on volume in a simple way.

[`options`][pft.decision.pricing.serving.options] turns the inputs into a per-call price (billed
per token, after batch discounts), a fixed monthly cost (hosting, and the recurring evaluation and
retraining spread over the base model's life), GPUs for the self-hosted option, and what is paid
up front.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pft.decision.pricing.inputs import HOURS_PER_DAY, CostInputs

__all__ = ["MILLION", "OPTIONS", "Option", "options"]

MILLION = 1_000_000

OPTIONS: dict[str, str] = {
    "prompted": "Prompted large model",
    "cached": "Prompted, with caching",
    "tuned": "Fine-tuned large model",
    "small": "Fine-tuned smaller model",
    "self-hosted": "Self-hosted tuned model",
}
"""Option key -> its name on the page."""


@dataclass(frozen=True)
class Option:
    """One way of serving the task, as costs that depend on volume in a simple way.

    Attributes:
        key: Short name (a key of [`OPTIONS`][pft.decision.pricing.serving.OPTIONS]).
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
    """The five options of [`OPTIONS`][pft.decision.pricing.serving.OPTIONS] for inputs `c`."""
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
