"""The toy's effects on the pages: every declared effect is shown, and every toy result shown is declared."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, SNIPPETS

import pages
import placeholders
import toy_effects
from pft.experiments import effects
from mkdocs.exceptions import PluginError

PAGES = pages.read()
PLACED = placeholders.placed(PAGES, "effects")
NOTE = re.compile(r'^!!! \w+ "(What the toy[^"]*)"', re.MULTILINE)


def _snippet_experiments() -> dict[str, set[str]]:
    """Snippet path -> the experiment modules it runs."""
    found = {}
    for path in SNIPPETS.rglob("*.py"):
        names = set(re.findall(r"from pft\.experiments import ([\w, ]+)", path.read_text(encoding="utf-8")))
        found[path.relative_to(SNIPPETS).as_posix()] = {n.strip() for group in names for n in group.split(",")}
    return found


def test_every_declared_effect_is_shown_on_its_page():
    shown = {key for page, anchor, experiment in PLACED for key in toy_effects.keys_for(experiment, page, anchor)}
    missing = sorted(set(toy_effects.declared()) - shown)
    assert not missing, f"declared effects on no page: {missing}"


def test_every_effects_box_shows_declared_effects_of_its_section():
    assert PLACED
    for page, anchor, experiment in PLACED:
        assert toy_effects.keys_for(experiment, page, anchor), f"{page}#{anchor}: <!-- effects: {experiment} -->"


def test_every_section_that_runs_an_experiment_shows_its_effects():
    runs = _snippet_experiments()
    placed = {(page, experiment) for page, _, experiment in PLACED}
    for src, markdown in PAGES.items():
        for snippet in re.findall(r'```run path="([^"]+)"', markdown):
            for experiment in runs.get(snippet, ()):
                assert (src, experiment) in placed, f"{src} runs {snippet} but shows no <!-- effects: {experiment} -->"


def test_no_page_types_what_the_toy_shows():
    # What the toy shows comes from the declarations; the typed notes say only what it does not show.
    for src, markdown in PAGES.items():
        titles = NOTE.findall(markdown)
        assert all(title == "What the toy does not show" for title in titles), f"{src}: {titles}"


def test_a_box_lists_each_effect_with_its_pass_rate_and_the_origin_sentence():
    page, anchor, experiment = next(p for p in PLACED if p[2] == "break_even")
    box = toy_effects.render_box(experiment, page, [anchor])
    keys = toy_effects.keys_for(experiment, page, anchor)
    assert box.count("\n    - ") == len(keys)
    assert all(toy_effects.declared()[k].sentence in box for k in keys)
    assert re.search(r"\*Holds on \d+ of \d+ seeds; mean .+, range .+ to .+\.\*", box)
    assert "Built in or learned: of these" in box


def test_the_about_table_has_one_row_per_effect_and_names_the_seed_blocks():
    table = toy_effects.render_table()
    assert table.count("\n| ") - 1 == len(toy_effects.declared())
    assert "<!-- effects-table -->" in PAGES["about-models.md"]
    assert f"seeds {toy_effects.effects.REPORTING_SEEDS.start} to" in table


def test_a_misplaced_box_fails_the_build():
    with pytest.raises(PluginError, match="declares no effect for that section"):
        toy_effects.render_box("break_even", "synergy.md", ["combined-power"])
    with pytest.raises(PluginError, match="must appear once per page"):
        toy_effects.render_box("break_even", "key-differences.md", ["trade-off", "trade-off"])


def _short_with_other_models() -> set[str]:
    return {key for key in toy_effects.declared() if toy_effects.short_with_others(key)}


def test_each_box_says_with_how_many_other_models_each_sentence_holds_and_warns_when_one_falls_short():
    short = _short_with_other_models()
    for page, anchor, experiment in PLACED:
        box = toy_effects.render_box(experiment, page, [anchor])
        keys = toy_effects.keys_for(experiment, page, anchor)
        for key in keys:
            kept = toy_effects.models_kept(key)
            assert kept is None or f"the sentence holds with {kept} of " in box, key
        assert ("other models pretrained the same way" in box) == any(key in short for key in keys), (page, experiment)


def test_the_about_page_lists_exactly_the_effects_that_fall_short_with_another_model():
    assert "<!-- other-models -->" in PAGES["about-models.md"]
    text = toy_effects.render_others("about-models.md")
    listed = [line for line in text.splitlines() if line.startswith("| ")][1:]
    short = _short_with_other_models()
    assert len(listed) == len(short)
    assert all(any(toy_effects.declared()[key].sentence in line for line in listed) for key in short)


@pytest.mark.parametrize(("n", "words"), [(0, "no"), (7, "seven"), (16, "sixteen"), (19, "nineteen"), (20, "twenty"),
                                          (32, "thirty-two"), (99, "ninety-nine"), (100, "100"), (-1, "-1")])
def test_counts_are_written_in_words_below_a_hundred(n, words):
    assert toy_effects.in_words(n) == words


def test_a_run_of_seeds_is_written_as_a_span_and_others_as_a_list():
    assert toy_effects.seeds_phrase(tuple(range(1, 33))) == "1 to 32"
    assert toy_effects.seeds_phrase((1, 4, 9)) == "1, 4 and 9"
    assert toy_effects.seeds_phrase((3, 4)) == "3 and 4"


def test_the_claim_maps_evidence_counts_the_effects_set_by_hand():
    checked = 0
    for snippet, experiments in _snippet_experiments().items():
        keys = [key for key in toy_effects.declared() if key.split("/")[0] in experiments]
        if not keys:
            continue
        hand = sum(toy_effects.declared()[key].origin == effects.HAND for key in keys)
        text = toy_effects.evidence(snippet)
        assert text.startswith(f" ({len(keys)} effects"), (snippet, text)
        assert (", all set by hand;" in text) == (hand == len(keys)), (snippet, text)
        assert (f", {hand} set by hand;" in text) == (0 < hand < len(keys)), (snippet, text)
        checked += hand > 0
    assert checked, "no experiment with an effect set by hand was checked"
