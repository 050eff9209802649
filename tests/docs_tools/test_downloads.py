"""The table of what the page's Python downloads (docs_tools/downloads.py)."""

from __future__ import annotations

import gzip
import json
import re

import build_assets
import downloads
from serve_site import Handler


def test_the_shipped_snapshot_is_the_one_the_assets_build_makes():
    assert downloads.SHIPPED_SNAPSHOT.name == build_assets.SHIPPED_SNAPSHOT


def test_what_hosts_compress_is_what_the_local_server_compresses():
    # The benchmarks and the page audit serve the site as hosts do; the table must count the same way.
    for suffix in [".js", ".mjs", ".json", ".wasm", ".zip", ".whl"]:
        assert (suffix in downloads.COMPRESSED_BY_HOSTS) == (suffix in Handler.COMPRESSIBLE), suffix


def test_the_table_lists_every_file_the_worker_fetches_with_its_size_as_sent(runner_assets):
    table = downloads.render()
    lock = json.loads((runner_assets / "pyodide-lock.json").read_text())
    names = re.findall(r"^\| `([^`]+)`", table, re.MULTILINE)
    assert names == ["worker.js", *downloads.RUNTIME, *sorted(p["file_name"] for p in lock["packages"].values()),
                     downloads.SHIPPED_SNAPSHOT.name]
    files = {f.path.name: f for f in downloads.downloads()}
    wasm = runner_assets / "pyodide.asm.wasm"
    assert files[wasm.name].sent == len(gzip.compress(wasm.read_bytes(), compresslevel=6, mtime=0)) < wasm.stat().st_size
    stdlib = files["python_stdlib.zip"]
    assert stdlib.sent == stdlib.stored
    total = sum(f.sent for f in files.values()) / 1e6
    assert re.search(rf"\*\*In all\*\* \| \*\*{total:.1f} MB\*\*", table)
