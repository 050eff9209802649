"""The peer that scripts/bench_runner.py times beside our runner: a page of markdown-exec's `pyodide` fence.

markdown-exec (`PEER`, pinned) is only for this benchmark, so it is not in the site's requirements:
it goes into a venv of its own in a cache outside the project (`CACHE`), with the site's pins of mkdocs and
mkdocs-material (from requirements.txt). Its page is built with the Pyodide version the site ships
(the fence's `version`). The page loads Pyodide, the Ace editor and highlight.js from public CDNs; here
every such address is rewritten to a path of the peer's own local origin that mirrors it, and the
files behind those paths are local copies: Pyodide from node_modules/pyodide, the editor and
highlighter from the npm packages of the versions the page names (installed into the same cache; a
`.min.css` that the CDN minifies on the fly is served unminified), and micropip, which the page
loads at start, from PyPI: Pyodide's lock lists its own build of that micropip version, so the
peer's copy of the lock names the PyPI wheel's sha256 instead. `peer_visit` times a reader's visit.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from chromium import RUN_TIMEOUT_MS, Network, emulate

ROOT = Path(__file__).resolve().parent.parent
# Outside the project: the peer's own files name the CDN hosts its page loads from, and nothing of
# the project may.
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pft-bench-peer"
PEER = "markdown-exec==1.12.6"
# Addresses of the files the fence's page loads from other origins, known by their path's shape (a
# library's folder, an npm package, Pyodide); each is mirrored under /cdn/<host>/ of the peer's origin.
CDN = re.compile(r"https://([^/\"' ]+)/((?:ajax/libs|npm|pyodide)/[^\"' )]+)")
PAGE = """# Peer

```pyodide version="{version}"
print(1)
```
"""
# The peer's page: click Run as soon as it works (the page gives it a handler once Pyodide has started;
# polled every 10 ms) and resolve with the milliseconds from that click, and from navigation, to the output.
PEER_OUTPUT_JS = """() => new Promise((resolve, reject) => {
    const output = document.querySelector('.pyodide-output');
    const run = document.querySelector('.pyodide [id$="run"]');
    let clicked = null;
    const tick = setInterval(() => {
        if (clicked === null && run.onclick) {
            output.textContent = '';
            clicked = performance.now();
            run.click();
        } else if (clicked !== null && output.textContent.trim() === '1') {
            clearInterval(tick);
            resolve([performance.now() - clicked, performance.now()]);
        }
    }, 10);
    setTimeout(() => reject(new Error('no output within 180 s: ' + output.textContent)), 180000);
})"""
CONFIG = """site_name: peer
theme:
  name: material
  font: false
plugins:
  - markdown-exec
markdown_extensions:
  - pymdownx.superfences
"""


def site_pins(*names: str) -> list[str]:
    """The site's pins (requirements.txt) of `names`."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if line.split("==")[0].lower() in names]
    assert len(pins) == len(names), f"requirements.txt pins {pins}, not all of {names}"
    return pins


def shipped_pyodide() -> str:
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]


def venv() -> Path:
    """CACHE/venv with markdown-exec and the site's mkdocs; its bin folder."""
    packages = [PEER, *site_pins("mkdocs", "mkdocs-material")]
    folder = CACHE / "venv"
    stamp = folder / "installed.txt"
    if not (stamp.is_file() and stamp.read_text() == "\n".join(packages)):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(folder / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", *packages], check=True)
        stamp.write_text("\n".join(packages))
    return folder / "bin"


def npm_packages(specs: list[str]) -> Path:
    """The npm packages `specs` (name@version) installed under CACHE/npm; its node_modules."""
    folder = CACHE / "npm"
    stamp = folder / "installed.txt"
    if not (stamp.is_file() and stamp.read_text() == "\n".join(specs)):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(folder), *specs],
                       check=True, capture_output=True)
        stamp.write_text("\n".join(specs))
    return folder / "node_modules"


def micropip_wheel(lock: dict) -> Path:
    """The PyPI wheel of the micropip version Pyodide's lock names."""
    entry = lock["packages"]["micropip"]
    folder = CACHE / "wheels"
    wheel = folder / entry["file_name"]
    if not wheel.is_file():
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                        f"micropip=={entry['version']}", "-d", str(folder)], check=True)
    return wheel


def npm_source(path: str) -> tuple[str, str]:
    """The npm package (name@version) and the file in it behind a CDN path other than Pyodide's."""
    if path.startswith("ajax/libs/"):
        library, version, file = re.fullmatch(r"ajax/libs/([^/]+)/([^/]+)/(.+)", path).groups()
        package, folder = {"ace": ("ace-builds", "src-min-noconflict/"), "highlight.js": ("@highlightjs/cdn-assets", "")}[library]
        return f"{package}@{version}", folder + file
    package, file = re.fullmatch(r"npm/((?:@[^/]+/)?[^/@]+@[^/]+)/(.+)", path).groups()
    return package, file


def mirror(out: Path, addresses: set[tuple[str, str]]) -> None:
    """Copy what the page's CDN addresses (and the files they load) name under out/cdn/<host>/<path>."""
    pyodide = ROOT / "node_modules" / "pyodide"
    specs = sorted({npm_source(path)[0] for _, path in addresses if not path.startswith("pyodide/")})
    modules = npm_packages(specs)
    for host, path in addresses:
        target = out / "cdn" / host / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.startswith("pyodide/"):
            lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
            wheel = micropip_wheel(lock)
            lock["packages"]["micropip"]["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
            shutil.copytree(pyodide, target.parent, dirs_exist_ok=True)
            (target.parent / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
            shutil.copy(wheel, target.parent / wheel.name)
            continue
        spec, file = npm_source(path)
        package = modules / spec.rsplit("@", 1)[0]
        source = package / file
        if not source.is_file() and file.endswith(".min.css"):
            source = package / file.replace(".min.css", ".css")
        if file.startswith("src-min-noconflict/"):
            # Ace loads its modes and themes from beside ace.js.
            shutil.copytree(source.parent, target.parent, dirs_exist_ok=True)
        shutil.copy(source, target)


def build_peer(out: Path) -> str:
    """Build the peer's page into `out` with its CDN files mirrored there; its site path."""
    bin_dir = venv()
    project = CACHE / "project"
    (project / "docs").mkdir(parents=True, exist_ok=True)
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (project / "docs" / "index.md").write_text(PAGE.format(version=shipped_pyodide()), encoding="utf-8")
    subprocess.run([str(bin_dir / "mkdocs"), "build", "-q", "--site-dir", str(out)], cwd=project, check=True,
                   env={"NO_MKDOCS_2_WARNING": "1", "PATH": f"{bin_dir}:/usr/bin:/bin"})
    page = out / "index.html"
    html = page.read_text(encoding="utf-8")
    addresses = set(CDN.findall(html))
    assert any(path.startswith(f"pyodide/v{shipped_pyodide()}/") for _, path in addresses), "the peer page loads no Pyodide"
    mirror(out, addresses)
    page.write_text(CDN.sub(r"/cdn/\1/\2", html), encoding="utf-8")
    return ""


def peer_visit(browser, peer_origin: str, network: Network, warm_rounds: int = 0) -> dict[str, float]:
    """A first visit of the peer's page: milliseconds from navigation to print(1)'s output, Run being
    clicked until it works; with `warm_rounds`, then the median click to output of that many more runs."""
    context = browser.new_context()
    page = context.new_page()
    emulate(page, network)
    page.goto(f"{peer_origin}/", wait_until="commit")
    page.wait_for_selector(".pyodide-output", state="attached", timeout=RUN_TIMEOUT_MS)
    _, since_navigation = page.evaluate(PEER_OUTPUT_JS)
    warm = [page.evaluate(PEER_OUTPUT_JS)[0] for _ in range(warm_rounds)]
    context.close()
    return {"first": since_navigation, "warm": statistics.median(warm) if warm else float("nan")}
