"""The one executor of snippets: the site build, the snapshot tests, the browser and Node.

The browser worker and the Node parity run load this file into Pyodide and call `run`; the
worker also calls `call` for the pages' tools (their forms), which are not snippets.
The build and the snapshot tests call `run_file`, which runs this file as a script in a
fresh interpreter (`main`), so each snippet runs on its own and a hang is stopped by a
timeout; the script prints the run's events as JSON. Within one interpreter each run
gets fresh globals, as a script would, while imported modules stay loaded so a second
run starts fast.

The events, in order: ``"stdout"``/``"stderr"`` text (a line at a time), ``"chart"`` (text
is the SVG, title its title), ``"notice"`` (the output cap was reached, or a plain word on
an error the page's Python causes rather than the code) and, in the browser only,
``"input"`` (the code waits for the reader's answer; text is the prompt, shortened to
`MAX_PROMPT_LABEL`); `run` passes each
to ``emit(kind, text, title)``. A run ends ``"ok"``, ``"error"``, ``"interrupted"`` or
``"out-of-memory"`` (``"timeout"`` from `run_file` too); an error's traceback has already
been emitted on stderr, without any frame of this file.

Why one module: the worker's bundle writes this one file into Pyodide as the module
``executor``, and `run_file` runs it as a script in a fresh interpreter, so it stands alone,
importing nothing but the standard library.
"""

from __future__ import annotations

import argparse
import atexit
import builtins
import codecs
import contextlib
import errno
import importlib.abc
import importlib.util
import io
import json
import linecache
import math
import operator
import os
import signal
import sys
import time
import tokenize
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

__all__ = ["FILENAME", "FRESH_PACKAGES", "MAX_CHARS", "MAX_CHARTS", "MAX_CHART_CHARS", "MAX_LINES", "MEMORY_HINT", "NO_EVENT_LOOP", "NO_INPUT", "NO_THREADS", "REDRAW_INTERVAL_S", "TIMEOUT_S",
           "Event", "Host", "Outcome", "apply_carriage_returns", "call", "main", "run", "run_file"]

FILENAME = "<snippet>"
# Beyond a few thousand lines the page spends long pauses laying out text no one reads.
MAX_CHARS = 100_000
MAX_LINES = 2_000
MAX_CHART_CHARS = 2_000_000
"""Most SVG text one run may show as charts (hundreds of the site's): a loop of charts cannot fill the page."""
MAX_CHARTS = 100
"""Most charts one run may show, however small: each is a figure the page lays out, and tens of thousands
of empty ones would freeze it (the character cap above would let them all through)."""
MAX_CHART_TITLE = 200
"""Longest chart title shown (its caption); a longer one is cut with an ellipsis."""
MAX_PROMPT_LABEL = 200
"""Longest ``input()`` prompt the page's answer field names in its label; a longer one is cut with an
ellipsis there (the prompt itself is output, under the caps)."""
REDRAW_INTERVAL_S = 0.1
"""Least time between two sends of the same unfinished line (tqdm's default `mininterval`): each send is a
message the page handles, and a line redrawn in a loop (``print(f"\\r{i}", end="", flush=True)``)
would otherwise send them faster than the page can take them, freezing it and Stop with it."""
NO_INPUT = (
    "this page cannot read from the keyboard (input(), getpass, sys.stdin): "
    "edit the code to set the value directly, for example name = 'Ada'"
)

# Packages imported afresh by every run, as in a new interpreter: their modules keep state
# (cached models, for one) that a snippet may change and the next snippet must not see.
FRESH_PACKAGES = ("pft",)
# A snippet of the site runs in seconds; one that takes minutes is stuck, and fails the build.
TIMEOUT_S = 120
# How many times in a row a traceback shows the same line before "[Previous line repeated ...]" (as CPython).
SHOWN_REPEATS = 3

MEMORY_HINT = (
    "Python in this page is a 32-bit WebAssembly program: it can use at most 4 GB of memory in all, "
    "and no one object can have more than 2,147,483,647 items. Ask for less, or run the code on your "
    "computer (Download saves it as a file that says how)."
)

NO_THREADS = (
    "Python in this page runs in one thread of your browser and cannot start others: do the work "
    "one piece after another instead, or run the code on your computer (Download saves it as a "
    "file that says how)."
)
# The message WebAssembly builds of CPython raise when code starts a thread.
NO_THREAD_ERROR = "can't start new thread"
RUN_LOCALLY = "run the code on your computer instead (Download saves it as a file that says how)"
NO_EVENT_LOOP = (
    "Python in this page cannot wait for a coroutine to finish (asyncio.run, run_until_complete): the "
    f"browser would have to pause this page's Python while it waits, which it cannot do here: {RUN_LOCALLY}."
)
NO_WINDOW = (
    "Python in this page runs away from the page's window (in a worker), so it cannot open a browser "
    "window or tab: print the address and open it yourself, or run the code on your computer."
)
# What Pyodide's event loop raises when code waits for a coroutine.
NO_EVENT_LOOP_ERROR = "WebAssembly stack switching not supported"
NO_NETWORK = (
    f"Python in this page cannot reach the network, as the page makes no request outside this site: {RUN_LOCALLY}."
)
# How a refused connection shows in the page: a socket that never connects (urllib wraps it in
# URLError's reason), or the browser's own error for a request from pyodide.http or js.fetch.
NETWORK_ERRORS = ("NetworkError", "Failed to fetch")
# What an https address raises in the page, before any connection: its ssl module has no TLS.
NO_TLS_ERROR = "TLS not supported in this environment"
MAX_SLEEP_S = (2**63 - 1) / 1e9
"""The longest `time.sleep` CPython takes: its clock counts nanoseconds in a signed 64-bit integer."""

Emit = Callable[[str, str, str], None]


class Host(Protocol):
    """What the page offers a run besides taking its output (absent where it cannot)."""

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; returns True at once when Stop is pressed."""
        ...

    def read_line(self) -> str | None:
        """The reader's next line of input, once given, ending in a newline; ``""`` if the reader
        ended the input (as Ctrl+D does in a terminal); None if Stop was pressed meanwhile."""
        ...


def apply_carriage_returns(text: str) -> str:
    """`text` as a terminal shows it: a carriage return goes back to the start of its line, and
    what follows writes over the line from there, a character for a character (runner/output.json).
    """
    if "\r" not in text:
        return text
    return "\n".join(_overwrite("", 0, line)[0] for line in text.split("\n"))


def _overwrite(line: str, cursor: int, text: str) -> tuple[str, int]:
    """`line` with `text` (no newline) written over it from `cursor`, and where the cursor ends."""
    for i, part in enumerate(text.split("\r")):
        if i:
            cursor = 0
        line = line[:cursor] + part + line[cursor + len(part):]
        cursor += len(part)
    return line, cursor


class _Sink:
    """Line-buffered output, as in a terminal, with the caps enforced.

    A whole line is sent as soon as it is printed (nothing can flush later while the code
    keeps Python busy); the line cap bounds how many messages a print loop can send. The
    character cap counts what the page shows: a progress line redrawn with ``\\r`` counts
    once, however often it is redrawn, so no cap bounds how often it is sent: an unfinished line
    already sent is sent again at most every `REDRAW_INTERVAL_S`, waiting meanwhile as no more
    text than the line it draws (`_coalesced`).
    """

    def __init__(self, emit: Emit, max_chars: int, max_lines: int, size: int = 8192):
        self.emit, self.size = emit, size
        self.max_chars, self.max_lines = max_chars, max_lines
        self.shown = 0  # characters shown before the line being written
        self.line = (0, 0)  # that line: characters shown, and where the cursor stands in it
        self.lines = 0
        self.cut = False
        self.kind = ""
        self.parts: list[str] = []
        self.pending = 0  # characters written since the last send
        self.updated_at: float | None = None  # when `update` last sent the line being written
        self.chart_chars = 0
        self.charts_shown = 0
        self.charts_cut = False

    @property
    def total(self) -> int:
        """Characters shown so far."""
        return self.shown + self.line[0]

    def _end_line(self) -> None:
        """What is printed next goes to a new element of the output (another kind, a chart, a note)."""
        self.shown, self.line = self.total, (0, 0)

    def _count(self, text: str) -> tuple[int, tuple[int, int]]:
        """`shown` and `line` once `text` is written, by `apply_carriage_returns`'s rule, in
        time linear in `text` alone (a long line printed a piece at a time is not read again)."""
        shown, (length, cursor) = self.shown, self.line
        for i, line in enumerate(text.split("\n")):
            if i:
                shown, length, cursor = shown + length + 1, 0, 0
            for j, part in enumerate(line.split("\r")):
                cursor = (cursor if j == 0 else 0) + len(part)
                length = max(length, cursor)
        return shown, (length, cursor)

    def write(self, kind: str, text: str) -> None:
        if self.cut or not text:
            return
        if kind != self.kind:
            # The other stream's unfinished line ends here, in an element of its own: on the page it
            # is a line, and counts as one (else switching streams could add elements without end).
            self.lines += self.line[0] > 0
            self._end_line()
        newlines = text.count("\n")
        room = self.max_lines - self.lines
        if newlines >= room:
            end = 0
            for _ in range(room):
                end = text.index("\n", end) + 1
            if end < len(text):
                text, newlines, self.cut = text[:end], room, True
        shown, line = self._count(text)
        if shown + line[0] > self.max_chars:
            # What a text adds to the page is never longer than the text.
            text = text[: self.max_chars - self.total]
            newlines, self.cut = text.count("\n"), True
            shown, line = self._count(text)
        self.shown, self.line = shown, line
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
        elif "\n" in text:
            self.flush()
        else:
            if "\r" in text:
                self.parts = [_coalesced("".join(self.parts))]
            if self.pending >= self.size:
                self.update()

    def always(self, kind: str, text: str) -> None:
        """Emit `text` even past the cap: a traceback must reach the reader (its middle is cut
        if it alone is longer than the cap, as an exception's message can be)."""
        self.flush()
        self._end_line()
        if len(text) > self.max_chars:
            half = self.max_chars // 2
            text = f"{text[:half]}\n[... {len(text) - 2 * half:,} characters cut ...]\n{text[-half:]}"
        self.emit(kind, text, "")

    def chart(self, title: str, svg: str) -> None:
        if self.charts_cut:
            return
        self.flush()
        self._end_line()
        self.chart_chars += len(svg)
        self.charts_shown += 1
        title = _shortened(title, MAX_CHART_TITLE)
        if self.chart_chars > MAX_CHART_CHARS or self.charts_shown > MAX_CHARTS:
            self.charts_cut = True
            cap = f"{MAX_CHARTS} of them" if self.charts_shown > MAX_CHARTS else f"{MAX_CHART_CHARS:,} characters of them"
            self.emit("notice", f"Charts left out after {cap}; the code kept running.", "")
            return
        self.emit("chart", svg, title)

    def flush(self) -> None:
        """Send what waits: a line ends, or the run ends or shows something else (a chart, input(), a traceback)."""
        text = "".join(self.parts)
        self.parts.clear()
        self.pending = 0
        self.updated_at = None
        if text:
            self.emit(self.kind, text, "")

    def update(self) -> None:
        """Send the unfinished line (the stream is flushed, or much of it waits), unless it was sent
        less than `REDRAW_INTERVAL_S` ago."""
        now = _CLOCK()
        if self.pending and (self.updated_at is None or now - self.updated_at >= REDRAW_INTERVAL_S):
            self.flush()
            self.updated_at = now


def _coalesced(text: str) -> str:
    """`text`, a piece of one line holding a carriage return, made as short as the line it draws:
    it leaves the line and the cursor as `text` does, wherever the cursor stood before it. What it
    writes before its first carriage return stays; its redraws, each written from the line's start
    over the one before, become the one text they leave; then the last redraw again, so the cursor
    ends where it would."""
    first, *redraws = text.split("\r")
    drawn, _ = _overwrite("", 0, "\r".join(redraws))
    return f"{first}\r{drawn}" + ("" if drawn == redraws[-1] else f"\r{redraws[-1]}")


_current: _Sink | None = None
"""The output of the run in progress, if one is."""


class _Stream(io.TextIOBase):
    encoding = "utf-8"

    def __init__(self, kind: str, sink: _Sink):
        self.kind, self.sink = kind, sink
        self.buffer = _Bytes(self)

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        # A stream kept from an earlier run (logging.basicConfig's handler holds one) writes to the
        # run in progress, as a terminal's would.
        (_current or self.sink).write(self.kind, text)
        return len(text)

    def flush(self) -> None:
        (_current or self.sink).update()


class _Bytes(io.RawIOBase):
    """A stream's ``buffer``: bytes written to it show as UTF-8 text in the same stream."""

    def __init__(self, text: _Stream):
        self.text, self.decoder = text, codecs.getincrementaldecoder("utf-8")("replace")

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        try:
            data = bytes(memoryview(data))
        except TypeError:
            raise TypeError(f"a bytes-like object is required, not '{type(data).__name__}'") from None
        self.text.write(self.decoder.decode(data))
        return len(data)

    def flush(self) -> None:
        self.text.flush()


class _Stdin(io.TextIOBase):
    """The reader's input, a line at a time, typed in the output area (where the page allows).

    Reading asks for a line whenever it needs one; the reader can end the input instead, and then
    a read returns what it has (``for line in sys.stdin`` ends, ``input()`` raises EOFError), as
    Ctrl+D does in a terminal. Reading again asks again.
    """

    def __init__(self, host: Host | None, sink: _Sink):
        self.host, self.sink = host, sink
        self.pending = ""

    def readable(self) -> bool:
        return True

    def _fill(self, enough: Callable[[str], bool], prompt: str = "") -> None:
        """Ask for lines until `enough` of them are pending or the reader ends the input."""
        while not enough(self.pending):
            line = self._ask(prompt)
            if not line:
                return
            self.pending += line

    def _take(self, n: int) -> str:
        taken, self.pending = self.pending[:n], self.pending[n:]
        return taken

    def readline(self, size: int | None = -1) -> str:
        self._checkClosed()
        limited = size is not None and size >= 0
        self._fill(lambda text: "\n" in text or (limited and len(text) >= size))
        end = self.pending.find("\n") + 1 or len(self.pending)
        return self._take(min(end, size) if limited else end)

    def read(self, size: int | None = -1) -> str:
        self._checkClosed()
        limited = size is not None and size >= 0
        self._fill(lambda text: limited and len(text) >= size)
        return self._take(size if limited else len(self.pending))

    def ask(self, prompt: str) -> str:
        """What ``input(prompt)`` returns: the next line, without its newline."""
        self._checkClosed()
        if "\n" in self.pending:
            self.sink.write("stdout", prompt)
        self._fill(lambda text: "\n" in text, prompt)
        if "\n" not in self.pending:
            if not self.pending:
                raise EOFError("EOF when reading a line")
            return self._take(len(self.pending))
        return self._take(self.pending.index("\n") + 1)[:-1]

    def _ask(self, prompt: str) -> str:
        if self.host is None:
            raise RuntimeError(NO_INPUT)
        self.sink.write("stdout", prompt)
        self.sink.flush()
        self.sink.emit("input", _shortened(prompt, MAX_PROMPT_LABEL), "")
        line = self.host.read_line()
        if line is None:
            raise KeyboardInterrupt
        # Echoed, as a terminal shows what was typed.
        self.sink.write("stdout", line)
        return line


def _shortened(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and an ellipsis."""
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _input(stdin: _Stdin, original: Callable[..., str]) -> Callable[..., str]:
    """``input()`` that asks the reader through `stdin` while it is ``sys.stdin``; code that replaces
    ``sys.stdin`` (with ``io.StringIO``, say) reads from its own, as CPython's ``input()`` does."""

    def ask(prompt: object = "", /) -> str:
        return stdin.ask(str(prompt)) if sys.stdin is stdin else original(prompt)

    return ask


def _sleep_until_stopped(host: Host, sink: _Sink) -> Callable[[float], None]:
    """`time.sleep` that Stop ends: Pyodide looks for Stop between Python steps, not inside C calls.
    A pause the reader can notice first shows the line being written as it is (see `_Sink.update`)."""

    def sleep(seconds: float, /) -> None:
        # CPython's own checks and messages: a float, or an integer-like object (not '1' or a Decimal).
        seconds = seconds if isinstance(seconds, float) else operator.index(seconds)
        if math.isnan(seconds):
            raise ValueError("Invalid value NaN (not a number)")
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        if seconds > MAX_SLEEP_S:
            raise OverflowError("timestamp out of range for platform time_t" if isinstance(seconds, float)
                                else "timestamp too large to convert to C PyTime_t")
        if seconds >= REDRAW_INTERVAL_S:
            sink.flush()
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if host.wait(left):
                raise KeyboardInterrupt

    return sleep


class _ShownFrames(traceback.StackSummary):
    """Frames that format only the lines a traceback shows.

    `StackSummary.format` prints a frame repeated more than `SHOWN_REPEATS` times in a row once,
    as "[Previous line repeated N more times]", but formats every repetition first (parsing its
    line to place the carets): after a recursion a million frames deep, that takes minutes.
    """

    def format(self, **kwargs) -> list[str]:
        self._last, self._repeats = None, 0
        return super().format(**kwargs)

    def format_frame_summary(self, frame: traceback.FrameSummary, **kwargs) -> str:
        where = (frame.filename, frame.lineno, frame.name)
        self._repeats = self._repeats + 1 if where == self._last else 1
        self._last = where
        return super().format_frame_summary(frame, **kwargs) if self._repeats <= SHOWN_REPEATS else ""


def _snippet_traceback(error: BaseException) -> str:
    """The traceback from the snippet's first frame on, without any of the runner's frames."""
    try:
        summary = traceback.TracebackException.from_exception(error, lookup_lines=False)
    except Exception:  # noqa: BLE001 - an exception class whose __module__ or __qualname__ raises
        return _bare_traceback(error)
    for exc in _chain(summary):
        exc.stack = _snippet_frames(exc.stack)
    return "".join(summary.format())


def _snippet_frames(stack: Iterable[traceback.FrameSummary]) -> _ShownFrames:
    frames = [frame for frame in stack if frame.filename != __file__]
    if any(frame.filename == FILENAME for frame in frames):
        while frames[0].filename != FILENAME:
            frames.pop(0)
    return _ShownFrames(frames)


def _bare_traceback(error: BaseException) -> str:
    """The traceback of an exception whose class will not say its name (its metaclass raises): the
    names are read past the metaclass, from the class itself."""
    cls = type(error)
    name = type.__dict__["__qualname__"].__get__(cls)
    try:
        module = type.__dict__["__module__"].__get__(cls)
    except Exception:  # noqa: BLE001 - a class whose __module__ entry is gone
        module = "<unknown>"
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - as traceback.format_exception says it
        text = "<exception str() failed>"
    shown = name if module in ("__main__", "builtins") else f"{module}.{name}"
    frames = _snippet_frames(traceback.extract_tb(error.__traceback__))
    return "".join(["Traceback (most recent call last):\n", *frames.format(), f"{shown}: {text}\n" if text else f"{shown}\n"])


def _chain(exc: traceback.TracebackException | None) -> Iterator[traceback.TracebackException]:
    while exc is not None:
        yield exc
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)


def _release_frames(error: BaseException, sink: _Sink) -> None:
    """Free what the failed code's frames hold, as the end of a script would.

    A warning that freeing raises (a coroutine never awaited, for one) shows as CPython shows it
    at exit, ``sys:1: RuntimeWarning: …``, not at whichever line of this file was running.
    """
    with warnings.catch_warnings(record=True) as late:
        traceback.clear_frames(error.__traceback__)
    for warning in late:
        sink.always("stderr", warnings.formatwarning(warning.message, warning.category, "sys", 1, line=""))


def _hint(error: BaseException, packages: Sequence[str]) -> str:
    """A plain explanation of an error the page's Python causes, not the code: "" for any other."""
    if isinstance(error, MemoryError) or (isinstance(error, OverflowError) and "index-sized" in str(error)):
        return MEMORY_HINT
    if isinstance(error, RuntimeError) and NO_THREAD_ERROR in str(error) and packages:
        return NO_THREADS
    if isinstance(error, RuntimeError) and NO_EVENT_LOOP_ERROR in str(error) and packages:
        return NO_EVENT_LOOP
    # The failure itself, or the one a library wrapped (raise ... from it).
    reasons = [getattr(e, "reason", e) for e in (error, error.__cause__ or error.__context__) if e is not None]
    offline = any(isinstance(reason, OSError) and reason.errno == errno.ENOTCONN
                  or isinstance(reason, RuntimeError) and NO_TLS_ERROR in str(reason) for reason in reasons)
    if packages and (offline or (type(error).__name__ == "JsException" and any(e in str(error) for e in NETWORK_ERRORS))):
        return NO_NETWORK
    if type(error) is ImportError and error.name == "js" and "'window'" in str(error) and packages:
        return NO_WINDOW  # webbrowser.open, which reaches for the window
    if isinstance(error, ModuleNotFoundError) and error.name and packages:
        name = error.name.split(".")[0]
        if name in sys.stdlib_module_names:
            return f"{name} belongs to Python's standard library, but Python in this page does not include it: {RUN_LOCALLY}."
        if name not in packages:
            return (f"There is no {name} in this page: its Python has the standard library and "
                    f"{', '.join(packages)}. To use {name}, install it with pip and {RUN_LOCALLY}.")
    return ""


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls `then(module)` as soon as the top-level module `name` has been imported.

    The chart handler is installed only when a run imports `pft`: importing it afresh costs
    Pyodide tens of milliseconds, more than a run of ``print(1)``.
    """

    def __init__(self, name: str, then: Callable[[ModuleType], None]):
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None):
        if fullname != self.name:
            return None
        for finder in sys.meta_path:
            spec = None if finder is self else getattr(finder, "find_spec", lambda *_: None)(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _LoaderThen(spec.loader, self.then)
                return spec
        return None


class _LoaderThen:
    """`loader`, calling `then(module)` once the module has run."""

    def __init__(self, loader, then: Callable[[ModuleType], None]):
        self.loader, self.then = loader, then

    def __getattr__(self, name: str):
        return getattr(self.loader, name)

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        self.then(module)


def _on_import(name: str, install: Callable[[ModuleType], Callable[[], None]]) -> Callable[[], None]:
    """`install(module)` on module `name` now if it is loaded, else once the run imports it; returns an
    undo that removes the hook and calls the undo each install returned."""
    undos: list[Callable[[], None]] = []
    hook = _AfterImport(name, lambda module: undos.append(install(module)))
    if name in sys.modules:
        undos.append(install(sys.modules[name]))
    else:
        sys.meta_path.insert(0, hook)

    def undo() -> None:
        if hook in sys.meta_path:
            sys.meta_path.remove(hook)
        for each in undos:
            each()

    return undo


def _chart_handler(sink: _Sink) -> Callable[[], None]:
    """Route `pft.show` to `sink` if the run imports `pft` (or it is loaded already); returns an undo."""

    def install(pft: ModuleType) -> Callable[[], None]:
        previous = pft.set_chart_handler(sink.chart)
        return lambda: pft.set_chart_handler(previous)

    return _on_import("pft", install)


def _getpass_from_stdin() -> Callable[[], None]:
    """`getpass.getpass` reads the run's stdin, as CPython's does without a terminal, warning that the
    answer shows: the page's Python has a /dev/tty that gives nothing, so it failed before asking."""

    def install(getpass: ModuleType) -> Callable[[], None]:
        previous = getpass.getpass
        getpass.getpass = getpass.fallback_getpass
        return lambda: setattr(getpass, "getpass", previous)

    return _on_import("getpass", install)


class _ExitFunctions:
    """The functions a run's code gives `atexit`, called when the code ends, last first, as a script's
    are when its Python exits: the page's Python never exits, so they never ran (and piled up from run
    to run), and at build time they wrote after the run's result. What libraries register, at their
    import, stays with `atexit`."""

    def __init__(self, sink: _Sink) -> None:
        self.sink, self.functions = sink, []
        self.register, self.unregister = atexit.register, atexit.unregister
        atexit.register, atexit.unregister = self._register, self._unregister

    def _register(self, function: Callable, /, *args: object, **kwargs: object) -> Callable:
        if sys._getframe(1).f_code.co_filename != FILENAME:
            return self.register(function, *args, **kwargs)
        self.functions.append((function, args, kwargs))
        return function

    def _unregister(self, function: Callable, /) -> None:
        self.functions = [entry for entry in self.functions if entry[0] != function]
        self.unregister(function)

    def call(self) -> bool:
        """Call them; False if Stop ended them (the rest are dropped, as Ctrl+C would)."""
        atexit.register, atexit.unregister = self.register, self.unregister
        if not self.functions:
            return True
        # They run after the code's changes to the interpreter are undone: theirs are undone too.
        restore_interpreter = _interpreter_undo()
        try:
            while self.functions:
                function, args, kwargs = self.functions.pop()
                try:
                    function(*args, **kwargs)
                except KeyboardInterrupt:
                    self.functions.clear()
                    return False
                except BaseException as error:  # noqa: BLE001 - reported, and the next one still runs, as in CPython
                    name = getattr(function, "__qualname__", None) or type(function).__name__
                    self.sink.always("stderr", f"Exception ignored in atexit callback {name}:\n{_snippet_traceback(error)}")
            return True
        finally:
            restore_interpreter()


def _working_directory_last() -> None:
    """Move the working directory (``""`` or its path) to the end of ``sys.path``: a file a run writes
    there (``pft.py``, ``pygal.py``) must not hide the site's packages from every later run and tool."""
    here = ("", _GETCWD())
    sys.path[:] = [p for p in sys.path if p not in here] + [p for p in sys.path if p in here]


def _forget_fresh_packages() -> None:
    for name in [n for n in sys.modules if n.split(".")[0] in FRESH_PACKAGES]:
        del sys.modules[name]


# The runner's own hold on what it restores, and on its clock: a run that replaces os.chdir,
# sys.setrecursionlimit or time.monotonic (a module change lasts until reload) must not break the
# undo of every later run, nor how its own output is sent.
_GETCWD, _CHDIR = os.getcwd, os.chdir
_GET_LIMIT, _SET_LIMIT = sys.getrecursionlimit, sys.setrecursionlimit
_GET_PROFILE, _SET_PROFILE = sys.getprofile, sys.setprofile
_GET_TRACE, _SET_TRACE = sys.gettrace, sys.settrace
_GET_HANDLER, _SET_HANDLER = signal.getsignal, signal.signal
_SIGNALS = tuple(signal.valid_signals())
_CLOCK = time.monotonic


# Modules whose names the runner or the page's Python own, left out of the undo of modules' names:
# `run` restores what it sets in sys and builtins itself, and the host's modules keep the page's state.
_OWN_MODULES = ("sys", "builtins", "__main__", __name__, "js", "pyodide", "pyodide_js", "_pyodide", "memory_snapshot")


def _module_names() -> list[tuple[dict, dict]]:
    """Each loaded module's namespace with a copy of it (not the runner's own, see `_OWN_MODULES`)."""
    spaces = []
    for name, module in list(sys.modules.items()):
        space = getattr(module, "__dict__", None) if isinstance(module, ModuleType) else None
        if isinstance(space, dict) and name.split(".")[0] not in _OWN_MODULES:
            spaces.append((space, dict(space)))
    return spaces


def _runner_undo() -> Callable[[], None]:
    """An undo for a run that reaches this module (``import executor``) and changes its names or its
    classes' attributes: ``executor._Sink.write = ...`` would silence every later run."""
    space = globals()
    names = dict(space)
    classes = [(cls, dict(vars(cls))) for cls in names.values() if isinstance(cls, type) and cls.__module__ == __name__]

    def undo() -> None:
        for name in space.keys() - names.keys():
            del space[name]
        space.update(names)
        for cls, before in classes:
            now = vars(cls)
            for name in now.keys() - before.keys():
                delattr(cls, name)
            for name, value in before.items():
                if now.get(name, cls) is not value:
                    setattr(cls, name, value)

    return undo


def _interpreter_undo() -> Callable[[], None]:
    """An undo for what a run may change that would outlive it in this interpreter: the built-in
    names (``builtins.print = ...``, ``del builtins.len``), the names of the modules loaded before
    it (``math.pi = 3``, ``random.random = ...``: a later snippet imports the same module), the
    runner's own module (`_runner_undo`), the warning filters, the recursion limit, the profile
    and trace functions, the signal handlers (a SIGINT handler would take a later run's Stop),
    where imports look (``sys.path``, ``sys.meta_path``, ``sys.path_hooks``), the working directory,
    and the modules a run removed from ``sys.modules`` (those it imported stay loaded). Names a run
    adds to a module stay: importing ``json.tool`` adds ``tool`` to ``json``, and the module stays
    loaded. An audit hook (``sys.addaudithook``) cannot be removed: it stays."""
    profile, trace = _GET_PROFILE(), _GET_TRACE()
    names = dict(vars(builtins))
    filters = warnings.catch_warnings()
    filters.__enter__()
    spaces = _module_names()
    restore_runner = _runner_undo()
    limit = _GET_LIMIT()
    handlers = {number: _GET_HANDLER(number) for number in _SIGNALS}
    lists = {name: (getattr(sys, name), list(getattr(sys, name))) for name in ("path", "meta_path", "path_hooks")}
    module_table, loaded = sys.modules, dict(sys.modules)
    cwd = _GETCWD()

    def undo() -> None:
        # First: a profile or trace function would otherwise run on every call of the undo itself.
        _SET_PROFILE(profile)
        _SET_TRACE(trace)
        current = vars(builtins)
        for name in current.keys() - names.keys():
            del current[name]
        current.update(names)
        # Next: what follows uses the built-ins and this module's names.
        restore_runner()
        for space, before in spaces:
            for name, value in before.items():
                if space.get(name, space) is not value:
                    space[name] = value
        filters.__exit__(None, None, None)
        _SET_LIMIT(limit)
        # None: a handler set outside Python, which Python cannot set back.
        for number, handler in handlers.items():
            if handler is not None and _GET_HANDLER(number) is not handler:
                _SET_HANDLER(number, handler)
        for name, (original, contents) in lists.items():
            setattr(sys, name, original)
            original[:] = contents
        sys.modules = module_table
        for name, module in loaded.items():
            module_table.setdefault(name, module)
        with contextlib.suppress(OSError):
            _CHDIR(cwd)

    return undo


NO_BREAK_SPACE = "\u00a0"
_LITERAL_TOKENS = frozenset(
    getattr(tokenize, name) for name in ("STRING", "COMMENT", "FSTRING_MIDDLE", "TSTRING_MIDDLE") if hasattr(tokenize, name))


def _plain_spaces(code: str) -> str:
    """`code` with its no-break spaces outside strings and comments made spaces.

    Code copied from a web page carries them where it had spaces, and Python rejects them
    there; in a string or a comment they are the code's own and stay. Each is one character
    for one, so tracebacks point where the editor shows.
    """
    if NO_BREAK_SPACE not in code:
        return code
    spaced = code.replace(NO_BREAK_SPACE, " ")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(spaced).readline))
    except (tokenize.TokenError, SyntaxError):
        return spaced
    starts = [0]
    for line in io.StringIO(spaced):
        starts.append(starts[-1] + len(line))
    chars = list(spaced)
    for token in tokens:
        if token.type in _LITERAL_TOKENS:
            begin, end = (starts[row - 1] + column for row, column in (token.start, token.end))
            chars[begin:end] = code[begin:end]
    return "".join(chars)


def run(code: str, emit: Emit, charts: bool = True, max_chars: int = MAX_CHARS, max_lines: int = MAX_LINES,
        host: Host | None = None, packages: Sequence[str] = ()) -> str:
    """Run `code` as a fresh ``__main__`` script, streaming its output to `emit`.

    With a `host`, ``input()`` asks the reader (an ``"input"`` event whose text is the prompt,
    then `host.read_line`) and ``time.sleep`` waits through `host.wait`, so Stop ends both; without
    one, ``input()`` explains why it cannot read. `packages` are the names the page's Python can
    import besides the standard library (the browser passes them; a missing module's notice names them).
    No-break spaces outside strings and comments run as spaces (see `_plain_spaces`).
    """
    global _current
    code = _plain_spaces(code)
    sink = _current = _Sink(emit, max_chars, max_lines)
    linecache.cache[FILENAME] = (len(code), None, code.splitlines(True), FILENAME)
    restore_interpreter = _interpreter_undo()
    _working_directory_last()
    saved = sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__, sys.stdin, builtins.input, time.sleep
    stdin = _Stdin(host, sink)
    sys.stdout, sys.stderr, sys.stdin = _Stream("stdout", sink), _Stream("stderr", sink), stdin
    # The output area is the run's terminal, so the interpreter's original streams write there too
    # (in the browser they would go to the console, unseen, and past the output cap).
    sys.__stdout__, sys.__stderr__ = sys.stdout, sys.stderr
    builtins.input = _input(stdin, builtins.input)
    if host is not None:
        time.sleep = _sleep_until_stopped(host, sink)
    undo_charts = _chart_handler(sink) if charts else (lambda: None)
    undo_getpass = _getpass_from_stdin()
    exit_functions = _ExitFunctions(sink)
    status = "ok"
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    try:
        try:
            exec(compile(code, FILENAME, "exec"), namespace)
        finally:
            # First: the traceback is formatted with Python's own built-ins, whatever the code changed.
            restore_interpreter()
    except SystemExit as error:
        try:
            failed, text = error.code not in (None, 0), f"SystemExit: {error.code}\n"
        except Exception:  # noqa: BLE001 - a code whose == or str() raises still ends the run as an error
            failed, text = True, "SystemExit: (an exit code that could not be shown)\n"
        if failed:
            sink.always("stderr", text)
            status = "error"
    except KeyboardInterrupt as error:
        sink.always("stderr", _snippet_traceback(error))
        _release_frames(error, sink)
        status = "interrupted"
    except BaseException as error:  # noqa: BLE001 - the reader sees every failure as a traceback
        sink.always("stderr", _snippet_traceback(error))
        _release_frames(error, sink)
        if hint := _hint(error, packages):
            sink.always("notice", hint)
        # Memory once taken stays with the runtime: the page replaces it after such a run.
        status = "out-of-memory" if isinstance(error, MemoryError) else "error"
    finally:
        if not exit_functions.call() and status == "ok":
            status = "interrupted"
        # As at a script's end, what only its names hold goes now, so what a __del__ prints shows
        # in this run, not in whichever later run the memory happens to be freed in.
        namespace.clear()
        sink.flush()
        _current = None
        undo_charts()
        undo_getpass()
        _forget_fresh_packages()
        sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__, sys.stdin, builtins.input, time.sleep = saved
    return status


# ---------------------------------------------------------------- the pages' tools


_TOOLS: dict[str, object] = {}


def call(module: str, function: str, argument: str) -> str:
    """``module.function(argument)`` for a page's tool (its form), returning the text it returns.

    A tool is our code, not a reader's, and keeps no state between calls, so its module stays
    loaded here from one call to the next: importing it afresh, as a snippet's run does, takes
    longer than the answer. It is kept out of ``sys.modules``, so the next snippet still imports
    the fresh packages afresh.
    """
    target = _TOOLS.get(module)
    if target is None:
        path = list(sys.path)
        _working_directory_last()
        try:
            target = _TOOLS[module] = importlib.import_module(module)
        finally:
            sys.path[:] = path
        _forget_fresh_packages()
    return getattr(target, function)(argument)


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
