"""The copy button of every code block, written into the page at build time (hooks.py).

mkdocs-material's `content.code.copy` inserts these buttons from JavaScript while the page starts,
one code block after another, and measures each block as it goes (whether it overflows): on a
page of many snippets that is most of the main thread's start-up work (Lighthouse total blocking
time). Here the button is in the HTML from the start, in the theme's own markup, so the theme's
delegated Clipboard.js handler copies the code and overrides/assets/javascripts/tooltips.js gives
it its tooltip; the theme is left to measure the blocks lazily (`content.lazy`: when a block first comes into view,
it keeps it focusable if it overflows and a pointer can hover, so it can be scrolled by keyboard, and
takes `tabindex` off otherwise). Until then every block is focusable (`tabindex="0"` here), so a block
that overflows is reachable by keyboard before the theme has looked at it (axe's
scrollable-region-focusable). `content.code.copy` stays off, or every block would get
two buttons (so the theme's `.no-copy` opt-out does not apply; no page here uses it).

The button targets its code element by an id of its own (`__copy_<n>`, in document order), not by
the id of the `<pre>`: the theme numbers `<pre>` elements as it mounts them, which with
`content.lazy` is the order readers scroll to them.
"""

from __future__ import annotations

import re

# mkdocs-material's English `clipboard.copy` (the site's language is en; tests/site/test_site.py checks it).
COPY_TITLE = "Copy to clipboard"
# `<pre ...>` (not a mermaid diagram), then Pygments' empty `<span></span>` if any, then `<code ...>`:
# the blocks the theme would give a copy button (`pre:not(.mermaid) > code`).
BLOCK = re.compile(r"(<pre(?![^>]*\bmermaid\b)[^>]*>(?:<span></span>)?)<code(?=[\s>])")


def add_copy_buttons(html: str) -> str:
    count = 0

    def button(match: re.Match) -> str:
        nonlocal count
        target = f"__copy_{count}"
        count += 1
        return (f'{match.group(1)}<nav class="md-code__nav"><button class="md-code__button" title="{COPY_TITLE}" '
                f'data-clipboard-target="#{target}" data-md-type="copy"></button></nav><code id="{target}" tabindex="0"')

    return BLOCK.sub(button, html)

