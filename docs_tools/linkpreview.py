"""Link previews: the description a chat or wiki shows when someone pastes a page's address.

Every page carries Open Graph and Twitter card tags (``overrides/main.html``): its title, its
canonical URL and a description. The description is the page's own first paragraph of prose
(not a note, a verdict box or a code block), cut at a word boundary, unless the page sets
``description:`` in its front matter. The theme writes ``page.meta.description`` into the HTML
without escaping it, so the text is stored escaped for an attribute value.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

LIMIT = 200
# A first paragraph shorter than this is a caption or a label, not a description.
MIN_LENGTH = 40
# Paragraphs inside these are asides (notes, verdicts, citations, snippet output), not the page's prose.
SKIP_CLASSES = ("admonition", "pft-cite", "pft-snippet", "md-typeset__table")
SKIP_TAGS = {"details", "pre", "table", "figure", "nav"}


class _FirstParagraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # for each open element: is it (inside) an aside?
        self.inside_p = False
        self.text: list[str] = []
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "hr", "input", "meta", "link", "wbr"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        aside = (bool(self.stack) and self.stack[-1]) or tag in SKIP_TAGS or any(c in SKIP_CLASSES for c in classes)
        self.stack.append(aside)
        if tag == "p" and not aside and self.found is None:
            self.inside_p, self.text = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "img", "hr", "input", "meta", "link", "wbr"}:
            return
        if self.stack:
            self.stack.pop()
        if tag == "p" and self.inside_p:
            self.inside_p = False
            text = " ".join("".join(self.text).split())
            if len(text) >= MIN_LENGTH and self.found is None:
                self.found = text

    def handle_data(self, data: str) -> None:
        if self.inside_p:
            self.text.append(data)


def first_paragraph(page_html: str) -> str:
    """The text of the first paragraph of prose in a page's content HTML ("" if there is none)."""
    parser = _FirstParagraph()
    parser.feed(page_html)
    parser.close()
    return parser.found or ""


def shorten(text: str, limit: int = LIMIT) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def description(page_html: str, fallback: str) -> str:
    """The page's description, escaped for an HTML attribute; `fallback` when it has no prose."""
    return html.escape(shorten(first_paragraph(page_html) or fallback), quote=True)
