"""A tool's result as a small tree of allowed elements, and the links to the evidence in it.

The tree (tag, text, class, link) is what [`respond`][pft.decision.page.respond] returns: the
build writes it as escaped HTML with [`render_html`][pft.decision.elements.render_html], and the
page's script builds the same elements with ``textContent``, refusing any tag not in `TAGS`, so
nothing a reader or a link types is ever read as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["TAGS", "Links", "Node", "node", "render_html"]

TAGS = ("p", "strong", "span", "ol", "ul", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "h3", "div")
"""Every element a result may contain (the page refuses others)."""

Node = dict[str, Any]
"""``{"tag": ..., "text"?: str, "class"?: str, "href"?: str, "children"?: [Node, ...]}``"""


def node(tag: str, *children: Node | str, cls: str = "", href: str = "") -> Node:
    """An element: string children become text nodes (``{"tag": "#text"}``)."""
    item: Node = {"tag": tag}
    if cls:
        item["class"] = cls
    if href:
        item["href"] = href
    if children:
        item["children"] = [{"tag": "#text", "text": c} if isinstance(c, str) else c for c in children]
    return item


def render_html(tree: Node) -> str:
    """A result tree as HTML, every text escaped (the build's rendering of what the page builds)."""
    if tree["tag"] == "#text":
        return html.escape(tree["text"], quote=False)
    if tree["tag"] not in TAGS:
        raise ValueError(f"a result may not contain <{tree['tag']}>")
    attrs = "".join(f' {name}="{html.escape(tree[key], quote=True)}"'
                    for key, name in (("class", "class"), ("href", "href")) if tree.get(key))
    inner = "".join(render_html(child) for child in tree.get("children", []))
    return f"<{tree['tag']}{attrs}>{inner}</{tree['tag']}>"


# ---------------------------------------------------------------- links to the evidence


@dataclass(frozen=True)
class Links:
    """Where the evidence is: the site's root URL and a label for each ``page.md#anchor`` target."""

    site: str
    labels: Mapping[str, str]

    def href(self, target: str) -> str:
        page, _, anchor = target.partition("#")
        path = "" if page == "index.md" else page.removesuffix(".md") + "/"
        return self.site + path + (f"#{anchor}" if anchor else "")

    def label(self, target: str) -> str:
        return self.labels.get(target, target)

    def nodes(self, targets: tuple[str, ...]) -> list[Node | str]:
        parts: list[Node | str] = []
        for i, target in enumerate(targets):
            parts += [" · " if i else " (", node("a", self.label(target), href=self.href(target))]
        return parts + [")"] if targets else []

    def markdown(self, targets: tuple[str, ...]) -> str:
        return "; ".join(f"[{self.label(t)}]({self.href(t)})" for t in targets)
