"""The bibliography: complete, well-formed, every entry cited and every citation known."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

import bibliography

def test_the_bibliography_has_exactly_the_pinned_keys():
    # Readers cite references/#key: a key may be added (and pinned) but never renamed or removed.
    pinned = set(yaml.safe_load((ROOT / "tests" / "pinned_anchors.yml").read_text(encoding="utf-8"))["references/"])
    assert {work.key for work in bibliography.load()} == pinned


def test_every_citation_in_the_sources_names_a_bibliography_entry():
    known = {work.key for work in bibliography.load()}
    unknown = {page: sorted(keys - known) for page, keys in
               ((md.relative_to(ROOT).as_posix(), bibliography.citations_in(md.read_text(encoding="utf-8")))
                for md in (ROOT / "docs").rglob("*.md")) if keys - known}
    assert not unknown, f"citations of works not in docs_tools/references.yml: {unknown}"


def test_every_entry_is_cited_by_some_page_of_the_built_site(built_site):
    cited = set()
    for page in built_site.pages():
        if page.parent.name == "references":
            continue
        cited |= set(re.findall(r'href="[^"]*references/#([A-Za-z0-9_-]+)"', page.read_text(encoding="utf-8")))
    uncited = sorted({work.key for work in bibliography.load()} - cited)
    assert not uncited, f"bibliography entries no page cites: {uncited}"


def test_the_references_page_has_an_anchor_citation_and_bibtex_for_each_entry(built_site):
    html = (built_site.dir / "references" / "index.html").read_text(encoding="utf-8")
    for work in bibliography.load():
        assert f'id="{work.key}"' in html, work.key
        assert work.links and all(f'href="{url}"' in html for _, url in work.links), work.key
        assert re.search(r'class="nl">' + re.escape(work.key) + "<", html), f"no BibTeX entry for {work.key}"
    assert "<abbr" not in html, "paper titles must read as published, without hover definitions"


@pytest.mark.parametrize("work", bibliography.load(), ids=lambda w: w.key)
def test_each_bibtex_entry_is_balanced_and_complete(work):
    entry = bibliography.bibtex(work)
    assert entry.startswith(f"@{work.type}{{{work.key},")
    depth = 0
    for char in entry:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    for field in ("author", "title", "year", "url"):
        assert re.search(rf"^  {field} = \{{", entry, re.MULTILINE), field


def test_labels_and_apa_follow_the_number_of_authors():
    works = {work.key: work for work in bibliography.load()}
    assert works["lescao2021"].label == "Le Scao & Rush (2021)"
    assert works["brown2020"].label == "Brown et al. (2020)"
    assert bibliography.apa(works["lescao2021"]).startswith("Le Scao, T., & Rush, A. M. (2021). How Many")
    assert "et al." in bibliography.apa(works["brown2020"])
    assert "and others" in bibliography.bibtex(works["brown2020"])


def test_a_published_version_on_openreview_is_linked_and_is_the_bibtex_url():
    gepa = {work.key: work for work in bibliography.load()}["agrawal2025"]
    forum = "https://openreview.net/forum?id=RQm2KQTM5r"
    assert gepa.links[-1] == ("OpenReview", forum) and gepa.links[0][0] == "arXiv:2507.19457"
    assert f"url = {{{forum}}}" in bibliography.bibtex(gepa)


def test_an_incomplete_entry_is_refused(tmp_path):
    data = tmp_path / "refs.yml"
    data.write_text("- {key: x2020, type: misc, authors: ['X, Y'], title: T, year: 2020}\n")
    with pytest.raises(ValueError, match="x2020.*venue"):
        bibliography.load(data)
    data.write_text("- {key: x2020, type: misc, authors: ['X, Y'], title: T, year: 2020, venue: V}\n")
    with pytest.raises(ValueError, match="arxiv id, a doi or"):
        bibliography.load(data)
    data.write_text("- {key: x2020, type: misc, authors: ['X, Y'], title: T, year: 2020, venue: V, doi: 10.1/x, url: 'https://x.org'}\n")
    with pytest.raises(ValueError, match="url and an arxiv id or doi"):
        bibliography.load(data)


def test_a_work_only_on_the_web_links_its_page_and_is_misc_in_bibtex():
    kurt = {work.key: work for work in bibliography.load()}["kurt2024"]
    assert kurt.links == [("web page", kurt.url)] and kurt.url.startswith("https://")
    entry = bibliography.bibtex(kurt)
    assert entry.startswith("@misc{kurt2024,") and f"url = {{{kurt.url}}}" in entry and "howpublished" in entry


def test_an_organisation_author_is_written_whole():
    works = {work.key: work for work in bibliography.load()}
    deepseek = works["deepseek2025"]
    assert deepseek.label == "DeepSeek-AI (2025)"
    assert bibliography.apa(deepseek).startswith("DeepSeek-AI (2025). DeepSeek-R1")
    assert "author = {{DeepSeek-AI}}" in bibliography.bibtex(deepseek)


def test_works_with_the_same_label_get_a_letter_after_the_year(tmp_path):
    data = tmp_path / "refs.yml"
    data.write_text(
        "- {key: smith2020b, type: misc, authors: ['Smith, A', others], title: T2, year: 2020, venue: V, arxiv: '2'}\n"
        "- {key: smith2020a, type: misc, authors: ['Smith, B', others], title: T1, year: 2020, venue: V, arxiv: '1'}\n"
        "- {key: jones2020, type: misc, authors: ['Jones, C'], title: T3, year: 2020, venue: V, arxiv: '3'}\n")
    labels = {work.key: work.label for work in bibliography.load(data)}
    assert labels == {"smith2020a": "Smith et al. (2020a)", "smith2020b": "Smith et al. (2020b)",
                      "jones2020": "Jones (2020)"}
