"""The ```run fence: a page names a snippet file by its path, the build runs that file.

The build tests use a one-page site with the real hooks, so a strict build takes seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
from html import unescape

import pytest

import fence
from conftest import MKDOCS, ROOT, SNAPSHOTS, SNIPPETS

GOOD = "fine-tuning/definition.py"


def build(tmp_path, page: str) -> tuple[int, str, str]:
    """Build a one-page site whose page is `page`; (exit code, log, the page's HTML)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nsite_url: http://127.0.0.1/\nhooks: [{ROOT / 'docs_tools' / 'hooks.py'}]\n"
        "markdown_extensions: [pymdownx.highlight, pymdownx.superfences]\n",
        encoding="utf-8",
    )
    proc = subprocess.run([str(MKDOCS), "build", "--strict"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    html = tmp_path / "site" / "index.html"
    return proc.returncode, proc.stdout + proc.stderr, html.read_text(encoding="utf-8") if html.exists() else ""


def text_of(fragment: str) -> str:
    """The text an HTML fragment shows (tags dropped, entities read)."""
    return unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.site
def test_a_fence_shows_its_files_code_and_output_under_its_path(tmp_path):
    code, log, html = build(tmp_path, f'# T\n\n```run path="{GOOD}" hl_lines="1"\n```\n')
    assert code == 0, log
    assert f'<div class="pft-snippet" data-snippet="{GOOD}">' in html
    assert '<span class="hll">' in html
    code_html = re.search(r'<div class="highlight"><pre>(.*?)</pre>', html, re.S).group(1)
    assert text_of(code_html).strip() == (SNIPPETS / GOOD).read_text(encoding="utf-8").strip()
    output_html = re.search(r'class="pft-output"><pre class="pft-stdout">(.*?)</pre>', html, re.S).group(1)
    assert text_of(output_html) == (SNAPSHOTS / GOOD).with_suffix(".txt").read_text(encoding="utf-8")


@pytest.mark.site
@pytest.mark.parametrize("page", [
    '```run path="fine-tuning/renamed.py"\n```',
    '```run path="../README.md"\n```',
])
def test_a_missing_or_outside_file_fails_the_strict_build_naming_it(tmp_path, page):
    code, log, _ = build(tmp_path, f"# T\n\n{page}\n")
    assert code != 0
    assert "no such snippet file snippets/" in log and page.split('"')[1] in log


def test_a_fence_with_code_or_unknown_options_is_refused():
    with pytest.raises(fence.SnippetError, match="must be empty"):
        fence.render({"path": GOOD}, "print(1)")
    with pytest.raises(fence.SnippetError, match="unknown option"):
        fence.render({"path": GOOD, "linenums": "1"}, "")
    with pytest.raises(fence.SnippetError, match="hl_lines"):
        fence.render({"path": GOOD, "hl_lines": "one"}, "")


def test_a_failing_or_unsafe_snippet_is_refused_with_its_path(tmp_path, monkeypatch):
    monkeypatch.setattr(fence, "SNIPPETS", tmp_path)
    (tmp_path / "boom.py").write_text("print('before')\n1 / 0\n", encoding="utf-8")
    with pytest.raises(fence.SnippetError, match=r'(?s)path="boom.py".*ended with error.*ZeroDivisionError'):
        fence.render({"path": "boom.py"}, "")
    (tmp_path / "unsafe.py").write_text(
        "import pft\nclass C:\n    title = 'c'\n    def render_svg(self):\n"
        "        return '<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>'\n"
        "pft.show(C())\n", encoding="utf-8")
    with pytest.raises(fence.SnippetError, match=r'path="unsafe.py".*element <script>'):
        fence.render({"path": "unsafe.py"}, "")


def test_an_edited_snippet_shows_its_new_output_on_the_next_build(tmp_path, monkeypatch):
    """What `make serve` relies on: nothing is cached between two renders of a fence."""
    monkeypatch.setattr(fence, "SNIPPETS", tmp_path)
    snippet = tmp_path / "edited.py"
    snippet.write_text("print('first')\n", encoding="utf-8")
    assert "first" in fence.render({"path": "edited.py"}, "")
    snippet.write_text("print('second')\n", encoding="utf-8")
    assert "second" in fence.render({"path": "edited.py"}, "")


def test_snippet_paths_are_read_from_the_fences_of_a_page():
    page = f'Text\n\n```run path="{GOOD}"\n```\n\n```run hl_lines="2" path=\'a/b.py\'\n```\n```python\nx\n```\n'
    assert fence.snippet_paths(page) == [GOOD, "a/b.py"]
