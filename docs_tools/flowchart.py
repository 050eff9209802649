"""The decision guide's flowchart, drawn at build time from ``pft.decision.guide.STEPS``.

The chart is HTML and CSS (an ordered list of question boxes with their yes/no branches),
so it needs no script, reads in order without styles, and prints. It is generated from
the same steps that ``pft.decision.guide.decide`` walks, so the two cannot drift apart.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from pft.decision.guide import DEFAULT, HOW_TO_FINE_TUNE, STEPS, Outcome, Thresholds

ACTION_LABELS = {
    "next": "next question",
    "add-retrieval": "add retrieval, then next question",
    "add-evaluation": "build a test set, then next question",
    "prompt": "Prompt",
    "fine-tune": "Fine-tune",
}


def _branch(answer: str, outcome: Outcome, values: dict, link: Callable[[str], str]) -> str:
    final = outcome.action in {"prompt", "fine-tune"}
    label = ACTION_LABELS[outcome.action]
    kind = f"pft-flow-{outcome.action}"
    evidence = " · ".join(link(target) for target in outcome.evidence)
    reason = html.escape(outcome.reason.format(**values))
    return (
        f'<div class="pft-flow-branch pft-flow-{answer.lower()}" markdown="span">'
        f'<strong>{answer}</strong> → <span class="pft-flow-action {kind}{" pft-flow-final" if final else ""}">{label}</span> '
        f'<span class="pft-flow-why">{reason}'
        + (f" <span class=\"pft-flow-evidence\">{evidence}</span>" if evidence else "")
        + "</span></div>"
    )


def render(link: Callable[[str], str], thresholds: Thresholds | None = None) -> str:
    """HTML (with Markdown links inside, for md_in_html) of the whole flowchart.

    Args:
        link: Turns an evidence target (``page.md#anchor``) into a Markdown link.
        thresholds: The policy whose numbers the questions show; the defaults if ``None``.
    """
    t = thresholds or Thresholds()
    values = {"min_examples_to_tune": t.min_examples_to_tune}
    items = []
    for n, step in enumerate(STEPS, 1):
        question = html.escape(step.question.format(**values))
        skipped = f'<p class="pft-flow-skip">{html.escape(step.unknown)}</p>' if step.unknown else ""
        items.append(
            f'<li class="pft-flow-step" id="flow-{step.key}" markdown="block">'
            f'<p class="pft-flow-q"><span class="pft-flow-n">{n}</span> {question}</p>'
            f"{_branch('Yes', step.yes, values, link)}{_branch('No', step.no, values, link)}{skipped}</li>"
        )
    items.append(
        f'<li class="pft-flow-step pft-flow-end" markdown="block"><p class="pft-flow-q">No question settled it</p>'
        f"{_branch('Then', DEFAULT, values, link)}</li>"
    )
    how = " · ".join(link(target) for target in HOW_TO_FINE_TUNE.evidence)
    note = (f'<p class="pft-flow-note" markdown="span"><strong>Whenever the answer is Fine-tune:</strong> '
            f"{html.escape(HOW_TO_FINE_TUNE.reason)} <span class=\"pft-flow-evidence\">{how}</span></p>")
    return ('<div class="pft-flow" role="figure" aria-label="Decision flowchart" markdown="block">\n<ol markdown="block">\n'
            + "\n".join(items) + f"\n</ol>\n{note}\n</div>\n")


def citations() -> set[str]:
    """Keys of the references that the flowchart's outcomes cite."""
    outcomes = [outcome for step in STEPS for outcome in (step.yes, step.no)] + [DEFAULT]
    return {e.partition("#")[2] for outcome in outcomes for e in outcome.evidence if e.startswith("references.md#")}
