"""The site's Markdown pages as the build reads them: their text, titles and relative links."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
HEADING_ATTRIBUTES = re.compile(r"\s*\{[^}]*\}\s*$")
FIXED_ANCHOR = re.compile(r"^#{1,6} .*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")


def read(docs: Path = DOCS) -> dict[str, str]:
    """Source path (``fine-tuning.md``) -> Markdown of every page, in path order."""
    return {md.relative_to(docs).as_posix(): md.read_text(encoding="utf-8") for md in sorted(docs.rglob("*.md"))}


def title(src: str, markdown: str) -> str:
    """The page's first-level heading, without its attributes; else a title made from its file name."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return HEADING_ATTRIBUTES.sub("", line[2:]).strip()
    return src.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize()


def rel(target: str, page_src: str) -> str:
    """The link from page `page_src` to `target` (both relative to docs/)."""
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def under_anchors(markdown: str, pattern: re.Pattern) -> Iterator[tuple[str, re.Match]]:
    """Each line of a page that `pattern` matches, with the fixed anchor (``{ #anchor }``) of the
    nearest heading above it, or ``""`` if none."""
    anchor = ""
    for line in markdown.splitlines():
        if heading := FIXED_ANCHOR.match(line):
            anchor = heading.group(1)
        elif match := pattern.match(line):
            yield anchor, match
