"""Hover definitions from ``glossary.yml``, and the Glossary page built from the same file.

A Markdown extension marks the first use of each glossary term on a page with
``<abbr title="definition">``, shown as a tooltip on hover and on keyboard focus
(``overrides/assets/javascripts/tooltips.js``). It runs on the parsed tree after inline parsing,
so it never sees code (stashed or atomic text) and it skips headings, links and existing ``<abbr>``: heading
text and anchors stay exactly as written. ``docs/glossary.md`` holds a line
``<!-- glossary -->`` that becomes one section per term.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

DATA = Path(__file__).with_name("glossary.yml")
SKIP = {"code", "pre", "kbd", "samp", "a", "abbr", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


def _key(form: str) -> str:
    """Forms with a capital letter (LoRA, RAG) match exactly; the others in any case."""
    return form if form != form.lower() else form.lower()


@dataclass(frozen=True)
class Term:
    """A glossary term: its name, the forms that mark it in text, and its definition."""

    term: str
    anchor: str
    forms: tuple[str, ...]
    definition: str


def load(path: Path = DATA) -> list[Term]:
    """The glossary, checked for complete entries and forms used by one term only."""
    terms, owner = [], {}
    for record in yaml.safe_load(path.read_text(encoding="utf-8")):
        if not (record.get("term") and record.get("anchor") and record.get("definition")):
            raise ValueError(f"{path.name}: entry {record} needs term, anchor and definition")
        forms = tuple(dict.fromkeys([record["term"], *record.get("forms", [])]))
        term = Term(record["term"], record["anchor"], forms, " ".join(record["definition"].split()))
        for form in forms:
            key = _key(form)
            if key in owner:
                raise ValueError(f"{path.name}: {form!r} belongs to both {owner[key]!r} and {term.term!r}")
            owner[key] = term.term
        terms.append(term)
    return sorted(terms, key=lambda t: t.term.lower())


def render_page(terms: list[Term]) -> str:
    """The Markdown of the Glossary page: one section per term, in alphabetical order."""
    parts = []
    for term in terms:
        also = [form for form in term.forms if form != term.term]
        title = term.term[0].upper() + term.term[1:]
        parts.append(f"## {title} {{ #{term.anchor} }}\n\n{term.definition}\n")
        if also:
            parts.append("Also written: " + ", ".join(f"*{form}*" for form in also) + ".\n")
    return "\n".join(parts)


class FirstUseTreeprocessor(Treeprocessor):
    """Wrap the first use of each term on a page in ``<abbr title=definition>``."""

    def __init__(self, md: Markdown, terms: list[Term], extension: GlossaryExtension):
        super().__init__(md)
        self.extension = extension
        self.by_form: dict[str, Term] = {}
        patterns = []
        for term in terms:
            for form in term.forms:
                self.by_form[_key(form)] = term
                escaped = re.escape(form)
                patterns.append((len(form), escaped if _key(form) == form and form != form.lower() else f"(?i:{escaped})"))
        patterns.sort(key=lambda item: -item[0])
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(p for _, p in patterns) + r")(?![\w-])")

    def _term(self, text: str) -> Term | None:
        return self.by_form.get(text) or self.by_form.get(text.lower())

    def _mark(self, text: str, used: set[str]) -> tuple[str, list[etree.Element]]:
        """Split ``text`` into leading text and new ``<abbr>`` elements (with their tails)."""
        head, made, offset = text, [], 0
        for match in self.pattern.finditer(text):
            term = self._term(match.group(0))
            if term is None or term.term in used:
                continue
            used.add(term.term)
            abbr = etree.Element("abbr", {"title": term.definition, "tabindex": "0"})
            abbr.text = AtomicString(match.group(0))
            if made:
                made[-1].tail = text[offset:match.start()]
            else:
                head = text[:match.start()]
            made.append(abbr)
            offset = match.end()
        if made:
            made[-1].tail = text[offset:]
        return head, made

    def _walk(self, el: etree.Element, used: set[str]) -> None:
        if el.tag in SKIP:
            return
        if el.text and not isinstance(el.text, AtomicString):
            el.text, made = self._mark(el.text, used)
            for i, abbr in enumerate(made):
                el.insert(i, abbr)
        for child in list(el):
            self._walk(child, used)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail, made = self._mark(child.tail, used)
                index = list(el).index(child) + 1
                for i, abbr in enumerate(made):
                    el.insert(index + i, abbr)

    def run(self, root: etree.Element) -> None:
        if self.extension.enabled:
            self._walk(root, set())


class GlossaryExtension(Extension):
    """Python-Markdown extension that adds the hover definitions."""

    def __init__(self, terms: list[Term], **kwargs):
        self.terms = terms
        self.enabled = True
        """The hook turns it off for pages that are not prose (the API reference)."""
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(FirstUseTreeprocessor(md, self.terms, self), "pft-glossary", 6)
