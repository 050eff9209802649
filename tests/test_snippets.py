"""Every snippet runs as a script under CPython and prints exactly its snapshot.

The snapshot (tests/snapshots/<page>/<concept>.txt) is the one checked home of a
snippet's output. After an intended change: `make snapshots`, then review the diff.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, SNAPSHOTS, SNIPPETS, snippet_files


def run_script(path) -> str:
    proc = subprocess.run([sys.executable, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, f"{path.relative_to(ROOT)} failed:\n{proc.stderr}"
    assert not proc.stderr, f"{path.relative_to(ROOT)} wrote to stderr:\n{proc.stderr}"
    return proc.stdout


@pytest.mark.parametrize("path", snippet_files(), ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_snippet_output_matches_snapshot(path, request):
    output = run_script(path)
    snapshot = SNAPSHOTS / path.relative_to(SNIPPETS).with_suffix(".txt")
    if request.config.getoption("--update-snapshots"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(output, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot for {path.name}: run `make snapshots`"
    assert output == snapshot.read_text(encoding="utf-8")


def test_every_snapshot_has_its_snippet():
    orphans = [s for s in SNAPSHOTS.rglob("*.txt") if not (SNIPPETS / s.relative_to(SNAPSHOTS)).with_suffix(".py").exists()]
    assert not orphans, f"snapshots without a snippet: {orphans}"
