"""What the page's Python downloads when it first starts, with sizes measured from this build's files.

The `runtime-downloads` placeholder renders it on "Running the examples": every file of
docs/assets/ (made by scripts/build_assets.py) that the runner's worker fetches, what it is, and
its size as a static host sends it: gzip-compressed if it is text or WebAssembly, which hosts
compress (`COMPRESSED_BY_HOSTS`), as stored if it is an archive (the standard library, the wheels,
and the snapshot of Python's memory that only a first visit on a fast connection fetches).
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

import fence

__all__ = ["COMPRESSED_BY_HOSTS", "RUNNER", "SHIPPED_SNAPSHOT", "VENDOR", "Download", "downloads", "render"]

VENDOR = fence.ROOT / "docs" / "assets" / "vendor" / "pyodide"
RUNNER = fence.ROOT / "docs" / "assets" / "runner"
COMPRESSED_BY_HOSTS = (".js", ".mjs", ".json", ".wasm")
# Made by scripts/build_assets.py (its SHIPPED_SNAPSHOT), already gzip-compressed.
SHIPPED_SNAPSHOT = VENDOR / "python-snapshot.gz"
# Pyodide's own files, in the order the worker fetches them.
RUNTIME = {
    "pyodide.mjs": "Pyodide's loader",
    "pyodide.asm.mjs": "Pyodide's JavaScript half",
    "pyodide.asm.wasm": "CPython compiled to WebAssembly",
    "python_stdlib.zip": "Python's standard library",
    "pyodide-lock.json": "the packages this site ships, each with its sha256",
}


class Download:
    """One file the worker fetches: its path under docs/assets/, what it is, and its sizes in bytes."""

    def __init__(self, path: Path, role: str):
        self.path, self.role = path, role
        self.stored = path.stat().st_size
        self.sent = _gzipped_size(path, path.stat().st_mtime_ns) if path.suffix in COMPRESSED_BY_HOSTS else self.stored


@cache
def _gzipped_size(path: Path, mtime_ns: int) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def downloads() -> list[Download]:
    """The runner's worker, Pyodide's files, and every wheel of the site's lock."""
    missing = [name for name in RUNTIME if not (VENDOR / name).is_file()] + [
        str(p) for p in [RUNNER / "worker.js"] if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"the runner's assets are not built ({', '.join(missing)}): run scripts/build_assets.py")
    files = [Download(RUNNER / "worker.js", "the runner's worker, which runs Python beside the page")]
    files += [Download(VENDOR / name, role) for name, role in RUNTIME.items()]
    lock = json.loads((VENDOR / "pyodide-lock.json").read_text(encoding="utf-8"))
    for package in sorted(lock["packages"].values(), key=lambda p: p["name"]):
        files.append(Download(VENDOR / package["file_name"], f"the package `{package['name']}` {package['version']}"))
    return files


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def render(_argument: str = "", _page: str = "", _data: object = None) -> str:
    """A Markdown table of `downloads()` and their total."""
    files = downloads()
    # No column alignment: Markdown writes it as a style attribute, which the site's policy blocks.
    rows = ["| File | What it is | Size as sent |", "| --- | --- | --- |"]
    rows += [f"| `{f.path.name}` | {f.role} | {_size(f.sent)} |" for f in files]
    rows.append(f"| | **In all** | **{_size(sum(f.sent for f in files))}** |")
    if SHIPPED_SNAPSHOT.is_file():
        snapshot = Download(SHIPPED_SNAPSHOT, "only on a first visit over a fast connection: Python as it is once started")
        rows.append(f"| `{snapshot.path.name}` | {snapshot.role} | {_size(snapshot.sent)} |")
    return "\n".join(rows)
