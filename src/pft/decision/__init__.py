"""The decision guide and the cost calculator: advice from answers and prices, no models.

- [`guide`][pft.decision.guide]: the questionnaire's rules, walked by `decide`;
- [`pricing`][pft.decision.pricing]: what a prompted and a fine-tuned model cost, and
  the call volume where they break even.
"""

from pft.decision.guide import (
    DEFAULT, HOW_TO_FINE_TUNE, STEPS, Answers, Outcome, Reason, Recommendation, Step, Thresholds, decide,
)
from pft.decision.pricing import Breakeven, Usage, break_even, cost_per_call, monthly_cost, training_cost

__all__ = [
    "DEFAULT", "HOW_TO_FINE_TUNE", "STEPS",
    "Answers", "Breakeven", "Outcome", "Reason", "Recommendation", "Step", "Thresholds", "Usage",
    "break_even", "cost_per_call", "decide", "monthly_cost", "training_cost",
]
