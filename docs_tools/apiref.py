"""The API reference page: one mkdocstrings block per public module of ``pft``.

``docs/api.md`` holds a line ``<!-- api-modules -->``; the build replaces it with a table of
the modules (first line of each docstring) and a ``::: pft.module`` block for each, found by
walking ``src/pft``. A module added to the library appears here without editing the page.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def modules(src: Path = SRC, package: str = "pft") -> list[tuple[str, str]]:
    """``(dotted name, first docstring line)`` of each public module of ``package``, sorted."""
    found = []
    for path in sorted((src / package).rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts) or len(parts) == 1:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        found.append((".".join(parts), doc.strip().splitlines()[0] if doc.strip() else ""))
    return found


def render(found: list[tuple[str, str]], src: Path = SRC) -> str:
    """A summary table, then one mkdocstrings block per module.

    A sub-package's block shows its docstring only: the names its ``__init__`` re-exports
    are documented once, in the module that defines them.
    """
    rows = ["| Module | What it holds |", "|---|---|"]
    rows += [f"| [`{name}`](#{name}) | {summary.replace('|', '\\|')} |" for name, summary in found]
    blocks = [
        f"::: {name}\n    options:\n      members: false\n" if _is_package(name, src) else f"::: {name}\n"
        for name, _ in found
    ]
    return "\n".join(rows) + "\n\n" + "\n".join(blocks)


def _is_package(name: str, src: Path) -> bool:
    return (src.joinpath(*name.split(".")) / "__init__.py").is_file()
