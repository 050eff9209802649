"""The decision guide and the cost calculator: advice from answers and prices, no models.

- [`guide`][pft.decision.guide]: the questionnaire's rules, walked by `decide`;
- [`pricing`][pft.decision.pricing]: what five ways of serving a task cost per month, where
  they break even and which input moves the answer most;
- [`fields`][pft.decision.fields]: the declared inputs (label, unit, limits) both tools share
  with their forms and links.
"""

from pft.decision.guide import (
    DEFAULT, HOW_TO_FINE_TUNE, STEPS, Answers, Outcome, Reason, Recommendation, Step, Thresholds, decide,
)
from pft.decision.pricing import OPTIONS, PRESETS, Comparison, CostInputs, Option, compare, options

__all__ = [
    "DEFAULT", "HOW_TO_FINE_TUNE", "OPTIONS", "PRESETS", "STEPS",
    "Answers", "Comparison", "CostInputs", "Option", "Outcome", "Reason", "Recommendation", "Step", "Thresholds",
    "compare", "decide", "options",
]
