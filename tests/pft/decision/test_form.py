"""The tools' forms as the build writes them: every field with its label, unit and default,
and the result for the defaults."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from pft.decision.elements import render_html
from pft.decision.fields import Choice, defaults, specs
from pft.decision.form import form_html
from pft.decision.page import PRESET, TOOLS, respond

SITE = "https://example.org/pft/"


@pytest.mark.parametrize("tool", TOOLS)
def test_the_built_form_has_every_field_with_its_label_unit_and_default(tool):
    page = form_html(tool, root="../", site=SITE, page=f"{SITE}{tool}/", labels={"x": "</script><b>"},
                     version="0.1.0")

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inputs, self.labels, self.text = {}, set(), []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("type") == "text":
                self.inputs[a["name"]] = a["value"]
            if tag == "input" and a.get("type") == "radio" and "checked" in a:
                self.inputs[a["name"]] = a["value"]
            if tag == "label" and "for" in a:
                self.labels.add(a["for"])

        def handle_data(self, data):
            self.text.append(data)

    parsed = Fields()
    parsed.feed(page)
    text = " ".join(parsed.text)
    cls = TOOLS[tool].inputs
    expected = defaults(cls)
    for name, spec in specs(cls).items():
        assert spec.label in text, name
        if isinstance(spec, Choice):
            assert parsed.inputs[name] == expected[name]
        else:
            assert float(parsed.inputs[name]) == expected[name] and f"{tool}-{name}" in parsed.labels
            assert spec.unit in text
    assert "<" not in page.split('data-tool-data="')[1].split('"')[0]
    shown = respond({"tool": tool, "query": "", "site": SITE, "labels": {"x": "</script><b>"}})["tree"]
    assert render_html(shown).replace(SITE, "../") in page
    assert (f"name=\"{PRESET}\"" in page) == bool(TOOLS[tool].presets)
