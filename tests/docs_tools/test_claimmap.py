"""The claim map: every claim of the article has a verdict and evidence, and the pages show it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from conftest import ROOT, SNIPPETS

import bibliography
import claimmap
import pages
import placeholders
from mkdocs.exceptions import PluginError  # noqa: E402

# The numbered points of sections I-IV and the article's FAQ answers, by their fixed anchors.
NUMBERED = {
    "prompt-engineering": ["definition", "customization", "precision", "application"],
    "fine-tuning": ["definition", "adaptability", "versatility", "use-cases"],
    "key-differences": ["approach", "control", "flexibility", "trade-off"],
    "synergy": ["combined-power", "hybrid-approaches", "contextual-adaptation"],
}
ARTICLE_FAQ = ["differences", "when-to-fine-tune", "when-to-prompt", "both", "challenges", "prioritize"]


@pytest.fixture(scope="module")
def claims() -> list[claimmap.Claim]:
    return claimmap.load()


def test_every_claim_of_the_article_has_an_entry(claims):
    ids = {claim.id for claim in claims}
    wanted = {f"{page}/{anchor}" for page, anchors in NUMBERED.items() for anchor in anchors}
    wanted |= {f"faq/{anchor}" for anchor in ARTICLE_FAQ}
    assert not wanted - ids, f"claims without an entry in docs_tools/claims.yml: {sorted(wanted - ids)}"
    assert any(claim.page == "conclusion" for claim in claims), "the conclusion's claims have no entry"


def test_every_claim_has_a_verdict_a_reason_and_evidence(claims):
    for claim in claims:
        assert claim.verdict in claimmap.VERDICTS, claim.id
        assert len(claim.reason.split()) >= 5, f"{claim.id}: the reason is too short to explain anything"
        assert claim.papers or claim.experiments, f"{claim.id}: no paper and no experiment"


def test_every_paper_of_a_claim_is_in_the_bibliography(claims):
    known = {work.key for work in bibliography.load()}
    unknown = {claim.id: sorted(set(claim.papers) - known) for claim in claims if set(claim.papers) - known}
    assert not unknown, unknown


def test_experiments_exist_or_the_claim_still_has_a_paper(claims):
    """A listed experiment that has not landed yet is only a failure if nothing else backs the claim."""
    pending, unbacked = [], []
    for claim in claims:
        for path in claim.experiments:
            assert path.endswith(".py") and ".." not in path, f"{claim.id}: {path!r} is not a snippet path"
            if not (SNIPPETS / path).is_file():
                (pending if claim.papers else unbacked).append(f"{claim.id}: {path}")
    if pending:
        print("experiments not landed yet (claims still backed by papers):", *pending, sep="\n  ")
    assert not unbacked, f"claims whose only evidence is a missing experiment: {unbacked}"


def test_existing_experiments_are_shown_on_a_page(claims):
    sections = claimmap.experiment_sections(pages.read())
    landed = {path for claim in claims for path in claim.experiments if (SNIPPETS / path).is_file()}
    assert not landed - set(sections), f"experiments no page includes: {sorted(landed - set(sections))}"


def test_every_numbered_point_shows_its_verdict_on_its_page(claims):
    missing = []
    for page, anchors in NUMBERED.items():
        shown = {arg for name, arg in placeholders.lines((ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8"))
                 if name == "verdict"}
        missing += [f"{page}/{anchor}" for anchor in anchors if f"{page}/{anchor}" not in shown]
    assert not missing, f"sections without a <!-- verdict: ... --> line: {missing}"


@pytest.fixture(scope="module")
def data() -> placeholders.BuildData:
    return placeholders.BuildData.load()


def test_every_paper_a_numbered_point_cites_is_discussed_in_its_section(claims):
    """The verdict box and the prose above it rest on the same papers (the conclusion and FAQ
    summarise, linking to these sections, so they are not held to this)."""
    undiscussed = []
    for claim in claims:
        if claim.page not in NUMBERED:
            continue
        text = (ROOT / "docs" / f"{claim.page}.md").read_text(encoding="utf-8")
        start = re.search(rf"^## .*\{{ #{re.escape(claim.anchor)} \}}\s*$", text, re.MULTILINE).end()
        end = re.search(r"^## ", text[start:], re.MULTILINE)
        section = text[start:start + end.start()] if end else text[start:]
        cited = set(re.findall(r"references\.md#([\w-]+)", section))
        undiscussed += [f"{claim.id}: {key}" for key in claim.papers if key not in cited]
    assert not undiscussed, f"papers in a verdict that its section never cites: {undiscussed}"


def test_an_unknown_verdict_id_stops_the_build(data):
    with pytest.raises(PluginError, match="no-such/claim"):
        placeholders.expand("# T\n\n<!-- verdict: no-such/claim -->\n", "synergy.md", data)


def test_a_verdict_line_becomes_the_claims_admonition(claims, data):
    claim = claims[0]
    out = placeholders.expand(f"# T\n\n<!-- verdict: {claim.id} -->\n", f"{claim.page}.md", data)
    kind, word = claimmap.VERDICTS[claim.verdict]
    assert f'!!! {kind} pft-verdict "Verdict: {word.lower()}"' in out
    assert claim.reason in out
    assert f"Evidence last reviewed on {claim.reviewed.day} {claim.reviewed:%B %Y}" in out
    assert "<!-- verdict" not in out


def test_bad_records_are_refused(tmp_path):
    data = tmp_path / "claims.yml"
    good = {"id": "synergy/both", "claim": "c", "verdict": "supported", "reason": "r", "papers": ["hu2022"],
            "reviewed": date(2026, 12, 1)}
    data.write_text(__import__("yaml").safe_dump([good]))
    assert claimmap.load(data, known_papers={"hu2022"})[0].reviewed == date(2026, 12, 1)
    for change, message in [({"verdict": "true"}, "not one of"), ({"papers": ["nobody1999"]}, "nobody1999"),
                            ({"id": "Synergy both"}, "PAGE/ANCHOR"), ({"reason": ""}, "missing reason"),
                            ({"reviewed": None}, "missing reviewed"), ({"reviewed": "last week"}, "YYYY-MM-DD"),
                            ({"reviewed": date.today() + timedelta(days=1)}, "past date")]:
        data.write_text(__import__("yaml").safe_dump([{**good, **change}]))
        with pytest.raises(ValueError, match=message):
            claimmap.load(data, known_papers={"hu2022"})


def test_each_claim_anchor_and_verdict_box_is_in_the_built_site(built_site, claims):
    for claim in claims:
        html = (built_site.dir / claim.page / "index.html").read_text(encoding="utf-8")
        assert f'id="{claim.anchor}"' in html, f"{claim.id}: no such anchor on the built page"
    for md in (ROOT / "docs").glob("*.md"):
        lines = [arg for name, arg in placeholders.lines(md.read_text(encoding="utf-8")) if name == "verdict"]
        if lines:
            html = (built_site.dir / md.stem / "index.html").read_text(encoding="utf-8")
            assert len(re.findall(r'class="admonition \w+ pft-verdict"', html)) == len(lines), md.name


def test_every_verdict_box_in_the_built_site_shows_its_review_date(built_site, claims):
    for claim in claims:
        html = (built_site.dir / claim.page / "index.html").read_text(encoding="utf-8")
        assert f"Evidence last reviewed on {claim.reviewed.day} {claim.reviewed:%B %Y}" in html, claim.id


def test_the_claim_map_lists_every_claim_with_its_verdict(built_site, claims):
    html = (built_site.dir / "claims" / "index.html").read_text(encoding="utf-8")
    for claim in claims:
        assert f'href="../{claim.page}/#{claim.anchor}"' in html, claim.id
    verdicts = re.findall(r'class="pft-verdict-(\w+)"', html)
    assert sorted(verdicts) == sorted(claim.verdict for claim in claims)
