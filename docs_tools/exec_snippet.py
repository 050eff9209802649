"""Run one snippet as a script and report what it printed and drew, as JSON.

The site build runs every snippet through this file in a fresh interpreter, so
each snippet runs on its own, as a reader would run it: no state leaks from one
snippet to the next, and a snippet that hangs is stopped by the caller's timeout.

stdin: the snippet's code. stdout: one JSON object
``{"events": [{"kind": "text"|"chart", ...}], "error": str | null}``.
"""

from __future__ import annotations

import io
import json
import sys
import traceback


def run(code: str) -> dict:
    events: list[dict] = []
    buffer = io.StringIO()

    def flush() -> None:
        if buffer.getvalue():
            events.append({"kind": "text", "text": buffer.getvalue()})
            buffer.seek(0)
            buffer.truncate()

    def on_chart(title: str, svg: str) -> None:
        flush()
        events.append({"kind": "chart", "title": title, "svg": svg})

    try:
        import pft
    except ImportError:
        pass
    else:
        pft.set_chart_handler(on_chart)

    error = None
    real_stdout, real_stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = buffer
    try:
        exec(compile(code, "<snippet>", "exec"), {"__name__": "__main__"})
    except BaseException:  # noqa: BLE001 - the build reports any failure
        error = traceback.format_exc()
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
        flush()
    return {"events": events, "error": error}


if __name__ == "__main__":
    json.dump(run(sys.stdin.read()), sys.stdout)
