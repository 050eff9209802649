"""The built site ships a Content-Security-Policy: our own origin only, plus WebAssembly."""

from __future__ import annotations

import re

import csp

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_policy_allows_only_self_and_wasm():
    rules = directives(csp.policy({"'sha256-a'"}, {"'sha256-b'"}, header=True))
    assert rules["default-src"] == ["'self'"]
    assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'sha256-a'"]
    assert rules["style-src"] == ["'self'", "'sha256-b'"]
    flat = " ".join(" ".join(v) for v in rules.values())
    assert "unsafe-inline" not in flat and "'unsafe-eval'" not in flat and "*" not in flat and "http" not in flat


def test_inline_hashes_skip_external_and_data_scripts():
    html = '<script>a()</script><script src="x.js"></script><script type="application/json">{}</script><style>p{}</style>'
    scripts, styles = csp.inline_hashes(html)
    assert scripts == {csp._hash("a()")} and styles == {csp._hash("p{}")}


def test_every_page_carries_a_policy_naming_its_inline_code(built_site):
    headers = (built_site.dir / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy:" in headers and "frame-ancestors 'self'" in headers
    for page in built_site.pages():
        html = page.read_text(encoding="utf-8")
        policy = META.search(html)
        assert policy, f"{page.name}: no CSP meta tag"
        assert html.index(policy.group(0)) < html.find("<script"), f"{page}: the policy must come before any script"
        rules = directives(policy.group(1))
        scripts, styles = csp.inline_hashes(html)
        assert scripts <= set(rules["script-src"]) and styles <= set(rules["style-src"]), page
