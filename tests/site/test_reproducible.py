"""Two builds of the same commit produce the same files.

The only fields allowed to differ are those that record when the build ran (set
SOURCE_DATE_EPOCH, as `make build` does, and even those agree):
- sitemap.xml: each <lastmod>;
- sitemap.xml.gz: the gzip header's timestamp (and the lastmod inside).
Both builds copy the runner's assets that scripts/build_assets.py made once, among them the memory
snapshot the site ships (assets/vendor/pyodide/python-snapshot.gz); that a second making of it gives
the same bytes is tested in tests/runner/test_snapshot_boot.py.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess

from conftest import MKDOCS, ROOT

LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def normalised(path) -> bytes:
    data = path.read_bytes()
    if path.name == "sitemap.xml.gz":
        data = gzip.decompress(data)
    if path.name.startswith("sitemap.xml"):
        data = LASTMOD.sub(b"<lastmod/>", data)
    return data


def test_two_builds_are_identical_but_for_the_build_date(built_site, tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "86400"}
    subprocess.run([str(MKDOCS), "build", "--strict", "-q", "--site-dir", str(tmp_path)], cwd=ROOT, env=env, check=True)
    first = {p.relative_to(built_site.dir) for p in built_site.dir.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second, f"files only in one build: {sorted(first ^ second)[:10]}"
    differing = [str(rel) for rel in sorted(first) if normalised(built_site.dir / rel) != normalised(tmp_path / rel)]
    assert not differing, f"files that differ between two builds: {differing[:10]}"
