"""What a team enters into the cost comparison: its traffic, token counts, prices and one-off costs.

Every number is an input with a label, a unit and limits (`pft.decision.fields`), so the
calculator's form, its links and these checks come from one declaration. The presets are
illustrative starting points, not price lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from pft.decision.fields import RuleError, check, number

__all__ = ["HOURS_PER_DAY", "MAX_STEPS", "PRESETS", "CostInputs", "Preset", "preset"]

HOURS_PER_DAY = 24
MAX_STEPS = 200
"""Most GPUs the self-hosted option may need in the charted range (each step is drawn and solved for)."""


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
            raise RuleError(("calls_per_gpu_hour", "chart_max_calls"),
                            f"with the calls one GPU serves and the range charted, the chart would need {steps:,.0f} "
                            f"GPUs (at most {MAX_STEPS}): chart a smaller range or check the calls one GPU serves")


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
