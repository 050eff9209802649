"""Parts of pages generated at build time, each standing in a page as a placeholder line.

A placeholder is a line of its own, ``<!-- NAME -->`` or ``<!-- NAME: ARGUMENT -->``; the build
replaces it with the Markdown that `REGISTRY[NAME]` renders from the build's data (loaded once
per build, `BuildData`). A placeholder whose name is not registered stops the build.

To add one, write ``def render(argument: str, page: str, data: BuildData) -> str`` (``page`` is
the source path of the page, e.g. ``fine-tuning.md``) and add one line to `REGISTRY`:

    "robustness-table": Placeholder(robustness.render),

If what it renders cites papers, pass ``cites=`` too (``(argument, data) -> keys``), so the
References page lists the pages that show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mkdocs.exceptions import PluginError

import apiref
import bibliography
import claimmap
import downloads
import fence
import flowchart
import glossary
import pages
import tools
import toy_effects
import verdict_history

SNAPSHOTS = fence.ROOT / "tests" / "snapshots"
LINE = re.compile(r"^<!--\s*([a-z][a-z0-9-]*)(?::\s*(\S+?))?\s*-->[ \t]*$", re.MULTILINE)


@dataclass
class BuildData:
    """The data files and pages of one build, each read once."""

    works: dict[str, bibliography.Work]
    claims: dict[str, claimmap.Claim]
    terms: list[glossary.Term]
    markdown: dict[str, str]
    site_url: str = ""

    @classmethod
    def load(cls, site_url: str = "") -> BuildData:
        works = {work.key: work for work in bibliography.load()}
        try:
            claims = claimmap.load(known_papers=set(works))
        except ValueError as error:
            raise PluginError(str(error)) from error
        return cls(works, {claim.id: claim for claim in claims}, glossary.load(), pages.read(), site_url)

    @cached_property
    def titles(self) -> dict[str, str]:
        return {src: pages.title(src, text) for src, text in self.markdown.items()}

    @cached_property
    def sections(self) -> dict[str, tuple[str, str]]:
        return claimmap.experiment_sections(self.markdown)

    @cached_property
    def cited_by(self) -> dict[str, list[str]]:
        """Reference key -> pages that cite it: by a link, or by a placeholder that cites it."""
        found: dict[str, set[str]] = {}
        for src, text in self.markdown.items():
            keys = set() if src == "references.md" else bibliography.citations_in(text)
            for name, argument in lines(text):
                if name in REGISTRY and REGISTRY[name].cites:
                    keys |= set(REGISTRY[name].cites(argument, self))
            for key in keys:
                found.setdefault(key, set()).add(src)
        return {key: sorted(srcs) for key, srcs in found.items()}

    def claim(self, claim_id: str, page: str) -> claimmap.Claim:
        if claim_id not in self.claims:
            raise PluginError(f"{page}: <!-- verdict: {claim_id} --> names no claim in docs_tools/claims.yml")
        return self.claims[claim_id]


@dataclass(frozen=True)
class Placeholder:
    """How to render one kind of placeholder, and which reference keys it cites."""

    render: Callable[[str, str, BuildData], str]
    cites: Callable[[str, BuildData], Iterable[str]] | None = None
    # The data files what it renders is made from: a commit to one of them is a new version of
    # the page, which "Cite this page" dates (see `sources`).
    reads: tuple[Path, ...] = ()


def lines(markdown: str) -> list[tuple[str, str]]:
    """``(name, argument)`` of each placeholder line of a page."""
    return [(match.group(1), match.group(2) or "") for match in LINE.finditer(markdown)]


def placed(markdown_by_page: dict[str, str], name: str) -> list[tuple[str, str, str]]:
    """``(page, section, argument)`` of each ``<!-- name: argument -->`` line on the pages, where
    the section is the fixed anchor of the nearest heading above the line (``""`` if none)."""
    return [(src, anchor, match.group(2) or "") for src, markdown in markdown_by_page.items()
            for anchor, match in pages.under_anchors(markdown, LINE) if match.group(1) == name]


def sources(markdown: str) -> list[Path]:
    """The files a page's built HTML is made from besides its Markdown: the data files of its
    placeholders, and the snippet files of its run fences with their checked outputs."""
    found = {path for name, _ in lines(markdown) if name in REGISTRY for path in REGISTRY[name].reads}
    for snippet in fence.snippet_paths(markdown):
        found |= {fence.SNIPPETS / snippet, SNAPSHOTS / Path(snippet).with_suffix(".txt")}
    return sorted(found)


def expand(markdown: str, page: str, data: BuildData) -> str:
    """The page with each placeholder line replaced by what it stands for."""

    def replace(match: re.Match) -> str:
        name, argument = match.group(1), match.group(2) or ""
        if name not in REGISTRY:
            raise PluginError(f"{page}: <!-- {name} --> is not a placeholder this site knows ({', '.join(REGISTRY)})")
        return REGISTRY[name].render(argument, page, data)

    return LINE.sub(replace, markdown)


# ---------------------------------------------------------------- the renderers


def _evidence_label(target: str, data: BuildData) -> str:
    """How a link to ``page.md#anchor`` or ``references.md#key`` is labelled for readers."""
    path, _, anchor = target.partition("#")
    if path == "references.md":
        return data.works[anchor].label
    title = data.titles.get(path, path.removesuffix(".md"))
    return f"{title}: {anchor.replace('-', ' ')}" if anchor else title


def _evidence_link(target: str, page: str, data: BuildData) -> str:
    """A Markdown link to ``page.md#anchor`` or ``references.md#key``, labelled for readers."""
    path, _, anchor = target.partition("#")
    return f"[{_evidence_label(target, data)}]({pages.rel(path, page)}{'#' + anchor if anchor else ''})"


def _effects_box(experiment: str, page: str, data: BuildData) -> str:
    sections = [anchor for _, anchor, name in placed({page: data.markdown[page]}, "effects") if name == experiment]
    return toy_effects.render_box(experiment, page, sections)


def _what_changed(page: str, data: BuildData) -> str:
    found = verdict_history.history(claimmap.DATA, pages.DOCS.parent)
    return verdict_history.render(found, lambda claim_id: _evidence_link(f"{claim_id.replace('/', '.md#', 1)}", page, data))


REGISTRY: dict[str, Placeholder] = {
    "bibliography": Placeholder(lambda _, page, data: bibliography.render(
        list(data.works.values()), data.cited_by, data.titles), reads=(bibliography.DATA,)),
    "api-modules": Placeholder(lambda _, page, data: apiref.render(apiref.modules())),
    "glossary": Placeholder(lambda _, page, data: glossary.render_page(data.terms), reads=(glossary.DATA,)),
    "decision-flowchart": Placeholder(
        lambda _, page, data: flowchart.render(lambda target: _evidence_link(target, page, data)),
        cites=lambda _, data: flowchart.citations()),
    "tool-form": Placeholder(
        lambda tool, page, data: tools.render(tool, page, data.site_url, lambda t: _evidence_label(t, data)),
        cites=lambda tool, data: tools.citations(tool)),
    "claim-map": Placeholder(
        lambda _, page, data: claimmap.render_map(list(data.claims.values()), data.works, data.sections, data.titles),
        cites=lambda _, data: [key for claim in data.claims.values() for key in claim.papers],
        reads=(claimmap.DATA, bibliography.DATA)),
    "verdict": Placeholder(
        lambda claim_id, page, data: claimmap.render_verdict(data.claim(claim_id, page), page, data.works, data.sections),
        cites=lambda claim_id, data: data.claims[claim_id].papers if claim_id in data.claims else (),
        reads=(claimmap.DATA, bibliography.DATA)),
    "what-changed": Placeholder(lambda _, page, data: _what_changed(page, data), reads=(claimmap.DATA,)),
    "effects": Placeholder(_effects_box, reads=toy_effects.DATA),
    "effects-table": Placeholder(lambda _, page, data: toy_effects.render_table(), reads=toy_effects.DATA),
    "other-models": Placeholder(lambda _, page, data: toy_effects.render_others(page), reads=toy_effects.DATA),
    "runtime-downloads": Placeholder(lambda _, page, data: downloads.render()),
}
