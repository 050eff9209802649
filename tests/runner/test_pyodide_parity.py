"""Every snippet prints under Pyodide (in Node) exactly what it prints under CPython.

One Node process boots Pyodide once from the npm package, with the site's own
pyodide-lock.json and wheels, and runs every snippet through the browser runner's
glue and runtime module (runner/node/run_snippets.mjs), charts as placeholders.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, SNAPSHOTS, SNIPPETS, snippet_files
import executor

pytestmark = pytest.mark.pyodide
NODE = shutil.which("node")
PROBE = "<probe>"
# What the page's Python does differently from CPython's, through the executor: name -> code.
PAGE_ONLY = {
    # Its /dev/tty gives nothing: getpass must ask as input() does (here, with no page, it says why it cannot).
    "<getpass>": "import getpass\ngetpass.getpass('Key? ')",
    # Its ssl module has no TLS: an https address fails before connecting, and gets the network note.
    "<https>": "import urllib.request\nurllib.request.urlopen('https://example.com/')",
    # It runs in a worker, with no window to open a tab from.
    "<webbrowser>": "import webbrowser\nwebbrowser.open('https://example.com/')",
}


@pytest.fixture(scope="module")
def pyodide_results(runner_assets) -> dict[str, dict]:
    assert NODE, "node is needed to run the Pyodide parity test"
    snippets = [{"name": p.relative_to(SNIPPETS).as_posix(), "code": p.read_text(encoding="utf-8")} for p in snippet_files()]
    snippets.append({"name": PROBE, "code": "import sys, pft\nprint(sys.platform, pft.__file__)"})
    snippets += [{"name": name, "code": code} for name, code in PAGE_ONLY.items()]
    proc = subprocess.run(
        [NODE, str(ROOT / "runner" / "node" / "run_snippets.mjs"), str(runner_assets)],
        input=json.dumps(snippets), capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return {result["name"]: result for result in json.loads(proc.stdout)}


@pytest.mark.parametrize("path", snippet_files(), ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_snippet_prints_the_same_under_pyodide(path, pyodide_results):
    result = pyodide_results[path.relative_to(SNIPPETS).as_posix()]
    assert result["status"] == "ok", result["stderr"]
    assert result["stderr"] == "" and result["notices"] == []
    snapshot = SNAPSHOTS / path.relative_to(SNIPPETS).with_suffix(".txt")
    assert snapshot.exists(), f"no snapshot for {path.name}: run `make snapshots`"
    assert result["stdout"] == snapshot.read_text(encoding="utf-8")


def test_the_runtime_really_is_pyodide_with_our_wheel(pyodide_results, runner_assets):
    platform, location = pyodide_results[PROBE]["stdout"].split()
    assert platform == "emscripten" and "site-packages/pft/" in location
    lock = json.loads((runner_assets / "pyodide-lock.json").read_text())
    assert lock["info"]["platform"].startswith("emscripten")
    assert {"pft", "pygal"} <= set(lock["packages"])
    assert all(pkg["sha256"] for pkg in lock["packages"].values())


def test_getpass_asks_as_input_does_and_https_and_webbrowser_get_a_note(pyodide_results):
    asked = pyodide_results["<getpass>"]
    assert "Key? " in asked["stderr"] and "may be echoed" in asked["stderr"], asked["stderr"]
    assert executor.NO_INPUT in asked["stderr"]  # with no page to ask in, as input() says
    assert pyodide_results["<https>"]["notices"] == [executor.NO_NETWORK]
    assert pyodide_results["<webbrowser>"]["notices"] == [executor.NO_WINDOW]
