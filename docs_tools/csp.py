"""Content-Security-Policy for the built site: only our own origin, plus WebAssembly.

After the build, every inline <script> and <style> of every page is hashed, and one
policy naming those hashes is written twice: as a ``<meta http-equiv>`` at the top of
each page's <head> (for hosts that cannot send headers) and as a header line in the
site's ``_headers`` file (which also carries ``frame-ancestors``, ignored in a meta tag).
``mkdocs serve`` (the live-reloading preview) gets no policy (see hooks.py); ``make build`` output always does.
No ``'unsafe-inline'``, no ``'unsafe-eval'``: Pyodide needs only ``'wasm-unsafe-eval'``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

from pft.render import line_chart

INLINE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
DATA_BLOCK = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)
META_MARK = '<meta http-equiv="Content-Security-Policy"'


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@cache
def chart_stylesheet() -> str:
    """The stylesheet every chart carries in its ``<style>``, read from a chart drawn for the purpose."""
    svg = line_chart("stylesheet", "x", "y", {"a": [(0, 0), (1, 1)]}).render_svg()
    return next(body for tag, _, body in INLINE.findall(svg) if tag.lower() == "style")


def inline_hashes(html: str) -> tuple[set[str], set[str]]:
    """The CSP hash sources of a page's executable inline scripts and its inline styles."""
    scripts, styles = set(), set()
    for tag, attrs, body in INLINE.findall(html):
        attrs = attrs or ""
        if tag.lower() == "style":
            styles.add(_hash(body))
        elif "src=" not in attrs and not DATA_BLOCK.search(attrs):
            scripts.add(_hash(body))
    return scripts, styles


def policy(scripts: set[str], styles: set[str], *, header: bool) -> str:
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(scripts)]),
        "style-src " + " ".join(["'self'", *sorted(styles)]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",  # the runner starts its workers from blob: addresses to pass them this policy
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'self'")
    return "; ".join(directives)


def apply(site: Path) -> str:
    """Add the policy to every page of ``site`` and to its ``_headers``; return the header value."""
    pages = sorted(site.rglob("*.html"))
    scripts: set[str] = set()
    styles: set[str] = {_hash(chart_stylesheet())}  # charts the reader draws later carry the same <style>
    texts = {}
    for page in pages:
        texts[page] = page.read_text(encoding="utf-8")
        page_scripts, page_styles = inline_hashes(texts[page])
        scripts |= page_scripts
        styles |= page_styles
    meta = f'{META_MARK} content="{policy(scripts, styles, header=False)}">'
    for page, text in texts.items():
        if META_MARK not in text:
            page.write_text(re.sub(r"<head>", "<head>\n    " + meta, text, count=1), encoding="utf-8")
    header = policy(scripts, styles, header=True)
    headers_file = site / "_headers"
    rules = headers_file.read_text(encoding="utf-8") if headers_file.exists() else "/*\n"
    if "Content-Security-Policy:" not in rules:
        rules = rules.replace("/*\n", f"/*\n  Content-Security-Policy: {header}\n", 1)
        headers_file.write_text(rules, encoding="utf-8")
    return header

