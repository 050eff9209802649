"""The tools as pages: links round-trip, tampered links fall back with a notice, bad fields get
messages, results are built only from allowed elements and escaped text, summaries carry the
evidence and the version."""

from __future__ import annotations

import json
import random
from dataclasses import fields

import pytest

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
    for _ in range(20):
        values = random_values(cls, rng)
        try:
            inputs = cls(**values)
        except ValueError:
            continue
        reply = ask(tool, query(inputs))
        assert reply["notice"] == "" and reply["problems"] == {}
        again = ask(tool, reply["query"])
        assert again["tree"] == reply["tree"] and again["query"] == reply["query"] == query(inputs)
        for name in specs(cls):
            assert str(getattr(inputs, name)) == reply["values"][name] or \
                float(reply["values"][name]) == getattr(inputs, name)


def test_the_defaults_make_an_empty_query():
    assert query(guide.Answers()) == "" and query(pricing.CostInputs()) == ""
    assert ask("guide", "")["query"] == ""


@pytest.mark.parametrize("tampered, named", [
    ("test_set=perhaps", "test_set"),
    ("test_set=yes&latency=%3Cscript%3E", "latency"),
    ("nonsense=1", "nonsense"),
])
def test_a_tampered_link_falls_back_to_defaults_with_a_notice(tampered, named):
    reply = ask("guide", tampered)
    assert named in reply["notice"] and "default" in reply["notice"]
    assert "<script" not in json.dumps(reply["tree"])


@pytest.mark.parametrize("tampered", ["a" * (MAX_QUERY + 1), "test_set=yes&test_set=no", "%%%&&=="])
def test_an_unreadable_link_shows_the_defaults(tampered):
    reply = ask("guide", tampered)
    assert reply["notice"] and reply["query"] == ""
    assert reply["tree"] == ask("guide", "")["tree"]


@pytest.mark.parametrize("text, message", [
    ("-5", "must be 0 or more"), ("abc", "must be a number"), ("1e30", "must be at most"), ("", "missing"),
    ("nan", "finite"), ("1e-320", "must be 0 or at least"),
])
def test_a_bad_form_field_gets_a_message_and_keeps_the_readers_text(text, message):
    reply = ask("cost", f"calls_per_day={text}", source="form")
    assert message in reply["problems"]["calls_per_day"]
    assert reply["values"]["calls_per_day"] == text
    assert reply["notice"] == ""


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
    assert "preset" in ask("cost", "preset=cheapest-ever")["notice"]
    assert "preset" in ask("cost", "preset=cheapest-ever", source="form")["problems"]


def test_the_chart_comes_only_when_asked():
    assert "chart" not in ask("cost", "")
    chart = ask("cost", "", chart=True)["chart"]
    assert chart["svg"].startswith("<svg") and chart["title"]
