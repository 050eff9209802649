"""MkDocs hooks of the evidence pages: references, claim map and verdicts, glossary,
decision flowchart, API reference, and "Cite this page".

Each generated part replaces a placeholder line in a page (see the modules it imports),
so a page's Markdown says where the part goes and the data files say what it holds.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

import apiref
import bibliography
import citation
import claimmap
import flowchart
import glossary

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _rel(target: str, page_src: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def _evidence_link(target: str, page_src: str, works: dict[str, bibliography.Work]) -> str:
    """A Markdown link to ``page.md#anchor`` or ``references.md#key``, labelled for readers."""
    path, _, anchor = target.partition("#")
    if path == "references.md":
        label = works[anchor].label
    else:
        md = DOCS / path
        title = bibliography._page_title(md) if md.exists() else path.removesuffix(".md")
        label = f"{title}: {anchor.replace('-', ' ')}" if anchor else title
    return f"[{label}]({_rel(path, page_src)}{'#' + anchor if anchor else ''})"


def _flowchart_citations() -> set[str]:
    keys = {e.partition("#")[2] for step in flowchart.STEPS for o in (step.yes, step.no) for e in o.evidence
            if e.startswith("references.md#")}
    return keys | {e.partition("#")[2] for e in flowchart.DEFAULT.evidence if e.startswith("references.md#")}


def citing_pages(claims: list[claimmap.Claim]) -> dict[str, list[str]]:
    """Reference key -> pages that cite it: by a link, a verdict box, the claim map or the flowchart."""
    found: dict[str, set[str]] = {}
    for key, pages in bibliography.citing_pages().items():
        found.setdefault(key, set()).update(pages)
    for key, pages in claimmap.cited_papers(claims).items():
        found.setdefault(key, set()).update(pages)
    for md in sorted(DOCS.rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        name = md.relative_to(DOCS).as_posix()
        if claimmap.MAP_PLACEHOLDER in text:
            for claim in claims:
                for key in claim.papers:
                    found.setdefault(key, set()).add(name)
        if flowchart.PLACEHOLDER in text:
            for key in _flowchart_citations():
                found.setdefault(key, set()).add(name)
    return {key: sorted(pages) for key, pages in found.items()}


def _claims(works: dict[str, bibliography.Work]) -> list[claimmap.Claim]:
    try:
        return claimmap.load(known_papers=set(works))
    except ValueError as error:
        raise PluginError(str(error)) from error


# ---------------------------------------------------------------- MkDocs events


# No hover definitions on pages that are not our prose (docstrings, paper titles) or that
# show every definition already (the glossary).
NO_GLOSSARY = {"api.md", "references.md", "glossary.md"}
_glossary: glossary.GlossaryExtension | None = None


def on_config(config):
    global _glossary
    _glossary = glossary.GlossaryExtension(glossary.load())
    config.markdown_extensions.append(_glossary)
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    src = page.file.src_uri
    if _glossary is not None:
        _glossary.enabled = src not in NO_GLOSSARY
    works = {work.key: work for work in bibliography.load()}
    if bibliography.PLACEHOLDER in markdown:
        markdown = markdown.replace(bibliography.PLACEHOLDER,
                                    bibliography.render(list(works.values()), citing_pages(_claims(works))))
    if apiref.PLACEHOLDER in markdown:
        markdown = markdown.replace(apiref.PLACEHOLDER, apiref.render(apiref.modules()))
    if glossary.PLACEHOLDER in markdown:
        markdown = markdown.replace(glossary.PLACEHOLDER, glossary.render_page(glossary.load()))
    if flowchart.PLACEHOLDER in markdown:
        markdown = markdown.replace(flowchart.PLACEHOLDER,
                                    flowchart.render(lambda target: _evidence_link(target, src, works)))
    if claimmap.MAP_PLACEHOLDER in markdown or claimmap.VERDICT_LINE.search(markdown):
        claims = {claim.id: claim for claim in _claims(works)}
        sections = claimmap.experiment_sections()

        def verdict(match: re.Match) -> str:
            if match.group(1) not in claims:
                raise PluginError(f"{src}: <!-- verdict: {match.group(1)} --> names no claim in docs_tools/claims.yml")
            return claimmap.render_verdict(claims[match.group(1)], src, works, sections)

        markdown = claimmap.VERDICT_LINE.sub(verdict, markdown)
        markdown = markdown.replace(claimmap.MAP_PLACEHOLDER, claimmap.render_map(list(claims.values()), works, sections))
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    cite = citation.PageCitation(
        title=config.site_name if page.is_homepage else (page.title or config.site_name),
        site=config.site_name,
        version=citation.site_version(),
        url=config.site_url.rstrip("/") + "/" + page.url,
        updated=citation.last_updated(Path(page.file.abs_src_path)),
    )
    return html + citation.render(cite)
