"""The decision guide and the cost calculator: advice from answers and prices, no models.

- [`guide`][pft.decision.guide]: the questionnaire's rules, walked by `decide`;
- [`pricing`][pft.decision.pricing]: what five ways of serving a task cost per month, where
  they break even and which input moves the answer most;
- [`fields`][pft.decision.fields]: the declared inputs (label, unit, limits) both tools share
  with their forms and links;
- [`page`][pft.decision.page]: answers from a link or a form in, the result, a summary to
  paste and the link out, for the pages' forms and their build;
- [`elements`][pft.decision.elements]: a result as a tree of allowed elements with escaped
  text, and its links to the evidence;
- [`form`][pft.decision.form]: the form with its defaults, as the build writes it into a page.
"""

from pft.decision.guide import COST_ANSWERS, FACTS, PLAN, QUESTIONS, RULES, Answers, Effect, Question, Reason, Recommendation, Rule, decide
from pft.decision.pricing import OPTIONS, PRESETS, Comparison, CostInputs, Option, compare, options

__all__ = [
    "COST_ANSWERS", "FACTS", "OPTIONS", "PLAN", "PRESETS", "QUESTIONS", "RULES",
    "Answers", "Comparison", "CostInputs", "Effect", "Option", "Question", "Reason", "Recommendation", "Rule",
    "compare", "decide", "options",
]
