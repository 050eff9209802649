"""The one executor of snippets: the site build, the snapshot tests, the browser and Node.

The browser worker and the Node parity run load this file into Pyodide and call `run`.
The build and the snapshot tests call `run_file`, which runs this file as a script in a
fresh interpreter (`main`), so each snippet runs on its own and a hang is stopped by a
timeout; the script prints the run's events as JSON. Within one interpreter each run
gets fresh globals, as a script would, while imported modules stay loaded so a second
run starts fast.

The events, in order: ``"stdout"``/``"stderr"`` text (a line at a time), ``"chart"`` (text
is the SVG, title its title) and ``"notice"`` (the output cap was reached); `run` passes
each to ``emit(kind, text, title)``. A run ends ``"ok"``, ``"error"`` or ``"interrupted"``
(``"timeout"`` from `run_file` too); an error's traceback has already been emitted on stderr.
"""

from __future__ import annotations

import argparse
import builtins
import importlib.util
import io
import json
import linecache
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FILENAME", "FRESH_PACKAGES", "MAX_CHARS", "MAX_LINES", "NO_INPUT", "TIMEOUT_S",
           "Event", "Outcome", "main", "run", "run_file"]

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
# A snippet of the site runs in seconds; one that takes minutes is stuck, and fails the build.
TIMEOUT_S = 120

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


# ---------------------------------------------------------------- a snippet file in a fresh interpreter


@dataclass(frozen=True)
class Event:
    """One piece of a run's output, as `run` emits it."""

    kind: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Outcome:
    """How a run of a snippet file ended and what it emitted, in order."""

    status: str
    events: tuple[Event, ...]

    def text(self, kind: str) -> str:
        """All the text of one kind of event (``"stdout"``, ``"stderr"``, ``"notice"``), joined."""
        return "".join(event.text for event in self.events if event.kind == kind)


def run_file(path: Path, *, charts: bool = True, timeout: float = TIMEOUT_S, cwd: Path | None = None) -> Outcome:
    """Run the snippet file `path` through `main` in a fresh interpreter (this Python's)."""
    import subprocess  # here, not above: Pyodide, which loads this module too, cannot start processes

    command = [sys.executable, __file__, str(path), *([] if charts else ["--no-charts"])]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd, check=False)
    except subprocess.TimeoutExpired:
        return Outcome("timeout", (Event("stderr", f"{path} did not finish within {timeout:g} s\n"),))
    if proc.returncode != 0:
        return Outcome("error", (Event("stderr", proc.stderr or f"the executor exited with {proc.returncode}\n"),))
    result = json.loads(proc.stdout)
    return Outcome(result["status"], tuple(Event(**event) for event in result["events"]))


def main(argv: list[str] | None = None) -> None:
    """Run one snippet file and print ``{"status": ..., "events": [{kind, text, title}, ...]}``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--no-charts", action="store_true", help="print chart placeholders, as in a terminal")
    args = parser.parse_args(argv)
    events: list[dict] = []
    status = run(args.path.read_text(encoding="utf-8"), lambda kind, text, title: events.append(
        {"kind": kind, "text": text, "title": title}), charts=not args.no_charts)
    json.dump({"status": status, "events": events}, sys.stdout)


if __name__ == "__main__":
    main()
