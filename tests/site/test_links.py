"""Every internal link and anchor in the built site resolves, and to one element only."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.repeated_ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") in self.ids:
            self.repeated_ids.add(attrs["id"])
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag in {"a", "area"} and attrs.get("href") is not None:
            self.hrefs.append(attrs["href"])
        if tag in {"link", "script", "img", "source"}:
            target = attrs.get("href") or attrs.get("src")
            if target and "canonical" not in (attrs.get("rel") or ""):
                self.hrefs.append(target)


@cache
def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def resolve(site: Path, page: Path, href: str) -> tuple[Path | None, str]:
    url, fragment = urldefrag(href)
    if not url:
        return page, unquote(fragment)
    path = unquote(urlsplit(url).path)
    target = (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
    if target.is_dir():
        target = target / "index.html"
    return (target if target.is_relative_to(site.resolve()) else None), unquote(fragment)


def broken_links(site: Path) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        for href in parse(page).hrefs:
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", href, re.IGNORECASE):
                continue  # another origin (allowed as a plain link), mailto:, data:, javascript:
            target, fragment = resolve(site, page, href)
            where = f"{page.relative_to(site)} -> {href}"
            if target is None or not target.exists():
                broken.append(f"{where} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{where} (no such anchor)")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site):
    broken = broken_links(built_site.dir)
    assert not broken, "\n".join(broken[:30])


def test_no_page_gives_one_id_to_two_elements(built_site):
    """A repeated id is invalid HTML, and a link or a reference to it reaches only the first (the cost
    calculator showed the same chart twice, with the same ids)."""
    repeated = {page.relative_to(built_site.dir).as_posix(): sorted(parse(page).repeated_ids)
                for page in sorted(built_site.dir.rglob("*.html")) if parse(page).repeated_ids}
    assert not repeated, repeated


def test_link_checker_reports_missing_files_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a href="#here">ok</a><a href="../b/">ok</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<a href="../a/#gone">bad</a><a href="../c/">bad</a><a href="https://x.org">ext</a>')
    parse.cache_clear()
    assert broken_links(tmp_path) == ["b/index.html -> ../a/#gone (no such anchor)", "b/index.html -> ../c/ (no such file)"]
