"""A snippet run's events as the HTML of its output block, by the rules of ``runner/output.json``.

The browser's runner (``runner/src/ui.js``) builds the same block from the same file when a
reader runs the snippet, so the page looks the same before and after Run. A chart whose SVG
has anything the file's SVG policy does not allow is refused here (the browser drops the
part instead): our own snippets must draw charts that need no cleaning.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "runner" / "py"))
from executor import apply_carriage_returns  # noqa: E402

from csp import chart_stylesheet  # noqa: E402

RULES = json.loads((ROOT / "runner" / "output.json").read_text(encoding="utf-8"))
ELEMENTS = RULES["elements"]
SVG_ELEMENTS = frozenset(RULES["svg"]["elements"])
SVG_ATTRIBUTES = frozenset(RULES["svg"]["attributes"])
STYLE_PROPERTIES = frozenset(RULES["svg"]["style_properties"])
FORBIDDEN = re.compile("|".join(RULES["svg"]["forbidden_in_values"]), re.IGNORECASE)


class Event(Protocol):
    kind: str
    text: str
    title: str


class UnsafeChart(ValueError):
    """A chart's SVG holds something the SVG policy does not allow."""


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def svg_violations(svg: str) -> list[str]:
    """What the SVG policy would drop from `svg`; empty if nothing."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as error:
        return [f"SVG that does not parse ({error})"]
    found = []
    for element in root.iter():
        tag = _local(element.tag)
        if tag not in SVG_ELEMENTS:
            found.append(f"element <{tag}>")
            continue
        found += [f"attribute {_local(name)}={value!r} on <{tag}>" for name, value in element.attrib.items()
                  if _local(name) not in SVG_ATTRIBUTES or FORBIDDEN.search(value)]
        found += [f"style property {name!r} on <{tag}>" for name in _style_properties(element.get("style", ""))
                  if name not in STYLE_PROPERTIES]
        if tag == "style" and FORBIDDEN.search(element.text or ""):
            found.append(f"<style> with {FORBIDDEN.search(element.text).group(0)!r}")
        elif tag == "style" and (element.text or "") != chart_stylesheet():
            # The page's policy runs only that one; after Run, runner/src/svg.js would draw the chart otherwise.
            found.append("a <style> other than the one pft.render's charts carry (draw the chart with pft.render)")
    return found


def _style_properties(style: str) -> list[str]:
    """The property names a style attribute sets."""
    return [declaration.partition(":")[0].strip().lower() for declaration in style.split(";") if declaration.strip()]


def _element(kind: str, content: str, title: str = "") -> str:
    """One element of the output block; `content` is HTML already."""
    rule = ELEMENTS[kind]
    attributes = {"class": rule["class"], **rule.get("attributes", {})}
    if "title" in rule:
        attributes[rule["title"]] = title
    opening = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in attributes.items())
    if "inner" in rule:
        content = f"<{rule['inner']}>{content}</{rule['inner']}>"
    return f"<{rule['tag']}{opening}>{content}</{rule['tag']}>"


def render(events: Iterable[Event]) -> str:
    """The output block (``div.pft-output``) of a run's events.

    Raises:
        UnsafeChart: a chart's SVG has what the policy does not allow.
    """
    parts: list[str] = []
    for kind, group in itertools.groupby(events, key=lambda event: event.kind):
        rule, group = ELEMENTS[kind], list(group)
        if rule.get("merge"):
            parts.append(_element(kind, html.escape(apply_carriage_returns("".join(event.text for event in group)))))
            continue
        for event in group:
            if rule.get("content") != "svg":
                parts.append(_element(kind, html.escape(event.text)))
            elif violations := svg_violations(event.text):
                raise UnsafeChart(f"chart {event.title!r} has what the SVG policy of runner/output.json"
                                  f" does not allow: {'; '.join(violations)}")
            else:
                parts.append(_element(kind, event.text, event.title))
    return f'<div class="pft-output">{"".join(parts)}</div>'
