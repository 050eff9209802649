"""The Python glue of the in-browser runner (runner/py/executor.py), run under CPython.

Why one module: it mirrors runner/py/executor.py, which stays whole (its docstring says why),
with one test per behaviour of its `run` and `call`.
"""

from __future__ import annotations

import gc
import re
import signal
import sys
import time
import traceback

import pytest

import executor
from executor import apply_carriage_returns


@pytest.fixture(autouse=True)
def keep_the_suites_pft_modules():
    """The glue re-imports pft on every run; give the rest of the test session its modules back."""
    saved = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "pft"}
    yield
    for name in [n for n in sys.modules if n.split(".")[0] == "pft"]:
        del sys.modules[name]
    sys.modules.update(saved)


class Recorder:
    def __init__(self):
        self.events: list[tuple[str, str, str]] = []

    def __call__(self, kind: str, text: str, title: str) -> None:
        self.events.append((kind, text, title))

    def text(self, kind: str) -> str:
        return "".join(text for k, text, _ in self.events if k == kind)


def run(code: str, **options) -> tuple[str, Recorder]:
    rec = Recorder()
    return executor.run(code, rec, **options), rec


def test_stdout_and_stderr_stay_apart_and_in_order():
    status, rec = run("import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c')")
    assert status == "ok"
    assert [(k, t) for k, t, _ in rec.events] == [("stdout", "a\n"), ("stderr", "b\n"), ("stdout", "c\n")]


def test_streams_are_restored_after_a_run():
    before = sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__, sys.stdin
    run("print('x')\n1/0")
    assert (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__, sys.stdin) == before


def test_the_interpreters_original_streams_write_to_the_output_under_its_cap():
    status, rec = run("import sys\nprint('a', file=sys.__stdout__)\nsys.__stderr__.write('b\\n')\n"
                      "for _ in range(100):\n    print('flood', file=sys.__stdout__)\n", max_lines=5)
    assert rec.text("stderr") == "b\n" and rec.text("stdout").startswith("a\nflood\n")
    assert rec.text("stdout").count("\n") <= 5 and [k for k, *_ in rec.events].count("notice") == 1


def test_traceback_lines_match_the_editor_and_hide_the_runner():
    code = "def f(x):\n    return 1 / x\n\nprint('before')\nf(0)\n"
    status, rec = run(code)
    err = rec.text("stderr")
    assert status == "error"
    assert 'File "<snippet>", line 5, in <module>' in err
    assert 'File "<snippet>", line 2, in f' in err
    assert "return 1 / x" in err
    assert err.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "executor.py" not in err and "exec(" not in err
    assert rec.text("stdout") == "before\n"


@pytest.mark.parametrize("broken", ["__module__", "__qualname__"])
def test_an_exception_class_that_cannot_name_itself_still_gets_its_traceback(broken):
    code = (f"class Meta(type):\n    def __getattribute__(cls, name):\n        if name == {broken!r}:\n"
            "            raise RuntimeError('no')\n        return super().__getattribute__(name)\n\n"
            "class Odd(Exception, metaclass=Meta):\n    pass\n\nraise Odd('boom')\n")
    status, rec = run(code)
    err = rec.text("stderr")
    assert status == "error" and rec.text("notice") == ""
    assert 'File "<snippet>", line 10, in <module>' in err and "raise Odd('boom')" in err
    assert err.rstrip().endswith("\nOdd: boom") and "executor.py" not in err and "RuntimeError" not in err


def test_syntax_error_points_at_its_line():
    status, rec = run("x = 1\ny = (\n")
    assert status == "error"
    assert 'File "<snippet>", line 2' in rec.text("stderr")
    assert "SyntaxError" in rec.text("stderr")


def test_output_beyond_the_character_cap_is_cut_with_one_notice_and_code_keeps_running():
    status, rec = run("for i in range(5000):\n    print('x' * 9)\nraise ValueError('after the flood')", max_chars=1000)
    assert status == "error"
    assert len(rec.text("stdout")) == 1000
    notices = [t for k, t, _ in rec.events if k == "notice"]
    assert len(notices) == 1 and "1,000 characters" in notices[0]
    assert "ValueError: after the flood" in rec.text("stderr")


def test_a_progress_line_redrawn_with_carriage_returns_counts_once_against_the_cap():
    code = "for i in range(2000):\n    print(f'\\r{i:>4} of 2000', end='')\nprint()\nprint('done')"
    status, rec = run(code, max_chars=1000)
    assert status == "ok" and not [k for k, _, _ in rec.events if k == "notice"]
    assert apply_carriage_returns(rec.text("stdout")) == "1999 of 2000\ndone\n"
    # Text that stays on the page is still cut at the cap, however it is split by carriage returns.
    status, rec = run("for i in range(2000):\n    print(f'{i:>4}\\r\\n', end='')", max_chars=1000)
    assert len(apply_carriage_returns(rec.text("stdout"))) == 1000
    assert [t for k, t, _ in rec.events if k == "notice"] == ["Output cut after 1,000 characters; the code kept running."]


def test_output_beyond_the_line_cap_ends_at_a_whole_line():
    status, rec = run("print('a\\nb')\nfor i in range(5000):\n    print(i)\nprint('done', 7)", max_lines=50)
    assert status == "ok"
    assert rec.text("stdout") == "a\nb\n" + "".join(f"{i}\n" for i in range(48))
    assert [t for k, t, _ in rec.events if k == "notice"] == ["Output cut after 50 lines; the code kept running."]


def test_switching_streams_mid_line_counts_a_line_per_switch_against_the_cap():
    status, rec = run("import sys\nfor i in range(30):\n    sys.stdout.write('a')\n    sys.stderr.write('b')\n",
                      max_lines=10)
    assert status == "ok"
    shown = [k for k, _, _ in rec.events if k in ("stdout", "stderr")]
    assert len(shown) <= 10 and rec.text("stdout") + rec.text("stderr") == "a" * 5 + "b" * 5
    assert [t for k, t, _ in rec.events if k == "notice"] == ["Output cut after 10 lines; the code kept running."]
    # Whole lines switching streams count once each, as before.
    status, rec = run("import sys\nfor i in range(4):\n    print('o')\n    print('e', file=sys.stderr)\n", max_lines=10)
    assert rec.text("stdout") == "o\n" * 4 and not [k for k, _, _ in rec.events if k == "notice"]


def test_the_default_caps_let_a_long_legitimate_output_through():
    status, rec = run("for i in range(1000):\n    print('row', i, 'value', i * i)")
    assert status == "ok" and rec.text("stdout").count("\n") == 1000
    assert not [k for k, _, _ in rec.events if k == "notice"]


def test_each_line_is_sent_when_printed_and_partial_lines_wait(monkeypatch):
    import builtins

    seen: list[str] = []
    sent_before: list[list[str]] = []
    monkeypatch.setattr(builtins, "checkpoint", lambda: sent_before.append(list(seen)), raising=False)
    executor.run("print('a', end='')\ncheckpoint()\nprint('b')\ncheckpoint()\nprint('c')", lambda k, t, _: seen.append(t))
    assert sent_before == [[], ["ab\n"]]
    assert seen == ["ab\n", "c\n"]


def test_a_print_loop_sends_at_most_one_message_per_line_up_to_the_cap():
    status, rec = run("for i in range(20000):\n    print(i)", max_lines=20000, max_chars=10**6)
    assert status == "ok"
    assert rec.text("stdout") == "".join(f"{i}\n" for i in range(20000))
    assert len(rec.events) <= 20000


def test_a_long_prompt_is_output_under_the_caps_and_the_answer_field_names_it_shortened():
    status, rec = run("print(input('?' * 10**6))\n", host=Host(["yes\n"]))
    [label] = [t for k, t, _ in rec.events if k == "input"]
    assert status == "ok" and len(label) == executor.MAX_PROMPT_LABEL and label.endswith("?\u2026")
    assert len(rec.text("stdout")) <= executor.MAX_CHARS


@pytest.mark.parametrize(("code", "shown"), [
    ("for i in range(100_000):\n    print(f'\\r{i}', end='', flush=True)\nprint()", "99999\n"),
    # Unflushed, but each redraw is longer than the text that waits before it is sent anyway.
    ("for i in range(2_000):\n    print(f'\\r{i} ' + '.' * 10_000, end='')\nprint()", "1999 " + "." * 10_000 + "\n"),
])
def test_a_line_redrawn_in_a_loop_is_sent_at_most_once_per_redraw_interval(code, shown):
    """Each send is a message the page handles: a redraw loop that sent one per print froze the page."""
    started = time.monotonic()
    status, rec = run(code)
    elapsed = time.monotonic() - started
    assert status == "ok" and apply_carriage_returns(rec.text("stdout")) == shown
    # Sends of the unfinished line come at least the interval apart, the first at once; the finished line is one more.
    assert len(rec.events) <= elapsed / executor.REDRAW_INTERVAL_S + 2, (len(rec.events), elapsed)


def test_a_new_unfinished_line_is_sent_when_flushed_and_its_redraws_wait_for_the_interval(monkeypatch):
    import builtins

    monkeypatch.setattr(executor, "_CLOCK", lambda: 0.0)  # no time passes between two flushes
    seen: list[str] = []
    sent_before: list[list[str]] = []
    monkeypatch.setattr(builtins, "checkpoint", lambda: sent_before.append(list(seen)), raising=False)
    code = ("print('Step 1', end='', flush=True)\nprint(' done')\nprint('Step 2', end='', flush=True)\ncheckpoint()\n"
            "print('\\rStep 2 of 2', end='', flush=True)\ncheckpoint()")
    executor.run(code, lambda k, t, _: seen.append(t))
    assert sent_before == [["Step 1", " done\n", "Step 2"]] * 2
    assert seen == ["Step 1", " done\n", "Step 2", "\rStep 2 of 2"]


def test_input_explains_itself_at_the_calling_line_without_a_runner_frame():
    import builtins

    before = builtins.input
    status, rec = run("name = 'x'\nname = input('Your name? ')\n")
    assert status == "error"
    assert rec.text("stderr").count('File "') == 1 and 'File "<snippet>", line 2' in rec.text("stderr")
    assert executor.NO_INPUT in rec.text("stderr")
    assert builtins.input is before


class Host:
    """A page that answers input() from a list of lines ("" ends the input) and presses Stop
    after `stop_after` waits or when the list runs out."""

    def __init__(self, answers=(), stop_after=None):
        self.answers, self.stop_after, self.waits = list(answers), stop_after, []

    def wait(self, seconds):
        self.waits.append(seconds)
        return self.stop_after is not None and len(self.waits) > self.stop_after

    def read_line(self):
        return self.answers.pop(0) if self.answers else None


def test_with_a_host_input_asks_echoes_the_answer_and_stdin_reads_lines():
    code = "name = input('Name? ')\nimport sys\nline = sys.stdin.readline()\nprint(name, repr(line))\n"
    status, rec = run(code, host=Host(["Ada\n", "two\n"]))
    assert status == "ok"
    assert [(k, t) for k, t, _ in rec.events if k != "stdout"] == [("input", "Name? "), ("input", "")]
    assert rec.text("stdout") == "Name? Ada\ntwo\nAda 'two\\n'\n"


@pytest.mark.parametrize(("code", "shown"), [
    ("for line in sys.stdin:\n    print(repr(line))\n", "a\n'a\\n'\nb\n'b\\n'\n"),
    ("print(repr(sys.stdin.read()))\n", "a\nb\n'a\\nb\\n'\n"),
    ("print(repr(sys.stdin.read(3)), repr(sys.stdin.readline()), repr(sys.stdin.readline()))\n",
     "a\nb\n'a\\nb' '\\n' ''\n"),
    ("print(repr(sys.stdin.readlines()))\n", "a\nb\n['a\\n', 'b\\n']\n"),
])
def test_reading_stdin_goes_on_until_the_reader_ends_the_input(code, shown):
    """Each line typed is echoed when it is read, as a terminal shows it."""
    status, rec = run("import sys\n" + code, host=Host(["a\n", "b\n", ""]))
    assert status == "ok" and rec.text("stdout") == shown
    assert [t for k, t, _ in rec.events if k == "input"] == ["", "", ""]


@pytest.mark.parametrize(("code", "stdout", "error"), [
    ("import io, sys\nsys.stdin = io.StringIO('hi\\n')\nprint(input('? '))\n", "? hi\n", None),
    ("import sys\nsys.stdin.close()\ninput()\n", "", "ValueError: I/O operation on closed file."),
    ("import sys\nsys.stdin.close()\nsys.stdin.readline()\n", "", "ValueError: I/O operation on closed file."),
    ("import sys\nsys.stdin = None\ninput()\n", "", "RuntimeError: input(): lost sys.stdin"),
])
def test_input_reads_the_stdin_the_code_gave_it_as_cpythons_does(code, stdout, error):
    status, rec = run(code, host=Host(["never asked\n"]))
    assert rec.text("stdout") == stdout and not [t for k, t, _ in rec.events if k == "input"]
    if error is None:
        assert status == "ok"
    else:
        assert status == "error" and rec.text("stderr").rstrip().endswith(error)


def test_input_at_the_end_of_input_raises_eoferror_and_reading_again_asks_again():
    code = "try:\n    input('? ')\nexcept EOFError as e:\n    print('EOF:', e)\nprint(input('again? '))\n"
    status, rec = run(code, host=Host(["", "yes\n"]))
    assert status == "ok" and rec.text("stdout") == "? EOF: EOF when reading a line\nagain? yes\nyes\n"
    status, rec = run("x = input()\n", host=Host([""]))
    assert status == "error" and rec.text("stderr").rstrip().endswith("EOFError: EOF when reading a line")


@pytest.mark.filterwarnings("ignore:Can not control echo")  # getpass says so, as it should
@pytest.mark.parametrize("imported_before", [False, True])
def test_getpass_asks_as_input_does_and_says_the_answer_shows(imported_before):
    """As CPython's getpass without a terminal: the page's Python has none that answers."""
    import getpass

    before = getpass.getpass
    if not imported_before:
        sys.modules.pop("getpass")
    try:
        status, rec = run("import getpass\nprint(len(getpass.getpass('Key? ')))\n", host=Host(["s3cret\n"]))
    finally:
        sys.modules["getpass"] = getpass
    assert status == "ok" and rec.text("stdout").endswith("6\n")
    assert "Key? " in rec.text("stderr") and "may be echoed" in rec.text("stderr")
    assert getpass.getpass is before, "the run's getpass outlived the run"


def test_stop_while_input_waits_is_a_keyboard_interrupt_at_the_calling_line():
    status, rec = run("print('a')\nx = input()\n", host=Host())
    assert status == "interrupted"
    stderr = rec.text("stderr")
    assert stderr.count('File "') == 1 and "line 2" in stderr and stderr.rstrip().endswith("KeyboardInterrupt")


def test_sleep_waits_through_the_host_and_stop_ends_it():
    import time

    before = time.sleep
    host = Host(stop_after=0)
    status, rec = run("import time\nprint('before')\ntime.sleep(30)\nprint('after')", host=host)
    assert status == "interrupted" and rec.text("stdout") == "before\n"
    assert len(host.waits) == 1 and 29 < host.waits[0] <= 30
    assert rec.text("stderr").count('File "') == 1 and "time.sleep(30)" in rec.text("stderr")
    assert run("import time\ntime.sleep(-1)", host=Host())[1].text("stderr").rstrip().endswith(
        "ValueError: sleep length must be non-negative")
    assert time.sleep is before


@pytest.mark.parametrize("argument", ["'1'", "float('nan')", "float('inf')", "1e300", "-1", "-0.5", "2**70", "None",
                                      "1j", "__import__('decimal').Decimal('0.01')", "__import__('fractions').Fraction(1)"])
def test_sleep_refuses_what_cpythons_refuses_with_its_error(argument):
    import time

    with pytest.raises(Exception) as cpython:
        time.sleep(eval(argument))
    status, rec = run(f"import time\ntime.sleep({argument})", host=Host())
    assert status == "error"
    assert rec.text("stderr").rstrip().endswith(f"{type(cpython.value).__name__}: {cpython.value}")


CHART_ONLY = "import pft\nclass C:\n    title = 't'\n    def render_svg(self):\n        return '<svg/>'\npft.show(C())\n"


@pytest.mark.parametrize(("then", "kind"), [("x = input()", "input"), (CHART_ONLY, "chart"), ("1 / 0", "stderr"),
                                            ("import time\ntime.sleep(1)", "wait"), ("", None)])
def test_a_redraw_that_waits_shows_before_what_comes_next(then, kind, monkeypatch):
    """Before input(), a chart, a traceback, a pause the reader can see, and the run's end."""
    monkeypatch.setattr(executor, "_CLOCK", lambda: 0.0)
    rec = Recorder()
    host = Host(["yes\n"])
    host.wait = lambda seconds: rec("wait", "", "") or True  # and Stop
    executor.run("print('\\r1', end='', flush=True)\nprint('\\r2', end='', flush=True)\n" + then, rec, host=host)
    upto = next((i for i, (k, *_) in enumerate(rec.events) if k == kind), len(rec.events))
    assert apply_carriage_returns("".join(t for k, t, _ in rec.events[:upto] if k == "stdout")) == "2", rec.events


@pytest.mark.parametrize(("code", "hint"), [
    ("import numpy", "There is no numpy in this page: its Python has the standard library and pft, pygal."),
    ("import sqlite3", "sqlite3 belongs to Python's standard library, but Python in this page does not include it"),
    # More pointers than the address space holds: a MemoryError before anything is allocated.
    ("import sys\nx = [None] * (sys.maxsize // 2)", executor.MEMORY_HINT),
    # What starting a thread raises in the page (CPython here starts it).
    (f"raise RuntimeError({executor.NO_THREAD_ERROR!r})", executor.NO_THREADS),
    # What waiting for a coroutine (asyncio.run) raises in the page.
    (f"raise RuntimeError({executor.NO_EVENT_LOOP_ERROR!r} ' in this JavaScript runtime')", executor.NO_EVENT_LOOP),
    # What a connection raises in the page: urllib's, and the browser's own error for pyodide.http or js.fetch.
    ("import errno, urllib.error\nraise urllib.error.URLError(OSError(errno.ENOTCONN, 'Socket not connected'))",
     executor.NO_NETWORK),
    ("class JsException(Exception): pass\nraise JsException(\"NetworkError: Failed to execute 'send'\")",
     executor.NO_NETWORK),
    ("class JsException(Exception): pass\nraise JsException('TypeError: Failed to fetch')", executor.NO_NETWORK),
    # An https address: the page's ssl module raises before any connection is tried.
    (f"raise RuntimeError({executor.NO_TLS_ERROR!r})", executor.NO_NETWORK),
    # A library's own error, raised from the failed connection.
    (f"try:\n    raise RuntimeError({executor.NO_TLS_ERROR!r})\nexcept RuntimeError as e:\n    raise ValueError('fetch failed') from e",
     executor.NO_NETWORK),
    # What webbrowser.open raises in the page's worker.
    ("raise ImportError(\"cannot import name 'window' from 'js' (unknown location)\", name='js')", executor.NO_WINDOW),
])
def test_errors_the_page_causes_get_a_plain_notice(code, hint, monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlite3", None)
    status, rec = run(code, packages=["pft", "pygal"])
    notices = [t for k, t, _ in rec.events if k == "notice"]
    assert len(notices) == 1 and notices[0].startswith(hint), notices
    assert status == ("out-of-memory" if "maxsize" in code else "error")


def test_without_page_packages_a_missing_module_is_only_a_traceback():
    status, rec = run("import numpy_that_is_not_there")
    assert status == "error" and not [k for k, _, _ in rec.events if k == "notice"]


def test_reading_stdin_explains_itself_too():
    status, rec = run("import sys\nsys.stdin.readline()")
    assert status == "error" and executor.NO_INPUT in rec.text("stderr")


def test_each_run_starts_with_fresh_globals():
    assert run("x = 41")[0] == "ok"
    status, rec = run("print(x)")
    assert status == "error" and "NameError" in rec.text("stderr")
    assert run("print(__name__)")[1].text("stdout") == "__main__\n"


def test_our_package_starts_fresh_on_every_run_as_in_a_new_interpreter():
    assert run("import pft.render.display\npft.render.display.changed_by_a_snippet = True")[0] == "ok"
    status, rec = run("import pft.render.display\nprint(hasattr(pft.render.display, 'changed_by_a_snippet'))")
    assert (status, rec.text("stdout")) == ("ok", "False\n")


def test_keyboard_interrupt_is_reported_as_interrupted():
    status, rec = run("print(1)\nraise KeyboardInterrupt")
    assert status == "interrupted"
    assert "KeyboardInterrupt" in rec.text("stderr") and "line 2" in rec.text("stderr")


@pytest.mark.parametrize(("code", "expected"), [("exit(0)", "ok"), ("import sys\nsys.exit()", "ok"), ("exit(3)", "error")])
def test_system_exit(code, expected):
    status, rec = run(code)
    assert status == expected
    assert ("SystemExit: 3" in rec.text("stderr")) == (expected == "error")


CHART = """
import pft

class Chart:
    title = "Accuracy by shots"
    def render_svg(self):
        return "<svg xmlns='http://www.w3.org/2000/svg'><title>t</title></svg>"

print("before")
pft.show(Chart())
print("after")
"""


def test_charts_arrive_as_svg_between_the_text_around_them():
    status, rec = run(CHART)
    assert status == "ok"
    assert [k for k, _, _ in rec.events] == ["stdout", "chart", "stdout"]
    assert rec.events[1][1].startswith("<svg") and rec.events[1][2] == "Accuracy by shots"


def test_a_charts_title_is_cut_at_its_cap():
    status, rec = run(CHART.replace('"Accuracy by shots"', '"A" * 10_000'))
    title = rec.events[1][2]
    assert status == "ok" and len(title) == executor.MAX_CHART_TITLE and title.endswith("A\u2026")


def test_a_loop_of_charts_stops_at_the_chart_cap_with_one_notice_and_the_code_keeps_running():
    big = "x" * (executor.MAX_CHART_CHARS // 3)
    code = CHART.replace('"<svg ', f'"<svg {big} ') .replace('print("before")', "for _ in range(10): pft.show(Chart())\nprint('before')")
    status, rec = run(code)
    kinds = [k for k, _, _ in rec.events]
    assert status == "ok" and kinds.count("notice") == 1 and kinds[-1] == "stdout", kinds
    assert sum(len(text) for k, text, _ in rec.events if k == "chart") <= executor.MAX_CHART_CHARS
    assert 1 <= kinds.count("chart") < 10


def test_a_loop_of_tiny_charts_stops_at_the_count_of_charts_with_one_notice():
    code = CHART.replace('print("before")', f"for _ in range({executor.MAX_CHARTS * 50}): pft.show(Chart())\nprint('before')")
    status, rec = run(code)
    kinds = [k for k, _, _ in rec.events]
    assert status == "ok" and kinds.count("chart") == executor.MAX_CHARTS and kinds.count("notice") == 1
    assert f"after {executor.MAX_CHARTS} of them" in next(t for k, t, _ in rec.events if k == "notice")


def test_a_run_that_replaces_the_functions_the_runner_restores_with_does_not_break_the_next():
    import os
    saved = os.chdir, sys.setrecursionlimit
    try:
        assert run("import os, sys\nos.chdir = None\nsys.setrecursionlimit = None\n")[0] == "ok"
        status, rec = run("print('next')")
        assert (status, rec.text("stdout"), rec.text("stderr")) == ("ok", "next\n", "")
    finally:
        os.chdir, sys.setrecursionlimit = saved


def test_an_exit_code_that_cannot_be_compared_or_shown_still_ends_the_run_as_an_error():
    status, rec = run("class E:\n    __eq__ = lambda s, o: 1 / 0\n    __hash__ = lambda s: 1\n    __str__ = __eq__\n"
                      "raise SystemExit(E())\n")
    assert status == "error" and "could not be shown" in rec.text("stderr")


def test_a_logging_handler_set_up_in_one_run_writes_into_the_next():
    """logging.basicConfig keeps the stderr of the run that called it; later runs must still show its lines."""
    import logging
    code = "import logging\nlogging.basicConfig(level=logging.INFO, format='%(message)s')\nlogging.info('logged')\n"
    saved = logging.root.handlers[:], logging.root.level
    logging.root.handlers.clear()  # as in a fresh interpreter (pytest's own capture is set up here)
    try:
        assert [run(code)[1].text("stderr") for _ in range(2)] == ["logged\n", "logged\n"]
    finally:
        logging.root.handlers[:], _ = saved
        logging.root.setLevel(saved[1])


def forget_pft() -> None:
    for name in [n for n in sys.modules if n.split(".")[0] == "pft"]:
        del sys.modules[name]


@pytest.mark.parametrize(("importing", "show"), [("import pft", "pft.show"), ("from pft.render.display import show", "show"),
                                                 ("import importlib\nshow = importlib.import_module('pft').show", "show")])
def test_charts_reach_the_page_however_the_run_first_imports_pft(importing, show):
    forget_pft()
    status, rec = run(CHART.replace("import pft", importing, 1).replace("pft.show", show))
    assert status == "ok" and [k for k, _, _ in rec.events] == ["stdout", "chart", "stdout"]
    assert not [f for f in sys.meta_path if isinstance(f, executor._AfterImport)], "the run left its import hook"


def test_only_a_run_that_imports_pft_loads_it_and_its_tracebacks_show_pfts_lines():
    # Importing pft afresh costs the browser's Python more than a short run: only runs that use it pay.
    forget_pft()
    assert run("print(1)")[1].text("stdout") == "1\n" and "pft" not in sys.modules
    status, rec = run("import pft\npft.set_chart_handler(3)")
    assert status == "error" and "raise TypeError" in rec.text("stderr") and "display.py" in rec.text("stderr")


def test_without_charts_the_placeholder_is_printed_as_in_a_terminal():
    status, rec = run(CHART, charts=False)
    assert status == "ok"
    assert rec.text("stdout") == "before\n[chart: Accuracy by shots]\nafter\n"


def test_a_tool_call_answers_keeps_its_module_and_leaves_pft_to_be_imported_afresh():
    import json

    forget_pft()
    request = json.dumps({"tool": "guide", "query": "test_set=yes", "source": "form"})
    first = json.loads(executor.call("pft.decision.page", "respond_json", request))
    assert first["query"] == "test_set=yes" and first["problems"] == {}
    assert not [n for n in sys.modules if n.split(".")[0] == "pft"], "a snippet after a call must import pft afresh"
    kept = executor._TOOLS["pft.decision.page"]
    executor.call("pft.decision.page", "respond_json", request)
    assert executor._TOOLS["pft.decision.page"] is kept
    with pytest.raises(ValueError, match="tool must be one of"):
        executor.call("pft.decision.page", "respond_json", json.dumps({"tool": "oracle"}))


def test_bytes_written_to_a_streams_buffer_show_as_text_in_that_stream():
    code = ("import sys\ne = 'é'.encode()\nsys.stdout.buffer.write(e[:1])\nsys.stdout.buffer.write(e[1:] + b'\\n')\n"
            "sys.stderr.buffer.write(b'err\\n')\nprint(sys.stdout.encoding)\n")
    status, rec = run(code)
    assert (status, rec.text("stdout"), rec.text("stderr")) == ("ok", "é\nutf-8\n", "err\n")


@pytest.mark.parametrize("write, error", [
    ("sys.stdout.write(123)", "TypeError: write() argument must be str, not int"),
    ("sys.stderr.write(b'x')", "TypeError: write() argument must be str, not bytes"),
    ("sys.stdout.buffer.write('x')", "TypeError: a bytes-like object is required, not 'str'"),
    ("sys.stdout.buffer.write(3)", "TypeError: a bytes-like object is required, not 'int'"),
])
def test_writing_the_wrong_type_to_a_stream_raises_cpythons_error_and_writes_nothing(write, error):
    status, rec = run(f"import sys\n{write}\n")
    assert status == "error" and rec.text("stderr").rstrip().endswith(error)
    assert rec.text("stdout") == ""


def test_a_warning_raised_as_the_failed_codes_frames_are_freed_shows_as_at_exit_not_at_a_runner_line():
    # As asyncio.run fails in the page: the coroutine handed to it is freed, never awaited.
    code = "async def main():\n    pass\n\ndef wait_for(coroutine):\n    1/0\n\nwait_for(main())\n"
    status, rec = run(code)
    stderr = rec.text("stderr")
    assert status == "error" and stderr.endswith("ZeroDivisionError: division by zero\n"
                                                 "sys:1: RuntimeWarning: coroutine 'main' was never awaited\n"), stderr


@pytest.mark.parametrize(("last", "stderr"), [("print('end')", ""), ("1/0", "ZeroDivisionError: division by zero\n")])
def test_what_an_object_prints_when_the_script_ends_shows_in_its_own_run(last, stderr):
    # Its class holds the script's names (through __del__'s globals): freed only by a later collection.
    code = f"class Farewell:\n    def __del__(self):\n        print('bye')\n\nkept = Farewell()\n{last}\n"
    status, rec = run(code)
    assert rec.events[-1] == ("stdout", "bye\n", "") and rec.text("stderr").endswith(stderr)
    gc.collect()
    _, rec = run("print('next')")
    assert rec.text("stdout") == "next\n"


def test_no_break_spaces_run_as_spaces_except_in_strings_and_comments():
    # As code copied from a web page has them: in the indentation, between tokens, in literals.
    nbsp = "\u00a0"
    code = (f"if True:\n{nbsp * 4}print(repr('a{nbsp}b'),{nbsp}1)  # c{nbsp}d\n"
            f"print(repr(f'{{1}}{nbsp}'), repr(\"\"\"x{nbsp}\n{nbsp}y\"\"\"))\n1/0\n")
    status, rec = run(code)
    assert rec.text("stdout") == "'a\\xa0b' 1\n'1\\xa0' 'x\\xa0\\n\\xa0y'\n"
    # Each no-break space became one space, so the traceback's line and caret stay where the editor shows them.
    assert status == "error" and rec.text("stderr").endswith("line 5, in <module>\n    1/0\n    ~^~\nZeroDivisionError: division by zero\n")


def test_a_run_cannot_change_where_the_next_imports_from_or_its_working_directory(tmp_path):
    import os

    cwd, path = os.getcwd(), list(sys.path)
    status, _ = run(f"import json, os, sys\nos.chdir({str(tmp_path)!r})\nsys.path[:] = []\nsys.meta_path[:] = []\n"
                    "sys.path_hooks.clear()\ndel sys.modules['json']\nsys.path = ['nowhere']\n")
    assert status == "ok"
    assert os.getcwd() == cwd and sys.path == path
    status, rec = run("import json, tomllib\nprint(json.dumps(1), 'json' in __import__('sys').modules)")
    assert (status, rec.text("stdout")) == ("ok", "1 True\n")


def test_a_file_a_run_writes_cannot_hide_the_sites_packages_but_stays_importable(tmp_path, monkeypatch):
    import json

    # As in the browser, where "" (the working directory) comes first on sys.path.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", ["", *sys.path])
    forget_pft()
    executor._TOOLS.clear()
    write = "open('pft.py', 'w').write('raise ImportError(\"not the site\\'s pft\")')\n"
    assert run(write + "open('helper_of_the_reader.py', 'w').write('X = 7')")[0] == "ok"
    status, rec = run("import pft, helper_of_the_reader\nprint(pft.__name__, helper_of_the_reader.X)")
    assert (status, rec.text("stdout")) == ("ok", "pft 7\n"), rec.events
    assert sys.path[0] == "", "the run's order of sys.path outlived it"
    request = json.dumps({"tool": "guide", "query": "test_set=yes", "source": "form"})
    assert json.loads(executor.call("pft.decision.page", "respond_json", request))["problems"] == {}
    assert sys.path[0] == ""


def test_a_run_cannot_change_the_builtins_or_recursion_limit_of_the_next():
    limit = sys.getrecursionlimit()  # before the run, which sets it to 60
    status, rec = run("import builtins, sys\nbuiltins.len = None\nbuiltins.extra = 1\nsys.setrecursionlimit(60)\n"
                      "raise ValueError('still reported')")
    assert status == "error" and "ValueError: still reported" in rec.text("stderr")
    status, rec = run("import sys\nprint(len([1]), hasattr(__builtins__, 'extra'), sys.getrecursionlimit())")
    assert rec.text("stdout") == f"1 False {limit}\n" and limit != 60


def test_a_run_cannot_change_the_modules_or_warning_filters_the_next_imports():
    status, rec = run("import math, json, random, warnings, xml.dom\nmath.pi = 3\ndel json.dumps\n"
                      "random.random = lambda: 0.5\nwarnings.simplefilter('error')\nimport xml.dom.minidom\n")
    assert status == "ok", rec.text("stderr")
    with pytest.warns(UserWarning, match="not an error"):
        status, rec = run("import math, json, random, warnings, xml.dom.minidom\nwarnings.warn('a warning, not an error')\n"
                          "print(math.pi, json.dumps([1]), random.random() != 0.5 or random.random() != 0.5,\n"
                          "      xml.dom.minidom.parseString('<a/>').documentElement.tagName)")
    # The expected value is written out: this process's math.pi is the very state the runner restores.
    assert (status, rec.text("stdout")) == ("ok", "3.141592653589793 [1] True a\n"), rec.text("stderr")


def test_a_signal_handler_a_run_sets_does_not_take_the_next_runs_interrupt():
    """Stop is a SIGINT: an earlier run's handler would print its text and let the loop go on."""
    # Python's own handler, as the page's Python has it (a shell that starts the suite in the
    # background makes it ignore SIGINT instead).
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert run("import signal\nsignal.signal(signal.SIGINT, lambda *_: print('caught by an earlier run'))")[0] == "ok"
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        status, rec = run("import signal\nsignal.raise_signal(signal.SIGINT)\nprint('went on')")
        assert (status, rec.text("stdout")) == ("interrupted", "") and "KeyboardInterrupt" in rec.text("stderr")
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.mark.parametrize("hook", ["setprofile", "settrace"])
def test_a_profile_or_trace_function_a_run_sets_does_not_outlive_it(hook):
    saved = sys.getprofile(), sys.gettrace()  # a coverage tool's, if one is on
    try:
        status, rec = run(f"import sys\nsys.{hook}(lambda frame, event, arg: print('hooked')"
                          " if frame.f_code.co_filename == '<snippet>' and event == 'call' else None)\n")
        assert status == "ok" and (sys.getprofile(), sys.gettrace()) == saved
        status, rec = run("def f():\n    pass\n\nf()\nprint('ran')")
        assert (status, rec.text("stdout")) == ("ok", "ran\n")
    finally:
        sys.setprofile(saved[0])
        sys.settrace(saved[1])


def test_a_run_that_changes_the_runner_itself_does_not_change_the_next(monkeypatch):
    # Given back to the rest of the session even where the runner does not.
    monkeypatch.setattr(executor._Sink, "write", executor._Sink.write)
    monkeypatch.setattr(executor, "_snippet_traceback", executor._snippet_traceback)
    status, _ = run("import executor\nexecutor._Sink.write = lambda *_: None\nexecutor._Sink.extra = 1\n"
                    "executor._snippet_traceback = lambda error: ''\n")
    assert status == "ok" and not hasattr(executor._Sink, "extra")
    status, rec = run("print('heard')\n1 / 0")
    assert (status, rec.text("stdout")) == ("error", "heard\n")
    assert rec.text("stderr").rstrip().endswith("ZeroDivisionError: division by zero")


def test_a_deep_recursion_formats_only_the_frames_its_traceback_shows(monkeypatch):
    formatted = []
    original = traceback.StackSummary.format_frame_summary
    monkeypatch.setattr(traceback.StackSummary, "format_frame_summary",
                        lambda self, frame, **kw: formatted.append(frame) or original(self, frame, **kw))
    code = "import sys\nsys.setrecursionlimit(20_000)\ndef f(n):\n    return f(n + 1)\n\nf(0)\n"
    status, rec = run(code)
    stderr = rec.text("stderr")
    assert status == "error" and stderr.rstrip().endswith("RecursionError: maximum recursion depth exceeded")
    repeated = re.search(r"\[Previous line repeated (\d+) more times\]", stderr)
    assert repeated and int(repeated.group(1)) > 19_000 and stderr.count('line 4, in f') == executor.SHOWN_REPEATS
    assert len(formatted) == 1 + executor.SHOWN_REPEATS


def test_an_error_message_longer_than_the_cap_is_cut_in_the_middle():
    status, rec = run("raise ValueError('z' * 300_000 + ' the end')", max_chars=1_000)
    stderr = rec.text("stderr")
    assert status == "error" and len(stderr) < 1_100
    assert stderr.startswith("Traceback") and "characters cut ...]" in stderr and stderr.endswith("the end\n")


def test_the_codes_atexit_functions_run_when_it_ends_last_first_and_only_in_that_run():
    import atexit

    registered_before = atexit._ncallbacks()
    code = ("import atexit\natexit.register(print, 'registered first, runs last')\n@atexit.register\n"
            "def bye():\n    print('bye')\natexit.register(lambda: 1 / 0)\nraise ValueError('the code failed')")
    status, rec = run(code)
    assert status == "error"
    stderr, stdout = rec.text("stderr"), rec.text("stdout")
    assert stderr.index("ValueError: the code failed") < stderr.index("Exception ignored in atexit callback <lambda>")
    assert "ZeroDivisionError" in stderr and stdout == "bye\nregistered first, runs last\n"
    assert run("print('next')")[1].text("stdout") == "next\n" and atexit._ncallbacks() == registered_before
    # Stop during one ends the run as interrupted; those still waiting are dropped, as Ctrl+C would.
    status, rec = run("import atexit\natexit.register(print, 'dropped')\natexit.register(lambda: exec('raise KeyboardInterrupt'))")
    assert status == "interrupted" and "dropped" not in rec.text("stdout")
    # What they change in the interpreter is undone, as what the code changes is.
    limit = sys.getrecursionlimit()
    run("import atexit, builtins, sys\natexit.register(sys.setrecursionlimit, 60)\n"
        "atexit.register(setattr, builtins, 'len', lambda x: 42)")
    assert run("import sys\nprint(len([1]), sys.getrecursionlimit())")[1].text("stdout") == f"1 {limit}\n"
