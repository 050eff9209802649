"""The Python glue of the in-browser runner (runner/py/executor.py), run under CPython."""

from __future__ import annotations

import sys

import pytest

import executor


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
    before = sys.stdout, sys.stderr, sys.stdin
    run("print('x')\n1/0")
    assert (sys.stdout, sys.stderr, sys.stdin) == before


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


def test_output_beyond_the_line_cap_ends_at_a_whole_line():
    status, rec = run("print('a\\nb')\nfor i in range(5000):\n    print(i)\nprint('done', 7)", max_lines=50)
    assert status == "ok"
    assert rec.text("stdout") == "a\nb\n" + "".join(f"{i}\n" for i in range(48))
    assert [t for k, t, _ in rec.events if k == "notice"] == ["Output cut after 50 lines; the code kept running."]


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


def test_input_explains_itself_at_the_calling_line():
    status, rec = run("name = 'x'\nname = input('Your name? ')\n")
    assert status == "error"
    assert 'line 2' in rec.text("stderr")
    assert executor.NO_INPUT in rec.text("stderr")
    assert input is not executor._no_input


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


def test_without_charts_the_placeholder_is_printed_as_in_a_terminal():
    status, rec = run(CHART, charts=False)
    assert status == "ok"
    assert rec.text("stdout") == "before\n[chart: Accuracy by shots]\nafter\n"
