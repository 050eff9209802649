"""The decision guide's and the cost calculator's forms, written into their pages at build time.

A page holds ``<!-- tool-form: guide -->`` or ``<!-- tool-form: cost -->``; `render` writes the
form with its defaults, the result for the defaults (what a reader without JavaScript sees) and
the data the page's script reads, all from ``pft.decision.form``; ``pft.decision.page`` answers
the form in the browser.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError

import citation
from pft.decision.guide import QUESTIONS, RULES
from pft.decision.form import form_html
from pft.decision.page import TOOLS

DOCS = Path(__file__).resolve().parent.parent / "docs"
CALCULATOR_EVIDENCE = ("decision-guide.md#questionnaire",)
"""Where the calculator's summary sends readers to check the quality bar."""


def evidence(tool: str) -> set[str]:
    """Every evidence target (``page.md#anchor``) the tool's results may link."""
    if tool == "guide":
        return {t for q in QUESTIONS for e in q.effects.values() for t in e.evidence} | {
            t for r in RULES for t in r.evidence}
    return set(CALCULATOR_EVIDENCE)


def citations(tool: str) -> list[str]:
    """Reference keys the tool's results may cite."""
    return sorted(t.partition("#")[2] for t in evidence(tool) if t.startswith("references.md#"))


def render(tool: str, page: str, site_url: str, label) -> str:
    """The tool's form and build-time result for page `page` (source path, e.g. ``decision-guide.md``).

    Args:
        tool: ``guide`` or ``cost``.
        page: The page's source path.
        site_url: The site's public URL.
        label: Turns an evidence target into the label of its link.
    """
    if tool not in TOOLS:
        raise PluginError(f"{page}: <!-- tool-form: {tool} --> names no tool (known: {', '.join(TOOLS)})")
    url_path = "" if page == "index.md" else page.removesuffix(".md").removesuffix("/index") + "/"
    root = posixpath.relpath(".", url_path.rstrip("/") or ".") + "/" if url_path else "./"
    site = site_url.rstrip("/") + "/"
    version = f"{citation.site_version()}, {citation.last_updated(DOCS / page).isoformat()}"
    return form_html(tool, root=root, site=site, page=site + url_path,
                     labels={target: label(target) for target in sorted(evidence(tool))}, version=version)
