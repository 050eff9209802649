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

The parts, each a module named after its concept:

- [`inputs`][pft.decision.pricing.inputs]: what a team enters, and the illustrative presets;
- [`serving`][pft.decision.pricing.serving]: the five options, as costs simple in volume;
- [`break_even`][pft.decision.pricing.break_even]: where two options cost the same;
- [`comparison`][pft.decision.pricing.comparison]: the options ranked at your volume, the
  bands where each is the cheapest, what moves the answer, and the result in plain text.

Example:
    >>> result = compare(CostInputs(calls_per_day=100))
    >>> result.cheapest.label
    'Prompted, with caching'
    >>> f"{result.break_even('cached', 'small')[0]:,.0f} calls/day"
    '126 calls/day'
"""

from pft.decision.pricing.break_even import Band, BreakEven, crossings
from pft.decision.pricing.comparison import (
    SENSITIVITY_STEP, Comparison, Sensitivity, compare, money, report_lines, volume,
)
from pft.decision.pricing.inputs import PRESETS, CostInputs, Preset, preset
from pft.decision.pricing.serving import MILLION, OPTIONS, Option, options

__all__ = [
    "MILLION", "OPTIONS", "PRESETS", "SENSITIVITY_STEP", "Band", "BreakEven", "Comparison", "CostInputs", "Option",
    "Preset", "Sensitivity", "compare", "crossings", "money", "options", "preset", "report_lines", "volume",
]
