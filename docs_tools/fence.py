"""The ```run fence: a snippet's code, then the output it really printed at build time.

Pages include a snippet file inside the fence with ``pymdownx.snippets``:

    ```run
    --8<-- "fine-tuning/adaptability.py"
    ```

The code runs in its own interpreter (``exec_snippet.py``). Its text output and its
charts are placed under the code in a ``.pft-output`` block, which the in-browser
runner replaces when the reader runs the code again. A snippet that raises, exits
or hangs makes markdown-exec log a warning, which ``mkdocs build --strict`` turns
into a failed build.
"""

from __future__ import annotations

import html
import json
import logging
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from markdown_exec import base_format
from markdown_exec._internal.formatters.base import ExecutionError

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
EXEC = Path(__file__).with_name("exec_snippet.py")
TIMEOUT_S = 120
log = logging.getLogger("mkdocs.hooks.pft")
_UNSAFE_SVG = re.compile(r"<script|<foreignObject|\son\w+\s*=|javascript:", re.IGNORECASE)


@cache
def _paths_by_code() -> dict[str, str]:
    return {p.read_text(encoding="utf-8").strip(): p.relative_to(SNIPPETS).as_posix() for p in SNIPPETS.rglob("*.py")}


def snippet_path(code: str) -> str:
    """The snippet file (relative to ``snippets/``) whose content is ``code``, or ``""``."""
    return _paths_by_code().get(code.strip(), "")


def render_events(events: list[dict]) -> str:
    parts = []
    for event in events:
        if event["kind"] == "text":
            parts.append(f'<pre class="pft-stdout"><code>{html.escape(event["text"])}</code></pre>')
        else:
            if _UNSAFE_SVG.search(event["svg"]):
                raise ExecutionError(f"chart {event['title']!r} contains script or event handlers")
            title = html.escape(event["title"], quote=True)
            parts.append(f'<figure class="pft-chart" role="img" aria-label="{title}">{event["svg"]}</figure>')
    return "".join(parts)


def run_snippet(code: str, **_: Any) -> str:
    try:
        proc = subprocess.run(
            [sys.executable, str(EXEC)],
            input=code,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ExecutionError(f"snippet did not finish within {TIMEOUT_S} s") from error
    if proc.returncode != 0:
        raise ExecutionError(proc.stderr or f"snippet runner exited with {proc.returncode}")
    result = json.loads(proc.stdout)
    if result["error"]:
        raise ExecutionError(result["error"])
    return f'<div class="pft-output">{render_events(result["events"])}</div>'


def validator(language: str, inputs: dict, options: dict, attrs: dict, md: Any) -> bool:
    options["extra"] = inputs
    return True


def formatter(source: str, language: str, css_class: str, options: dict, md: Any, **kwargs: Any) -> str:
    path = snippet_path(source)
    if not path:
        log.warning("A ```run fence must include exactly one file from snippets/; got:\n%s", source[:200])
        return f"<pre>{html.escape(source)}</pre>"
    inner = base_format(
        language="python",
        run=run_snippet,
        code=source,
        md=md,
        html=True,
        source="above",
        id=path,
        extra=options.get("extra", {}),
    )
    return f'<div class="pft-snippet" data-snippet="{html.escape(path, quote=True)}">{inner}</div>'
