"""The decision guide's flowchart, drawn at build time from ``pft.decision.guide``.

The chart is HTML and CSS: an ordered list of the questions, each answer with what it adds
to the plan and why, then the rules that settle the method, in the order they are tried. It
needs no script, reads in order without styles, and prints. It is generated from the same
``QUESTIONS`` and ``RULES`` that ``decide`` walks, so the two cannot drift apart.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from pft.decision.guide import FACTS, PLAN, QUESTIONS, RULES, Effect, Rule

def _evidence(targets: tuple[str, ...], link: Callable[[str], str]) -> str:
    if not targets:
        return ""
    return ' <span class="pft-flow-evidence">' + " · ".join(link(t) for t in targets) + "</span>"


def _branch(label: str, effect: Effect, link: Callable[[str], str]) -> str:
    steps = [f"plan: {PLAN[k]}" for k in effect.plan] + [f"notes: {FACTS[k]}" for k in effect.facts]
    action = html.escape("; ".join(steps)) if steps else "next question"
    return (f'<div class="pft-flow-branch" markdown="span"><strong>{html.escape(label)}</strong> → '
            f'<span class="pft-flow-action">{action}</span> '
            f'<span class="pft-flow-why">{html.escape(effect.reason)}{_evidence(effect.evidence, link)}</span></div>')


def _condition(rule: Rule) -> str:
    parts = [FACTS[f] for f in rule.all_of]
    if rule.any_of:
        parts.append(" or ".join(FACTS[f] for f in rule.any_of))
    parts += ["not: " + FACTS[f] for f in rule.none_of]
    return "If " + "; ".join(parts) if parts else "Otherwise"


def render(link: Callable[[str], str]) -> str:
    """HTML (with Markdown links inside, for md_in_html) of the whole flowchart.

    Args:
        link: Turns an evidence target (``page.md#anchor``) into a Markdown link.
    """
    items = []
    for n, q in enumerate(QUESTIONS, 1):
        branches = "".join(_branch(label, q.effects[value], link) for value, label in q.choices)
        items.append(f'<li class="pft-flow-step" id="flow-{q.key.replace("_", "-")}" markdown="block">'
                     f'<p class="pft-flow-q"><span class="pft-flow-n">{n}</span> {html.escape(q.text)}</p>'
                     f"{branches}</li>")
    rules = "\n".join(
        f'<li class="pft-flow-rule" id="flow-{r.key}" markdown="block"><p class="pft-flow-q">{html.escape(_condition(r))}'
        f' → <strong class="pft-flow-final">{html.escape(r.method[0].upper() + r.method[1:])}</strong></p>'
        f'<p class="pft-flow-why" markdown="span">{html.escape(r.reason)}{_evidence(r.evidence, link)}</p></li>'
        for r in RULES)
    return ('<div class="pft-flow" role="figure" aria-label="Decision flowchart" markdown="block">\n'
            '<ol markdown="block">\n' + "\n".join(items) + "\n</ol>\n"
            '<p class="pft-flow-then"><strong>Then the method: the first of these that applies.</strong></p>\n'
            '<ol class="pft-flow-rules" markdown="block">\n' + rules + "\n</ol>\n</div>\n")


def citations() -> set[str]:
    """Keys of the references that the flowchart's answers and rules cite."""
    effects = [e for q in QUESTIONS for e in q.effects.values()]
    targets = {t for item in [*effects, *RULES] for t in item.evidence}
    return {t.partition("#")[2] for t in targets if t.startswith("references.md#")}
