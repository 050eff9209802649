"""Run a reader's snippet inside Pyodide and stream what it prints and draws.

The browser worker and the Node parity test load this file into Pyodide; the tests
also run it under CPython. Each run gets fresh globals, as a script would, while
imported modules stay loaded so a second run starts fast.

`emit(kind, text, title)` receives, in order: ``"stdout"``/``"stderr"`` text
(a line at a time), ``"chart"`` (text is the SVG, title its title) and ``"notice"`` (the
output cap was reached). `run` returns ``"ok"``, ``"error"`` or ``"interrupted"``;
an error's traceback has already been emitted on stderr.
"""

from __future__ import annotations

import builtins
import importlib.util
import io
import linecache
import sys
import traceback
from collections.abc import Callable

__all__ = ["FILENAME", "FRESH_PACKAGES", "MAX_CHARS", "MAX_LINES", "NO_INPUT", "run"]

FILENAME = "<snippet>"
# Beyond a few thousand lines the page spends long pauses laying out text no one reads.
MAX_CHARS = 100_000
MAX_LINES = 2_000
NO_INPUT = (
    "input() cannot read from the keyboard in the page: "
    "edit the code to set the value directly, for example name = 'Ada'"
)

# Packages imported afresh by every run, as in a new interpreter: their modules keep state
# (cached models, for one) that a snippet may change and the next snippet must not see.
FRESH_PACKAGES = ("pft",)

Emit = Callable[[str, str, str], None]


class _Sink:
    """Line-buffered output, as in a terminal, with the caps enforced.

    A whole line is sent as soon as it is printed (nothing can flush later while the code
    keeps Python busy); the line cap bounds how many messages a print loop can send.
    """

    def __init__(self, emit: Emit, max_chars: int, max_lines: int, size: int = 8192):
        self.emit, self.size = emit, size
        self.max_chars, self.max_lines = max_chars, max_lines
        self.total = 0
        self.lines = 0
        self.cut = False
        self.kind = ""
        self.parts: list[str] = []
        self.pending = 0

    def write(self, kind: str, text: str) -> None:
        if self.cut or not text:
            return
        if self.total + len(text) > self.max_chars:
            text = text[: self.max_chars - self.total]
            self.cut = True
        newlines = text.count("\n")
        room = self.max_lines - self.lines
        if newlines >= room:
            end = 0
            for _ in range(room):
                end = text.index("\n", end) + 1
            if end < len(text):
                text, newlines, self.cut = text[:end], room, True
        self.total += len(text)
        self.lines += newlines
        if kind != self.kind:
            self.flush()
            self.kind = kind
        self.parts.append(text)
        self.pending += len(text)
        if self.cut:
            self.flush()
            limit = f"{self.max_lines:,} lines" if self.lines >= self.max_lines else f"{self.max_chars:,} characters"
            self.emit("notice", f"Output cut after {limit}; the code kept running.", "")
        elif "\n" in text or self.pending >= self.size:
            self.flush()

    def always(self, kind: str, text: str) -> None:
        """Emit `text` even past the cap: a traceback must reach the reader."""
        self.flush()
        self.emit(kind, text, "")

    def chart(self, title: str, svg: str) -> None:
        self.flush()
        self.emit("chart", svg, title)

    def flush(self) -> None:
        text = "".join(self.parts)
        self.parts.clear()
        self.pending = 0
        if text:
            self.emit(self.kind, text, "")


class _Stream(io.TextIOBase):
    def __init__(self, kind: str, sink: _Sink):
        self.kind, self.sink = kind, sink

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.sink.write(self.kind, text)
        return len(text)

    def flush(self) -> None:
        self.sink.flush()


class _NoStdin(io.TextIOBase):
    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> str:
        raise RuntimeError(NO_INPUT)

    readline = read


def _no_input(prompt: object = "") -> str:
    raise RuntimeError(NO_INPUT)


def _snippet_traceback(error: BaseException) -> str:
    """The traceback from the snippet's first frame on: the runner's own frames are dropped."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != FILENAME:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))


def _chart_handler(sink: _Sink):
    """Route `pft.show` to `sink`, if the snippet's package is installed; returns an undo."""
    if importlib.util.find_spec("pft") is None:
        return lambda: None
    import pft

    previous = pft.set_chart_handler(sink.chart)
    return lambda: pft.set_chart_handler(previous)


def _forget_fresh_packages() -> None:
    for name in [n for n in sys.modules if n.split(".")[0] in FRESH_PACKAGES]:
        del sys.modules[name]


def run(code: str, emit: Emit, charts: bool = True, max_chars: int = MAX_CHARS, max_lines: int = MAX_LINES) -> str:
    """Run `code` as a fresh ``__main__`` script, streaming its output to `emit`."""
    sink = _Sink(emit, max_chars, max_lines)
    linecache.cache[FILENAME] = (len(code), None, code.splitlines(True), FILENAME)
    saved = sys.stdout, sys.stderr, sys.stdin, builtins.input
    sys.stdout, sys.stderr, sys.stdin = _Stream("stdout", sink), _Stream("stderr", sink), _NoStdin()
    builtins.input = _no_input
    undo_charts = _chart_handler(sink) if charts else (lambda: None)
    status = "ok"
    try:
        exec(compile(code, FILENAME, "exec"), {"__name__": "__main__", "__builtins__": builtins})
    except SystemExit as error:
        if error.code not in (None, 0):
            sink.always("stderr", f"SystemExit: {error.code}\n")
            status = "error"
    except KeyboardInterrupt as error:
        sink.always("stderr", _snippet_traceback(error))
        status = "interrupted"
    except BaseException as error:  # noqa: BLE001 - the reader sees every failure as a traceback
        sink.always("stderr", _snippet_traceback(error))
        status = "error"
    finally:
        sink.flush()
        undo_charts()
        _forget_fresh_packages()
        sys.stdout, sys.stderr, sys.stdin, builtins.input = saved
    return status
