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
# The build's modules, the runner's executor and the scripts (chromium, serve_site), importable by name.
sys.path[:0] = [str(ROOT / "docs_tools"), str(ROOT / "runner" / "py"), str(ROOT / "scripts")]


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


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, one per test module, driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    import chromium

    with sync_api.sync_playwright() as p:
        launched = chromium.launch(p)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def origin(built_site):
    """The built site served on 127.0.0.1 with the headers of its `_headers` file (CSP, COOP/COEP)."""
    from serve_site import serve

    server = serve(built_site.dir)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
