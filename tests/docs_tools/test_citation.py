"""'Cite this page': the block on a built page matches its title, version, URL and git date."""

from __future__ import annotations

import html
import re
import subprocess
import tomllib
from datetime import date

import yaml

from conftest import ROOT

import citation
import placeholders


def block(page_html: str) -> dict[str, str]:
    # Each code block starts with its copy button (docs_tools/codecopy.py).
    found = re.search(r'<details class="pft-cite" id="cite-this-page">(.*?)</details>', page_html, re.DOTALL)
    assert found, "no Cite this page block"
    return {name: html.unescape(text) for name, text in
            re.findall(r'<pre class="pft-cite-(\w+)">(?:<nav class="md-code__nav">.*?</nav>)?<code[^>]*>(.*?)</code></pre>',
                       found.group(1), re.DOTALL)}


def expected_date(*sources: str) -> str:
    def log(*args):
        return subprocess.run(["git", "log", "-1", "--format=%cs", *args], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    return log("--", *sources) or log()


def test_the_glossary_page_citation(built_site):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    site_url = config["site_url"]
    if not isinstance(site_url, str):  # !ENV [SITE_URL, default]
        site_url = site_url[-1]
    url = site_url.rstrip("/") + "/glossary/"
    # The page is made from its Markdown and the glossary's data file: the later commit dates it.
    updated = expected_date("docs/glossary.md", "docs_tools/glossary.yml")
    cite = block((built_site.dir / "glossary" / "index.html").read_text(encoding="utf-8"))
    assert set(cite) == {"bibtex", "apa", "markdown"}
    assert cite["bibtex"].startswith("@misc{pft-glossary-")
    assert f"title = {{{{Glossary}} --- {config['site_name']}}}" in cite["bibtex"]
    assert f"url = {{{url}}}" in cite["bibtex"]
    assert f"version = {{{version}}}" in cite["bibtex"]
    assert f"last updated {updated}" in cite["bibtex"]
    assert cite["apa"].endswith(f"(Version {version}). {url}") and "Glossary" in cite["apa"]
    assert cite["markdown"] == f"[Glossary ({config['site_name']}, v{version}, {updated})]({url})"


def test_a_page_with_verdicts_and_snippets_cites_the_version_of_its_latest_source(built_site):
    # The page's effects boxes read the robustness file and the other models' file.
    sources = ["docs/synergy.md", "docs_tools/claims.yml", "docs_tools/references.yml",
               "src/pft/experiments/robustness.json", "src/pft/experiments/other_models.json"]
    for snippet in ("combined_power", "two_by_two", "retrieval_vs_finetune", "contextual_adaptation"):
        for path in (f"snippets/synergy/{snippet}.py", f"tests/snapshots/synergy/{snippet}.txt"):
            if (ROOT / path).exists():
                sources.append(path)
    assert sorted(str(p.relative_to(ROOT)) for p in placeholders.sources(
        (ROOT / "docs" / "synergy.md").read_text(encoding="utf-8"))) == sorted(sources[1:])
    updated = expected_date(*sources)
    page = (built_site.dir / "synergy" / "index.html").read_text(encoding="utf-8")
    assert f"last updated {updated}" in block(page)["bibtex"]
    day = date.fromisoformat(updated)
    assert f"These cite the page as it stood on {day.day} {day:%B %Y}" in page
    assert '<a href="../what-changed/">What changed</a>' in page


def test_every_page_has_one_citation_block(built_site):
    for page in built_site.pages():
        if page.name == "404.html":
            continue
        assert page.read_text(encoding="utf-8").count('id="cite-this-page"') == 1, page


def test_an_uncommitted_file_takes_the_date_of_head(tmp_path):
    head = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()
    assert citation.last_updated(ROOT / "docs" / "never-committed.md").isoformat() == head


def test_citation_cff_agrees_with_the_site_and_the_package():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == config["site_name"]
    assert cff["version"] == version
    assert cff["authors"] and cff["message"]
