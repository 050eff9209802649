"""The References page, generated at build time from ``references.yml``.

``docs/references.md`` holds a line ``<!-- bibliography -->``; the build (placeholders.py) replaces it with
one section per work: a heading with the fixed anchor ``{ #key }`` that pages cite
(``[Le Scao & Rush, 2021](references.md#lescao2021)``), the full citation, links to arXiv,
the DOI or the web page, the pages that cite it, and a BibTeX entry to copy. Because page and BibTeX come
from the same record, they cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, fields, replace
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("references.yml")
CITATION = re.compile(r"references\.md#([A-Za-z0-9_-]+)")


@dataclass(frozen=True)
class Work:
    """One cited work, as described in ``references.yml``."""

    key: str
    type: str
    authors: tuple[str, ...]
    title: str
    year: int
    venue: str
    volume: str = ""
    number: str = ""
    pages: str = ""
    arxiv: str = ""
    doi: str = ""
    openreview: str = ""
    url: str = ""
    """The address of a work published only on the web (a blog post): it has no arXiv id or DOI."""
    # "a", "b", ... when two works would otherwise have the same label (set by `load`).
    suffix: str = ""

    @property
    def named_authors(self) -> list[tuple[str, str]]:
        """``(family, given)`` pairs, without the closing ``others`` of a truncated list; an
        author without a comma (an organisation, "DeepSeek-AI") has an empty given name."""
        return [(family.strip(), given.strip()) for family, _, given in
                (a.partition(",") for a in self.authors if a != "others")]

    @property
    def truncated(self) -> bool:
        return self.authors[-1] == "others"

    @property
    def label(self) -> str:
        """The short in-text form: ``Le Scao & Rush (2021)``, ``Brown et al. (2020)``."""
        families = [family for family, _ in self.named_authors]
        if len(families) == 1 and not self.truncated:
            names = families[0]
        elif len(families) == 2 and not self.truncated:
            names = f"{families[0]} & {families[1]}"
        else:
            names = f"{families[0]} et al."
        return f"{names} ({self.year}{self.suffix})"

    @property
    def links(self) -> list[tuple[str, str]]:
        """``(text, url)`` for the arXiv record, the DOI and the OpenReview page, or the web page of a work
        only on the web, where known; the last is the published version (BibTeX's ``url``)."""
        found = []
        if self.arxiv:
            found.append((f"arXiv:{self.arxiv}", f"https://arxiv.org/abs/{self.arxiv}"))
        if self.doi:
            found.append((f"doi:{self.doi}", f"https://doi.org/{self.doi}"))
        if self.openreview:
            found.append(("OpenReview", f"https://openreview.net/forum?id={self.openreview}"))
        if self.url:
            found.append(("web page", self.url))
        return found


REQUIRED = tuple(f.name for f in fields(Work) if f.default is MISSING)
"""The fields every entry must give: those of `Work` without a default."""


def load(path: Path = DATA) -> list[Work]:
    """The works of the bibliography, checked for required fields and unique keys."""
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    works: list[Work] = []
    for record in records:
        missing = [name for name in REQUIRED if not record.get(name)]
        if missing:
            raise ValueError(f"{path.name}: entry {record.get('key', '?')!r} lacks {', '.join(missing)}")
        if not (record.get("arxiv") or record.get("doi") or record.get("url")):
            raise ValueError(f"{path.name}: entry {record['key']!r} needs an arxiv id, a doi or, for a work only on the web, a url")
        if record.get("url") and (record.get("arxiv") or record.get("doi")):
            raise ValueError(f"{path.name}: entry {record['key']!r} has a url and an arxiv id or doi: cite the record, not a copy")
        given = {name: str(value) for name, value in record.items() if name not in {"authors", "year"}}
        works.append(Work(**given, authors=tuple(record["authors"]), year=int(record["year"])))
    keys = [work.key for work in works]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"{path.name}: duplicate keys {duplicates}")
    works = _disambiguate(works)
    return sorted(works, key=lambda w: (w.named_authors[0][0].lower(), w.year, w.key))


def _disambiguate(works: list[Work]) -> list[Work]:
    """Works that share a label get "a", "b", ... after the year, in the order of their keys."""
    by_label: dict[str, list[Work]] = {}
    for work in sorted(works, key=lambda w: w.key):
        by_label.setdefault(work.label, []).append(work)
    return [replace(work, suffix="abcdefghijklmnopqrstuvwxyz"[n] if len(group) > 1 else "")
            for group in by_label.values() for n, work in enumerate(group)]


def _initials(given: str) -> str:
    return " ".join(f"{part[0]}." for part in re.split(r"[\s.]+", given) if part)


def apa(work: Work) -> str:
    """The reference in APA style, as Markdown (venue in italics)."""
    names = [f"{family}, {_initials(given)}" if given else family for family, given in work.named_authors]
    if work.truncated:
        authors = ", ".join(names) + ", et al."
    elif len(names) == 1:
        authors = names[0]
    else:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    venue = f"*{work.venue}*"
    if work.volume:
        venue += f", *{work.volume}*" + (f"({work.number})" if work.number else "")
    if work.pages:
        venue += f", {work.pages}"
    title = work.title if work.title.endswith(("?", "!")) else work.title + "."
    return f"{authors} ({work.year}{work.suffix}). {title} {venue}."


def bibtex(work: Work) -> str:
    """The BibTeX entry of a work."""
    authors = " and ".join(f"{family}, {given}" if given else f"{{{family}}}" for family, given in work.named_authors)
    if work.truncated:
        authors += " and others"
    fields = [("author", authors), ("title", f"{{{work.title}}}"), ("year", str(work.year))]
    venue_field = {"article": "journal", "inproceedings": "booktitle"}.get(work.type, "howpublished")
    fields.append((venue_field, work.venue))
    fields += [(name, getattr(work, name)) for name in ("volume", "number") if getattr(work, name)]
    if work.pages:
        fields.append(("pages", work.pages.replace("–", "--")))
    if work.doi:
        fields.append(("doi", work.doi))
    if work.arxiv:
        fields += [("eprint", work.arxiv), ("archiveprefix", "arXiv")]
    fields.append(("url", work.links[-1][1]))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{work.type}{{{work.key},\n{body}\n}}"


def citations_in(text: str) -> set[str]:
    """Keys of the references a Markdown text links to."""
    return set(CITATION.findall(text))


def render(works: list[Work], cited_by: dict[str, list[str]], titles: dict[str, str]) -> str:
    """The Markdown that replaces the placeholder of ``references.md``: `cited_by` maps a key to the
    pages that cite it, `titles` a page to its title."""
    parts = []
    for work in works:
        links = " · ".join(f"[{text}]({url})" for text, url in work.links)
        pages = cited_by.get(work.key, [])
        cited = ", ".join(f"[{titles[page]}]({page})" for page in pages)
        parts.append(
            f"## {work.label} {{ #{work.key} }}\n\n"
            f"{apa(work)} {links}\n\n"
            + (f"Cited on: {cited}.\n\n" if cited else "")
            + '??? quote "BibTeX"\n\n'
            + "    ```bibtex\n"
            + "".join(f"    {line}\n" for line in bibtex(work).splitlines())
            + "    ```\n"
        )
    return "\n".join(parts)
