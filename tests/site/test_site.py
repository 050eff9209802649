"""The built site: strict build, snippet includes, no external requests, pinned anchors."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT, SNIPPETS, snippet_files

import codecopy
import fence
import pages

DOCS = ROOT / "docs"
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""", re.IGNORECASE)
JS_REMOTE = re.compile(r"""(?:fetch|importScripts|import|new\s+(?:URL|Worker|EventSource|WebSocket))\s*\(\s*["'`]((?:https?:)?//[^"'`]+)""")


def shown_snippets() -> dict[str, list[str]]:
    """Page -> the snippet paths its run fences name."""
    return {src: fence.snippet_paths(text) for src, text in pages.read().items()}


def test_build_is_strict_and_silent(built_site):
    warnings = [line for line in built_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not warnings, "\n".join(warnings)


def test_every_run_fence_names_a_snippet_file():
    missing = [(page, path) for page, paths in shown_snippets().items() for path in paths if not (SNIPPETS / path).is_file()]
    assert not missing, f"run fences naming missing files: {missing}"


def test_every_snippet_is_shown():
    shown = {path for paths in shown_snippets().values() for path in paths}
    orphans = [p.relative_to(SNIPPETS).as_posix() for p in snippet_files() if p.relative_to(SNIPPETS).as_posix() not in shown]
    assert not orphans, f"snippets no page shows: {orphans}"


class FetchedURLs(HTMLParser):
    """URLs an HTML page makes the browser fetch (not plain <a href> links)."""

    FETCHING = {"src", "srcset", "poster", "data", "action", "formaction", "manifest"}
    NOT_FETCHED = {"canonical", "alternate", "author", "license", "next", "prev", "me", "help"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and name in self.FETCHING:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
            if name == "style" and value:
                self.inline.append(value)
        if tag == "link" and attrs.get("href") and not self.NOT_FETCHED.intersection((attrs.get("rel") or "").split()):
            self.urls.append(attrs["href"])
        if tag in {"svg", "use", "image"} and attrs.get("href", "").startswith(("http", "//")):
            self.urls.append(attrs["href"])

    def handle_data(self, data):
        self.inline.append(data)


def remote_references(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    found: list[str] = []
    if path.suffix == ".html":
        parser = FetchedURLs()
        parser.feed(text)
        found += [u for u in parser.urls if EXTERNAL.match(u)]
        inline = "\n".join(parser.inline)
        found += [u for u in CSS_URL.findall(inline) if EXTERNAL.match(u)]
        found += JS_REMOTE.findall(inline)
        if re.search(r"rel=[\"']?(?:preconnect|dns-prefetch)", text):
            found.append("preconnect/dns-prefetch hint")
    elif path.suffix == ".css":
        found += [u for u in CSS_URL.findall(text) if EXTERNAL.match(u)]
    elif path.suffix in {".js", ".mjs"}:
        # `new URL(`https://${host}`)` only parses a caller's host (Pyodide's socket shim); it names no origin.
        found += [u for u in JS_REMOTE.findall(text) if not re.match(r"(?:https?:)?//\$\{", u)]
    return found


def test_site_fetches_nothing_from_other_origins(built_site):
    offenders = {}
    for path in built_site.dir.rglob("*"):
        if path.suffix in {".html", ".css", ".js", ".mjs"}:
            refs = remote_references(path)
            if refs:
                offenders[path.relative_to(built_site.dir).as_posix()] = refs[:5]
    assert not offenders, offenders


def test_external_reference_detector_catches_each_kind(tmp_path):
    samples = {
        "a.html": '<script src="https://cdn.example/x.js"></script>',
        "b.html": '<link rel="stylesheet" href="//fonts.example/css">',
        "c.css": '@import url("https://fonts.example/f.css");',
        "d.css": "body { background: url(https://img.example/bg.png) }",
        "e.js": 'fetch("https://api.example/repo")',
        "f.html": '<img srcset="https://img.example/a.png 2x">',
        "g.html": '<style>@font-face { src: url("https://f.example/a.woff2") }</style>',
    }
    for name, text in samples.items():
        (tmp_path / name).write_text(text)
        assert remote_references(tmp_path / name), name
    (tmp_path / "ok.html").write_text('<a href="https://arxiv.org/abs/2103.08493">paper</a><img src="assets/x.png">')
    assert not remote_references(tmp_path / "ok.html")


def pinned_anchors() -> dict[str, list[str]]:
    return yaml.safe_load((ROOT / "tests" / "pinned_anchors.yml").read_text(encoding="utf-8"))


def declared_anchors() -> dict[str, set[str]]:
    declared = {}
    for md in DOCS.rglob("*.md"):
        url = md.relative_to(DOCS).with_suffix("").as_posix() + "/"
        url = "" if url == "index/" else url.removesuffix("index/")
        declared[url] = set(re.findall(r"\{\s*#([A-Za-z0-9_-]+)\s*\}", md.read_text(encoding="utf-8")))
    return declared


def test_every_declared_anchor_is_pinned():
    pinned = pinned_anchors()
    unpinned = {page: sorted(ids - set(pinned.get(page, []))) for page, ids in declared_anchors().items()}
    unpinned = {page: ids for page, ids in unpinned.items() if ids}
    assert not unpinned, f"add these fixed anchors to tests/pinned_anchors.yml: {unpinned}"


def test_every_pinned_anchor_exists_in_the_built_html(built_site):
    missing = {}
    for page, anchors in pinned_anchors().items():
        html_file = built_site.dir / page / "index.html"
        assert html_file.exists(), f"pinned page {page!r} is not in the built site"
        ids = set(re.findall(r'\sid="([^"]+)"', html_file.read_text(encoding="utf-8")))
        lost = [a for a in anchors if a not in ids]
        if lost:
            missing[page] = lost
    assert not missing, f"pinned anchors missing from the built pages: {missing}"


def test_every_code_block_has_the_theme_copy_button_in_its_html(built_site):
    """docs_tools/codecopy.py writes the buttons mkdocs-material's content.code.copy would add at start-up."""
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  (built_site.dir / "index.html").read_text(encoding="utf-8")).group(1))
    assert "content.code.copy" not in config["features"], "the theme would add a second button to every block"
    assert codecopy.COPY_TITLE == config["translations"]["clipboard.copy"]
    bare = {}
    for page in built_site.pages():
        html = page.read_text(encoding="utf-8")
        blocks = re.findall(r"<pre(?![^>]*mermaid)[^>]*>(?:<span></span>)?(<nav.*?</nav>)?<code([^>]*)>", html)
        targets = re.findall(r'data-clipboard-target="#([^"]+)"', html)
        assert len(targets) == len(set(targets)), f"{page}: copy buttons share a target"
        for nav, code in blocks:
            target = re.search(r'data-clipboard-target="#([^"]+)"', nav or "")
            if not target or f'id="{target.group(1)}"' not in code:
                bare.setdefault(str(page.relative_to(built_site.dir)), []).append(code)
    assert not bare, f"code blocks without a copy button aimed at them: {bare}"
