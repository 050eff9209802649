"""Every snippet, run by the executor the build and the browser use, prints exactly its snapshot.

The snapshot (tests/snapshots/<page>/<concept>.txt, mirroring snippets/<page>/<concept>.py) is
the one checked home of a snippet's output, charts as their placeholder lines. After an
intended change: `make snapshots`, then review the diff.
"""

from __future__ import annotations

import pytest

import executor
from conftest import ROOT, SNAPSHOTS, SNIPPETS, snippet_files


@pytest.mark.parametrize("path", snippet_files(), ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_snippet_output_matches_snapshot(path, request):
    outcome = executor.run_file(path, charts=False, cwd=ROOT)
    name = path.relative_to(SNIPPETS).as_posix()
    assert outcome.status == "ok", f"{name} ended with {outcome.status}:\n{outcome.text('stderr')}"
    assert not outcome.text("stderr") and not outcome.text("notice"), f"{name} wrote to stderr or hit the output cap"
    output = outcome.text("stdout")
    snapshot = SNAPSHOTS / path.relative_to(SNIPPETS).with_suffix(".txt")
    if request.config.getoption("--update-snapshots"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(output, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot for {name}: run `make snapshots`"
    assert output == snapshot.read_text(encoding="utf-8")


def test_every_snapshot_has_its_snippet():
    orphans = [s for s in SNAPSHOTS.rglob("*.txt") if not (SNIPPETS / s.relative_to(SNAPSHOTS)).with_suffix(".py").exists()]
    assert not orphans, f"snapshots without a snippet: {orphans}"
