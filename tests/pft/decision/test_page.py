"""The tools as pages: links round-trip, tampered links fall back with a notice, bad fields get
messages, a number read two ways says how, results are built only from allowed elements and escaped
text, summaries carry the evidence and the version.

Why one module: every test asks `respond` through the same helper, as a page does, and checks one
part of the same reply; split by part, each file would restate the request.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from pft.decision import guide, pricing
from pft.decision.fields import specs
from pft.decision.elements import TAGS, render_html
from pft.decision.page import MAX_QUERY, TOOLS, query, respond

SITE = "https://example.org/pft/"


def ask(tool: str, q: str, source: str = "link", **extra):
    return respond(json.dumps({"tool": tool, "query": q, "source": source, "site": SITE,
                               "page": f"{SITE}{tool}/", "labels": {"faq.md#evaluations-first": "Evaluations first"},
                               "version": "0.1.0, 2026-12-01", **extra}))


def random_values(cls, rng):
    values = {}
    for name, spec in specs(cls).items():
        if hasattr(spec, "values"):
            values[name] = rng.choice(spec.values)
        else:
            values[name] = round(rng.uniform(spec.minimum, min(spec.maximum, spec.minimum + 1000)), 2)
            if spec.integer:
                values[name] = int(values[name])
            if spec.positive and values[name] <= 0:
                values[name] = 1
    return values


@pytest.mark.parametrize("tool", TOOLS)
def test_a_link_reproduces_the_answers_and_the_result(tool):
    rng = random.Random(3)
    cls = TOOLS[tool].inputs
    tried = 0
    for _ in range(20):
        values = random_values(cls, rng)
        try:
            inputs = cls(**values)
        except ValueError:
            continue
        tried += 1
        reply = ask(tool, query(inputs))
        assert reply["notice"] == "" and reply["problems"] == {}
        again = ask(tool, reply["query"])
        assert again["tree"] == reply["tree"] and again["query"] == reply["query"] == query(inputs)
        for name in specs(cls):
            assert str(getattr(inputs, name)) == reply["values"][name] or \
                float(reply["values"][name]) == getattr(inputs, name)
    assert tried >= 10, f"only {tried} of 20 random answers were valid inputs"


def test_the_defaults_make_an_empty_query():
    assert query(guide.Answers()) == "" and query(pricing.CostInputs()) == ""
    assert ask("guide", "")["query"] == ""


@pytest.mark.parametrize("tampered, named", [
    ("test_set=perhaps", "test_set"),
    ("test_set=yes&latency=%3Cscript%3E", "latency"),
    ("test_set=yes&latency=meets&latency=misses", "latency"),
])
def test_a_tampered_link_falls_back_to_defaults_with_a_notice(tampered, named):
    reply = ask("guide", tampered)
    assert f"\u201c{specs(guide.Answers)[named].label}\u201d" in reply["notice"] and "default" in reply["notice"]
    assert "<script" not in json.dumps(reply["tree"])
    assert reply["values"][named] == ask("guide", "")["values"][named]
    if named != "test_set":
        assert reply["values"]["test_set"] == "yes", "the link's good answer should be kept"


@pytest.mark.parametrize("link, extra", [
    ("calls_per_day=5000&input_price=1&", None), ("&calls_per_day=5000&&input_price=1", None),
    ("?calls_per_day=5000&input_price=1&utm_source=chat", "utm_source"), ("?&debug&calls_per_day=5000&input_price=1", "debug"),
])
def test_a_stray_ampersand_or_a_parameter_of_someone_elses_keeps_the_links_answers(link, extra):
    reply = ask("cost", link)
    assert reply["query"] == "calls_per_day=5000&input_price=1"
    assert bool(extra) == ("is not among this tool's answers" in reply["notice"])
    assert not extra or f"The link's {extra!r} is not among" in reply["notice"]
    assert "default" not in reply["notice"]


def test_a_name_that_would_reorder_or_hide_the_notices_words_shows_as_escapes():
    notice = ask("cost", "calls_per_day=5000&\u202ecalls_per_day=1&a\u200bb=2")["notice"]
    assert "'\\u202ecalls_per_day'" in notice and "'a\\u200bb'" in notice, notice
    assert not any(ch in notice for ch in "\u202e\u200b")


def test_a_value_with_no_name_is_named_as_such():
    assert "The link's (a value with no name) is not among" in ask("guide", "=5&test_set=yes")["notice"]


def test_a_link_with_many_or_long_names_that_are_no_field_gets_a_short_notice():
    notice = ask("guide", "&".join([f"k{i:02}=1" for i in range(60)] + ["x" * 500 + "=1", "test_set=yes"]))["notice"]
    assert notice.startswith("The link's 'k00', 'k01', 'k02' and 58 more are not among") and len(notice) < 200, notice
    notice = ask("guide", "x" * 500 + "=1")["notice"]
    assert "'" + "x" * 39 + "\u2026' is not among" in notice and len(notice) < 200, notice


@pytest.mark.parametrize("tampered", ["a" * (MAX_QUERY + 1), "%%%&&=="])
def test_an_unreadable_link_shows_the_defaults(tampered):
    reply = ask("guide", tampered)
    assert reply["notice"] and reply["query"] == ""
    assert reply["tree"] == ask("guide", "")["tree"]


@pytest.mark.parametrize("text, message", [
    ("-5", "must be 0 or more"), ("abc", "must be a number"), ("1e30", "must be at most"), ("", "missing"),
    ("nan", "finite"), ("1e-320", "must be 0 or at least"), ("0,5", "with a point for decimals"),
    ("1,5", "with a point for decimals"), ("0,500", "with a point for decimals"), ("-0,500", "with a point for decimals"),
    ("2,00,000", "must be a number"),
])
def test_a_bad_form_field_gets_a_message_and_keeps_the_readers_text(text, message):
    reply = ask("cost", f"calls_per_day={text}", source="form")
    assert message in reply["problems"]["calls_per_day"]
    assert reply["values"]["calls_per_day"] == text
    assert reply["notice"] == ""


def test_a_long_text_in_one_form_field_marks_that_field_and_keeps_every_other_answer():
    # A link's length is limited; a form's text is the reader's, judged field by field.
    reply = ask("cost", f"preset=reasoning&calls_per_day=3000&input_price=quote: {'x' * 5000}", source="form")
    assert list(reply["problems"]) == ["input_price"] and reply["notice"] == ""
    assert reply["problems"]["input_price"].startswith("must be a number, got 'quote: xxx")
    assert len(reply["problems"]["input_price"]) < 80
    assert (reply["values"]["preset"], reply["values"]["calls_per_day"]) == ("reasoning", "3000")


@pytest.mark.parametrize("text, value", [("20,000", 20_000), ("1,234.5", 1234.5), ("-0", 0), (" 5e3 ", 5000)])
def test_a_number_is_read_as_a_reader_writes_it(text, value):
    reply = ask("cost", f"calls_per_day={text}", source="form")
    assert reply["problems"] == {} and float(reply["values"]["calls_per_day"]) == value
    assert reply["values"]["calls_per_day"] != "-0" and "At -0" not in reply["title"]


@pytest.mark.parametrize("text, value, reading", [
    ("20.000", 20, "read as 20; for 20,000, write 20000"), ("1.650", 1.65, "read as 1.65; for 1,650, write 1650"),
    ("1,250", 1250, "read as 1,250; for 1.25, write 1.25"), (" 2_0.000 ", 20, "read as 20; for 20,000, write 20000"),
    ("20,000", 20_000, ""), ("1,234.5", 1234.5, ""), ("2.000.000", None, ""), ("0.125", 0.125, ""), ("1.25", 1.25, ""),
    ("1000.000", 1000, ""), ("-1.250", None, ""),
])
def test_a_number_the_other_convention_reads_otherwise_is_used_and_its_field_says_how_it_was_read(text, value, reading):
    """Where a point separates thousands, 20.000 is twenty thousand: the field says it was read as 20.
    A text that is not used gets its problem instead; 20,000 means 20 to no one and goes unremarked. A link
    has no field messages: its notice says how it was read."""
    reply = ask("cost", f"calls_per_day={text}", source="form")
    assert reply["readings"] == ({"calls_per_day": reading} if reading else {})
    if value is None:
        assert "calls_per_day" in reply["problems"]
    else:
        assert reply["problems"] == {} and float(reply["values"]["calls_per_day"]) == value
    link = ask("cost", f"calls_per_day={text}")
    assert link["readings"] == {}, "a link's readings go in its notice"
    if reading:
        assert link["notice"] == f"This link's value for \u201cCalls per day\u201d was {reading}."


def test_a_whole_number_field_read_two_ways_says_so_too():
    reply = ask("cost", "epochs=2.000&labelled_examples=1.500", source="form")
    assert reply["readings"] == {"epochs": "read as 2; for 2,000, write 2000"}
    assert "whole number" in reply["problems"]["labelled_examples"]


@pytest.mark.parametrize("source", ["form", "link"])
def test_a_rule_between_fields_marks_both_and_the_result_still_comes(source):
    """The self-hosted option's GPUs in the charted range are bounded: a range too wide for the calls one GPU
    serves marks both fields, whichever the reader changed, and the other answers are kept."""
    reply = ask("cost", "calls_per_day=5000&chart_max_calls=100000000", source=source)
    if source == "form":
        assert set(reply["problems"]) == {"calls_per_gpu_hour", "chart_max_calls"}
        assert "chart a smaller range" in reply["problems"]["chart_max_calls"]
    else:  # the notice names only what the link gave
        labels = specs(pricing.CostInputs)
        assert f"value for \u201c{labels['chart_max_calls'].label}\u201d could not" in reply["notice"]
        assert labels["calls_per_gpu_hour"].label not in reply["notice"]
    assert reply["query"] == "calls_per_day=5000" and reply["tree"]


def test_an_answer_the_guide_sets_aside_says_so_in_the_summary():
    reply = ask("guide", "prompting=falls-short&can_tune=yes")
    assert "No: it falls short (taken as \u201cNot measured yet\u201d: without a test set" in reply["summary"]
    assert "(taken as" not in ask("guide", "test_set=yes&prompting=falls-short")["summary"]


def test_the_summary_shows_small_prices_and_single_units_as_written():
    summary = ask("cost", "input_price=0.004&epochs=1&model_life_months=1")["summary"]
    assert "$0.004 per million tokens" in summary and "1 pass\n" in summary and "1 month\n" in summary
    assert "$0.50 per million tokens" in ask("cost", "")["summary"]


@pytest.mark.parametrize("answers", ["calls_per_day=0.000001", "calls_per_day=123456789",
                                     "calls_per_day=1234567.89&input_price=0.0000015"])
def test_no_number_the_reader_sees_is_in_exponent_form(answers):
    reply = ask("cost", answers, chart=True)
    shown = " ".join([reply["title"], reply["summary"], render_html(reply["tree"]), *reply["values"].values()])
    assert not re.search(r"\de[-+]?\d", shown), re.findall(r"\S*\de[-+]?\d\S*", shown)
    assert reply["query"] == answers


def test_a_fields_message_writes_its_numbers_out():
    reply = ask("cost", "calls_per_day=1e-7&epochs=2.5e-7&model_life_months=-1e-7", source="form")
    assert reply["problems"] == {"calls_per_day": "must be 0 or at least 0.000001, got 0.0000001",
                                 "epochs": "must be a whole number, got 0.00000025",
                                 "model_life_months": "must be more than 0, got -0.0000001"}


def test_results_contain_only_allowed_elements_and_escape_every_text():
    evil = "<img src=x onerror=alert(1)>"
    reply = ask("guide", "test_set=yes", labels={"faq.md#evaluations-first": evil})

    def walk(n):
        assert n["tag"] == "#text" or n["tag"] in TAGS
        assert set(n) <= {"tag", "text", "class", "href", "children"}
        if "href" in n:
            assert n["href"].startswith(SITE)
        for child in n.get("children", []):
            walk(child)
    walk(reply["tree"])
    page = render_html(reply["tree"])
    assert "<img" not in page and "&lt;img" in page
    with pytest.raises(ValueError, match="may not contain"):
        render_html({"tag": "script", "children": []})


def test_the_summary_has_answers_recommendation_reasons_links_and_version():
    reply = ask("guide", "test_set=yes&prompting=falls-short&can_tune=yes")
    summary = reply["summary"]
    advice = guide.decide(guide.Answers(test_set="yes", prompting="falls-short", can_tune="yes"))
    assert advice.summary in summary
    assert f"<{SITE}guide/?test_set=yes&prompting=falls-short&can_tune=yes>" in summary
    assert "[Evaluations first](https://example.org/pft/faq/#evaluations-first)" in summary
    assert "version 0.1.0, 2026-12-01" in summary
    for f in fields(guide.Answers):
        assert specs(guide.Answers)[f.name].label in summary
    cost = ask("cost", "calls_per_day=5000")["summary"]
    assert str(pricing.compare(pricing.CostInputs(calls_per_day=5000))).splitlines()[0] in cost


def test_an_unknown_tool_is_refused():
    with pytest.raises(ValueError, match="tool must be one of guide, cost"):
        respond({"tool": "oracle"})


def test_every_field_of_the_calculator_is_in_exactly_one_group():
    names = [n for _, group in TOOLS["cost"].groups for n in group]
    assert sorted(names) == sorted(specs(pricing.CostInputs)) and len(names) == len(set(names))


def test_a_preset_is_kept_in_the_link_and_changes_the_defaults():
    reasoning = pricing.PRESETS[1]
    reply = ask("cost", f"preset={reasoning.key}&calls_per_day=500")
    assert reply["query"] == f"preset={reasoning.key}&calls_per_day=500"
    assert float(reply["values"]["reasoning_tokens"]) == reasoning.inputs.reasoning_tokens
    assert "\u201cStart from\u201d" in ask("cost", "preset=cheapest-ever")["notice"]
    assert "preset" in ask("cost", "preset=cheapest-ever", source="form")["problems"]


def test_the_chart_comes_only_when_asked():
    assert "chart" not in ask("cost", "")
    chart = ask("cost", "", chart=True)["chart"]
    assert chart["svg"].startswith("<svg") and chart["title"]


def test_what_a_saved_link_means_does_not_change():
    """A link records only what differs from its preset or the defaults: those must stay as they were."""
    pinned = yaml.safe_load((Path(__file__).parents[2] / "pinned_presets.yml").read_text(encoding="utf-8"))
    now = {}
    for key, tool in TOOLS.items():
        for preset in tool.presets or (None,):
            values = respond({"tool": key, "query": f"preset={preset.key}" if preset else ""})["values"]
            values.pop("preset", None)
            now[f"{key}:{preset.key}" if preset else key] = values
    assert set(pinned) <= set(now), f"a preset a saved link may name is gone: {sorted(set(pinned) - set(now))}"
    assert set(now) <= set(pinned), f"pin the new preset in tests/pinned_presets.yml: {sorted(set(now) - set(pinned))}"
    changed = {name: {f: (pinned[name][f], now[name].get(f)) for f in pinned[name] if pinned[name][f] != now[name].get(f)}
               for name in pinned}
    assert not any(changed.values()), f"saved links would now show other numbers; add a new preset instead: {changed}"


def test_an_option_paid_by_the_hour_is_not_shown_as_free_per_call():
    tree = json.dumps(ask("cost", "")["tree"])
    assert "$0.000000" not in tree and "its GPUs are paid by the hour" in tree


def test_a_links_notice_names_fields_by_the_labels_the_reader_sees_in_the_forms_order():
    notice = ask("cost", "input_price=x&calls_per_day=abc&preset=nowhere&calls_per_day=5")["notice"]
    assert notice.startswith("This link's value for \u201cStart from\u201d, \u201cCalls per day\u201d, "
                             "\u201cLarge model: input price\u201d could not be used"), notice
    assert "(\u201cCalls per day\u201d given more than once)" in notice and "calls_per_day" not in notice
    assert notice.endswith(" \u201cStart from\u201d: must be one of example, reasoning, adapters; got 'nowhere'."
                           " \u201cLarge model: input price\u201d: must be a number, got 'x'."), notice


def test_a_links_notice_for_a_broken_rule_names_only_the_fields_the_link_gave():
    reply = ask("cost", "calls_per_gpu_hour=1")
    assert reply["notice"] == ("This link's value for \u201cSelf-hosted: calls one GPU serves\u201d could not be used, "
                               "so the default is shown there. \u201cSelf-hosted: calls one GPU serves\u201d: "
                               + ask("cost", "calls_per_gpu_hour=1", source="form")["problems"]["calls_per_gpu_hour"] + ".")
