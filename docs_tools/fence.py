"""The ```run fence: a snippet file's code, then the output it printed when the site was built.

A page names the file (under ``snippets/``) and, if it likes, the lines to highlight:

    ```run path="fine-tuning/adaptability.py" hl_lines="3 4"
    ```

The build reads that file, runs it through the runner's executor (``runner/py/executor.py``)
in a fresh interpreter, and writes the highlighted code, then the output (``output.py``),
in a ``.pft-snippet`` block whose ``data-snippet`` is the path: the browser's runner knows
the snippet by the same name. A missing file, an unknown option, code inside the fence,
or a snippet that fails or hangs logs a warning naming the path, which
``mkdocs build --strict`` turns into a failed build.
"""

from __future__ import annotations

import html
import logging
import re
import sys
from pathlib import Path
from typing import Any

import markdown

import output

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
sys.path.insert(0, str(ROOT / "runner" / "py"))
import executor  # noqa: E402

NAME = "run"
OPTIONS = ("path", "hl_lines")
HL_LINES = re.compile(r"^\d+(?:-\d+)?(?:\s+\d+(?:-\d+)?)*$")
# The fence's opening line, for finding which snippets a page shows without rendering it.
FENCE_PATH = re.compile(rf"""^\s*```{NAME}\b[^\n]*?\bpath\s*=\s*["']([^"']+)["']""", re.MULTILINE)
log = logging.getLogger("mkdocs.hooks.pft")


class SnippetError(Exception):
    """A run fence that cannot be shown; the message names the page's snippet path."""


def snippet_paths(page_markdown: str) -> list[str]:
    """The snippet paths that the run fences of a page name, in order."""
    return FENCE_PATH.findall(page_markdown)


def _code_block(code: str, hl_lines: str) -> str:
    """The code highlighted as the site's other Python blocks are (pymdownx.highlight)."""
    options = f' hl_lines="{hl_lines}"' if hl_lines else ""
    fence = "`" * 8
    converter = markdown.Markdown(extensions=["pymdownx.highlight", "pymdownx.superfences"])
    return converter.convert(f"{fence}python{options}\n{code}\n{fence}")


def render(options: dict[str, str], body: str) -> str:
    """The HTML of one run fence: its file's code and the output the file prints.

    Raises:
        SnippetError: the fence names no file or a missing one, has other options or a body,
            or its snippet fails, hangs or draws a chart the output policy refuses.
    """
    path = options.get("path", "")
    where = f'```{NAME} path="{path}"'
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise SnippetError(f"{where}: unknown option(s) {', '.join(unknown)}; a run fence takes {', '.join(OPTIONS)}")
    if body.strip():
        raise SnippetError(f"{where}: the fence must be empty; the code comes from the file its path names")
    file = SNIPPETS / path
    if not path or not file.is_file() or SNIPPETS not in file.resolve().parents:
        raise SnippetError(f"{where}: no such snippet file snippets/{path}")
    hl_lines = options.get("hl_lines", "")
    if hl_lines and not HL_LINES.match(hl_lines):
        raise SnippetError(f'{where}: hl_lines="{hl_lines}" is not a list of line numbers and ranges (e.g. "2 4-6")')
    outcome = executor.run_file(file, cwd=ROOT)
    if outcome.status != "ok":
        raise SnippetError(f"{where}: the snippet ended with {outcome.status}:\n{outcome.text('stderr')}")
    try:
        rendered = output.render(outcome.events)
    except output.UnsafeChart as error:
        raise SnippetError(f"{where}: {error}") from error
    code = _code_block(file.read_text(encoding="utf-8").rstrip("\n"), hl_lines)
    return f'<div class="pft-snippet" data-snippet="{html.escape(path, quote=True)}">{code}\n{rendered}</div>'


# ---------------------------------------------------------------- pymdownx.superfences custom fence


def validator(language: str, inputs: dict, options: dict, attrs: dict, md: Any) -> bool:
    options.update(inputs)
    return True


def formatter(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
    try:
        return render(options, source)
    except SnippetError as error:
        log.warning(str(error))
        return f'<pre class="pft-snippet-error">{html.escape(str(error))}</pre>'


FENCE = {"name": NAME, "class": "python", "validator": validator, "format": formatter}
"""The entry for pymdownx.superfences' ``custom_fences``."""
