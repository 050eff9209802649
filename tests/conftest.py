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


class WatchedBrowser:
    """A Playwright browser that records every uncaught error of every page it opens, so that the
    test during which a page throws fails, whatever else that test checks."""

    def __init__(self, browser):
        self._browser = browser
        self.page_errors: list[str] = []

    def watch(self, context):
        context.on("weberror", lambda error: self.page_errors.append(f"{error.page and error.page.url}: {error.error}"))
        return context

    def new_context(self, **options):
        return self.watch(self._browser.new_context(**options))

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        self.watch(page.context)
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, one per test module, driven by Playwright, its pages' errors recorded."""
    sync_api = pytest.importorskip("playwright.sync_api")
    import chromium

    with sync_api.sync_playwright() as p:
        launched = chromium.launch(p)
        yield WatchedBrowser(launched)
        launched.close()


@pytest.fixture(autouse=True)
def no_uncaught_page_error(request):
    """A test that opens pages fails if one of them threw an error nothing caught while it ran, unless
    the test causes that error on purpose and says so (``@pytest.mark.allow_page_errors("part of it")``)."""
    if "browser" not in request.fixturenames:
        yield
        return
    watched = request.getfixturevalue("browser")
    before = len(watched.page_errors)
    yield
    marker = request.node.get_closest_marker("allow_page_errors")
    allowed = marker.args if marker else ()
    thrown = [error for error in watched.page_errors[before:] if not any(part in error for part in allowed)]
    assert not thrown, "uncaught errors in the page:\n" + "\n".join(thrown)


@pytest.fixture(scope="module")
def origin(built_site):
    """The built site served on 127.0.0.1 with the headers of its `_headers` file (CSP, COOP/COEP)."""
    from serve_site import serve

    server = serve(built_site.dir)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
