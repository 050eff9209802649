"""Run a reader's snippet inside Pyodide and stream what it prints and draws.

The browser worker and the Node parity test load this file into Pyodide; the tests
also run it under CPython. Each run gets fresh globals, as a script would, while
imported modules stay loaded so a second run starts fast.

`emit(kind, text, title)` receives, in order: ``"stdout"``/``"stderr"`` text
(batched), ``"chart"`` (text is the SVG, title its title) and ``"notice"`` (the
output cap was reached). `run` returns ``"ok"``, ``"error"`` or ``"interrupted"``;
an error's traceback has already been emitted on stderr.
"""

from __future__ import annotations

import builtins
import importlib.util
import io
import linecache
import sys
import time
import traceback
from collections.abc import Callable

__all__ = ["FILENAME", "OUTPUT_CAP", "NO_INPUT", "run"]

FILENAME = "<snippet>"
OUTPUT_CAP = 200_000
NO_INPUT = (
    "input() cannot read from the keyboard in the page: "
    "edit the code to set the value directly, for example name = 'Ada'"
)

Emit = Callable[[str, str, str], None]


class _Sink:
    """Batches writes per stream, so a print loop sends few messages, and enforces the cap."""

    def __init__(self, emit: Emit, cap: int, interval_s: float = 0.03, size: int = 8192):
        self.emit, self.cap, self.interval_s, self.size = emit, cap, interval_s, size
        self.total = 0
        self.cut = False
        self.kind = ""
        self.parts: list[str] = []
        self.pending = 0
        self.last = time.monotonic()

    def write(self, kind: str, text: str) -> None:
        if self.cut or not text:
            return
        if self.total + len(text) > self.cap:
            text = text[: self.cap - self.total]
            self.cut = True
        self.total += len(text)
        if kind != self.kind:
            self.flush()
            self.kind = kind
        self.parts.append(text)
        self.pending += len(text)
        if self.cut:
            self.flush()
            self.emit("notice", f"Output cut at {self.cap:,} characters; the code kept running.", "")
        elif self.pending >= self.size or time.monotonic() - self.last >= self.interval_s:
            self.flush()

    def always(self, kind: str, text: str) -> None:
        """Emit `text` even past the cap: a traceback must reach the reader."""
        self.flush()
        self.emit(kind, text, "")

    def chart(self, title: str, svg: str) -> None:
        self.flush()
        self.emit("chart", svg, title)

    def flush(self) -> None:
        if self.parts:
            self.emit(self.kind, "".join(self.parts), "")
            self.parts.clear()
            self.pending = 0
        self.last = time.monotonic()


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
    import pft.display

    previous = pft.display.set_handler(sink.chart)
    return lambda: pft.display.set_handler(previous)


def run(code: str, emit: Emit, charts: bool = True, cap: int = OUTPUT_CAP) -> str:
    """Run `code` as a fresh ``__main__`` script, streaming its output to `emit`."""
    sink = _Sink(emit, cap)
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
        sys.stdout, sys.stderr, sys.stdin, builtins.input = saved
    return status
