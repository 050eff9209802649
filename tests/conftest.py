from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
SNAPSHOTS = ROOT / "tests" / "snapshots"
MKDOCS = Path(sys.executable).with_name("mkdocs")


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", help="rewrite tests/snapshots from the snippets")


def snippet_files() -> list[Path]:
    return sorted(SNIPPETS.rglob("*.py"))


class Built:
    """The site built once for the whole session, with what mkdocs printed."""

    def __init__(self, directory: Path, log: str):
        self.dir = directory
        self.log = log

    def pages(self) -> list[Path]:
        return sorted(self.dir.rglob("*.html"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, runner_assets) -> Built:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    return Built(out, log)


@pytest.fixture(scope="session")
def runner_assets() -> Path:
    """The runner's browser assets in docs/assets/, rebuilt if any input changed (see scripts/build_assets.py)."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_assets.py")], cwd=ROOT, check=True, capture_output=True)
    return ROOT / "docs" / "assets" / "vendor" / "pyodide"
