"""No source file over `MAX_LINES` lines without a sentence at its top saying why it stays whole.

Small modules named after concepts are the rule; a longer one says why in its docstring (or,
in JavaScript, its opening comment), in a line starting with `WHY`.
"""

from __future__ import annotations

import ast
import re
import subprocess

import pytest

from conftest import ROOT

MAX_LINES = 300
WHY = "Why one module"
COMMENT = re.compile(r"^\s*(?://|/\*\*?|\*/?)\s?")


def tracked_sources() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "*.py", "*.js"], cwd=ROOT, capture_output=True, text=True, check=True)
    return listed.stdout.split()


def opening(path: str, text: str) -> list[str]:
    """The lines of a Python file's docstring, or of a JavaScript file's leading comment."""
    if path.endswith(".py"):
        return (ast.get_docstring(ast.parse(text)) or "").splitlines()
    lines = []
    for line in text.splitlines():
        if not COMMENT.match(line):
            break
        lines.append(COMMENT.sub("", line, count=1))
    return lines


def says_why(path: str, text: str) -> bool:
    return any(line.lstrip().startswith(WHY) for line in opening(path, text))


def test_a_long_module_says_why_it_stays_whole():
    unexplained = []
    for path in tracked_sources():
        text = (ROOT / path).read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_LINES and not says_why(path, text):
            unexplained.append(f"{path} ({len(text.splitlines())} lines)")
    assert not unexplained, f'split these, or say in their opening "{WHY}: ..." why they stay whole: {unexplained}'


@pytest.mark.parametrize("path, text, expected", [
    ("a.py", '"""Tokens.\n\nWhy one module: the passes change together.\n"""\nx = 1\n', True),
    ("a.py", '"""Tokens."""\n# Why one module: a comment is not the docstring.\n', False),
    ("a.js", "// The UI.\n// Why one module: one state.\nconst x = 1;\n", True),
    ("a.js", "/**\n * The UI.\n * Why one module: one state.\n */\nconst x = 1;\n", True),
    ("a.js", "// The UI.\nconst x = 1;\n// Why one module: too late.\n", False),
])
def test_the_reason_is_read_from_the_opening_only(path, text, expected):
    assert says_why(path, text) is expected
