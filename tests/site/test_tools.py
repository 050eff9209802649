"""The two tools on the built site: the flowchart shows every question, answer and rule of the
guide, and every piece of evidence the guide links exists."""

from __future__ import annotations

import html
import re
import sys

import yaml

from conftest import ROOT
from pft.decision.guide import QUESTIONS, RULES


def test_the_flowchart_shows_every_question_answer_and_rule_of_the_function(built_site):
    page = (built_site.dir / "decision-guide" / "index.html").read_text(encoding="utf-8")
    chart = page[page.index('class="pft-flow"'):]
    chart = " ".join(html.unescape(re.sub(r"<[^>]+>", "", chart)).split())
    for q in QUESTIONS:
        assert q.text in chart, q.key
        for value, label in q.choices:
            assert q.effects[value].reason in chart, (q.key, value)
    for rule in RULES:
        assert rule.reason in chart, rule.key
    assert chart.index(QUESTIONS[0].text) < chart.index(QUESTIONS[-1].text) < chart.index(RULES[0].reason)


def test_every_evidence_target_exists():
    sys.path.insert(0, str(ROOT / "docs_tools"))
    import bibliography

    pinned = yaml.safe_load((ROOT / "tests" / "pinned_anchors.yml").read_text(encoding="utf-8"))
    keys = {work.key for work in bibliography.load()}
    targets = {t for q in QUESTIONS for e in q.effects.values() for t in e.evidence}
    targets |= {t for r in RULES for t in r.evidence}
    for target in sorted(targets):
        page, _, anchor = target.partition("#")
        assert (ROOT / "docs" / page).is_file(), target
        if page == "references.md":
            assert anchor in keys, target
        else:
            assert anchor in pinned.get(page.removesuffix(".md") + "/", []), f"{target}: not a pinned anchor"
