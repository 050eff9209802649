"""Placeholder lines: rendered from one registry, with the build's data read once."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

import placeholders


@pytest.fixture(scope="module")
def data() -> placeholders.BuildData:
    return placeholders.BuildData.load()


def test_an_unknown_placeholder_stops_the_build_naming_it(data):
    with pytest.raises(PluginError, match=r"faq\.md: <!-- robustness-tabel -->"):
        placeholders.expand("# T\n\n<!-- robustness-tabel -->\n", "faq.md", data)


def test_a_renderer_is_one_registry_entry(data, monkeypatch):
    seen = []
    entry = placeholders.Placeholder(lambda argument, page, data: seen.append((argument, page)) or f"**{argument}**")
    monkeypatch.setitem(placeholders.REGISTRY, "shout", entry)
    out = placeholders.expand("a\n<!-- shout: hello -->\nb <!-- shout --> stays\n", "x.md", data)
    assert out == "a\n**hello**\nb <!-- shout --> stays\n"
    assert seen == [("hello", "x.md")]


def test_the_glossary_placeholder_becomes_one_section_per_term(data):
    out = placeholders.expand("<!-- glossary -->\n", "glossary.md", data)
    assert out.count("\n## ") + out.startswith("## ") == len(data.terms)


def test_a_page_cites_the_papers_of_its_verdicts_and_links(data):
    claim = next(claim for claim in data.claims.values() if claim.papers)
    page = next(src for src, text in data.markdown.items() if f"<!-- verdict: {claim.id} -->" in text)
    for key in claim.papers:
        assert page in data.cited_by[key]
    assert "references.md" not in {src for pages in data.cited_by.values() for src in pages}
    assert "claims.md" in data.cited_by[claim.papers[0]], "the claim map shows every claim's papers"
