"""Figures the pages write out in words that the code also holds: each sentence is checked against
the constant it restates, so changing one fails here until the other follows."""

from __future__ import annotations

import re
import statistics

import pytest

from conftest import ROOT

from executor import MAX_CHART_CHARS, MAX_CHARTS, REDRAW_INTERVAL_S
from pft.decision import guide
from pft.decision.pricing import comparison, serving
from pft.decision.pricing.inputs import CostInputs
from pft.experiments import domain_adaptation, effects, few_shot

DOCS = ROOT / "docs"
NUMBERS = {"half": 0.5, "one": 1, "four": 4, "five": 5, "nine": 9, "ten": 10, "a hundred": 100, "two million": 2_000_000}
SHARE_JS = (ROOT / "runner" / "src" / "share.js").read_text(encoding="utf-8")


def page(name: str) -> str:
    """The page's Markdown with its lines joined, as a reader reads a sentence across them."""
    return " ".join((DOCS / name).read_text(encoding="utf-8").split())


@pytest.mark.parametrize(("name", "sentence", "value"), [
    ("cost-calculator.md", "compares five options for your numbers", len(serving.OPTIONS)),
    ("decision-guide.md", "compares five ways of serving your task", len(serving.OPTIONS)),
    ("decision-guide.md", "Answer ten questions about your task", len(guide.QUESTIONS)),
    ("about-models.md", "at least nine seeds in ten", effects.PASS_RATE * 10),
    ("running-snippets.md", "at most ten times a second", 1 / REDRAW_INTERVAL_S),
    ("running-snippets.md", "charts beyond a hundred in one run", MAX_CHARTS),
    ("running-snippets.md", "or two million characters of SVG in all", MAX_CHART_CHARS),
])
def test_a_count_in_words_is_the_codes(name, sentence, value):
    assert sentence in page(name), f"{name} no longer says {sentence!r}: update this test with the page"
    word = next(word for word in sorted(NUMBERS, key=len, reverse=True) if word in sentence)
    assert NUMBERS[word] == pytest.approx(value), f"{name}: {sentence!r}, but the code holds {value}"


def test_the_calculators_example_and_sensitivity_are_its_defaults():
    text = page("cost-calculator.md")
    defaults = CostInputs()
    fixed, own = defaults.prefix_tokens, defaults.input_tokens
    assert f"a {fixed + own:,.0f}-token prompt on every call" in text
    assert f"only the {own:,.0f}-token input" in text and f"the fixed {fixed:,.0f} tokens in the cache" in text
    assert f"Each input is moved {comparison.SENSITIVITY_STEP:.0%} down and up" in text


def test_the_links_longest_is_the_runners():
    limit = int(re.search(r"MAX_LINK_CHARS = ([\d_]+);", SHARE_JS)[1].replace("_", ""))
    assert f"may be at most {limit:,} characters long" in page("running-snippets.md")


def test_replays_half_is_its_setting():
    sentences = " ".join(effect.sentence for effect in domain_adaptation.EFFECTS)
    assert "half of each batch is general" in sentences and domain_adaptation.Settings().mix == 0.5


def test_few_shots_rise_compares_the_counts_its_sentence_names():
    effect = next(e for e in few_shot.EFFECTS if e.name == "rise-to-cap")
    many, one = re.search(r"with (\w+) demonstrations than with (\w+)\b", effect.sentence).groups()
    # Accuracy equal to the number of demonstrations: the measure returns the difference of the two it compares.
    rows = tuple(few_shot.Point(k, used=k, exact=k, on_format=1.0) for k in few_shot.Settings().shots)
    assert effect.measure(few_shot.Result(rows, context_size=0)) == NUMBERS[many] - NUMBERS[one]


def test_the_chart_cap_holds_hundreds_of_the_sites_charts(built_site):
    sizes = [len(svg) for path in built_site.dir.rglob("index.html")
             for svg in re.findall(r'<svg role="img".*?</svg>', path.read_text(encoding="utf-8"), re.S)]
    assert sizes and MAX_CHART_CHARS / statistics.median(sizes) >= 200, "running-snippets.md says hundreds"
