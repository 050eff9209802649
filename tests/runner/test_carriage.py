"""Carriage returns in text output: the build (docs_tools/output.py, by the rule in
runner/py/executor.py) and the browser (runner/src/carriage.js, applied as text arrives in
pieces) show the same text, and the output cap counts that text."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from conftest import ROOT
from executor import Event, apply_carriage_returns
from output import render

CARRIAGE_JS = ROOT / "runner" / "src" / "carriage.js"
@pytest.mark.parametrize(("text", "shown"), [
    ("plain\n", "plain\n"),
    ("\r0%\r50%\r100%\ndone\n", "100%\ndone\n"),
    ("a\r\nb\r\n", "a\nb\n"),
    ("abc\r", "abc"),
    ("abc\r\rxy\n", "xyc\n"),
    ("abc\r\n\rd", "abc\nd"),
    ("abcdef\rXY\n", "XYcdef\n"),
    ("abcdef\rXY\rZ", "ZYcdef"),
    ("loading...\rdone\n", "doneing...\n"),
])
def test_a_carriage_return_writes_over_its_line_from_the_start_as_in_a_terminal(text, shown):
    assert apply_carriage_returns(text) == shown
    assert render([Event("stdout", text)]) == render([Event("stdout", shown)])


def pieces(rng: random.Random) -> list[str]:
    text = "".join(rng.choice("ab\r\n") for _ in range(rng.randrange(0, 24)))
    cuts = sorted(rng.sample(range(len(text) + 1), k=min(3, len(text) + 1)))
    return [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)])]


def test_the_browser_shows_what_the_build_shows_however_the_text_is_cut():
    node = shutil.which("node")
    assert node, "node is needed to run the browser's carriage-return rule"
    rng = random.Random(0)
    cases = [pieces(rng) for _ in range(400)]
    script = (
        f"import {{ appendOutput }} from {json.dumps(CARRIAGE_JS.as_uri())};\n"
        "import { readFileSync } from 'node:fs';\n"
        "const shown = JSON.parse(readFileSync(0, 'utf8')).map((parts) => {\n"
        "  const node = { data: '', appendData(text) { this.data += text; } };\n"
        "  for (const text of parts) appendOutput(node, text);\n"
        "  return node.data;\n"
        "});\n"
        "process.stdout.write(JSON.stringify(shown));\n"
    )
    result = subprocess.run([node, "--input-type=module", "-e", script], input=json.dumps(cases),
                            capture_output=True, text=True, check=True)
    browser = json.loads(result.stdout)
    build = [apply_carriage_returns("".join(parts)) for parts in cases]
    mismatches = [(parts, b, w) for parts, b, w in zip(cases, build, browser) if b != w]
    assert not mismatches, f"{len(mismatches)} differ, first: {mismatches[0]}"


def test_the_output_cap_counts_the_text_the_rule_shows():
    from executor import _Sink

    rng = random.Random(7)
    for _ in range(2000):
        sink, written = _Sink(lambda *event: None, 10**9, 10**9), ""
        for _ in range(rng.randint(1, 8)):
            piece = "".join(rng.choice("ab\r\n") for _ in range(rng.randint(0, 6)))
            sink.write("stdout", piece)
            written += piece
        assert sink.total == len(apply_carriage_returns(written).removesuffix("\r")), repr(written)


def test_a_line_sent_later_or_in_fewer_pieces_shows_the_same_text(monkeypatch):
    """A redraw that waits for `REDRAW_INTERVAL_S` waits as its latest state only, which the page
    shows as it would have shown every redraw before it."""
    import itertools

    import executor

    clock = itertools.count(step=executor.REDRAW_INTERVAL_S / 3)  # every third flush is due
    monkeypatch.setattr(executor, "_CLOCK", lambda: next(clock))
    rng = random.Random(11)
    for _ in range(2000):
        sent, written = [], ""
        sink = executor._Sink(lambda kind, text, title: sent.append(text), 10**9, 10**9, size=rng.randint(1, 8))
        for _ in range(rng.randint(1, 8)):
            piece = "".join(rng.choice("ab\r\n") for _ in range(rng.randint(0, 6)))
            sink.write("stdout", piece)
            written += piece
            if rng.random() < 0.5:
                sink.update()
        sink.flush()
        assert apply_carriage_returns("".join(sent)) == apply_carriage_returns(written), repr(written)
