"""Build the browser assets of the in-page runner into docs/assets/ (both gitignored).

- docs/assets/vendor/pyodide/: the Pyodide runtime files from the npm package (with two edits,
  `CDN_DEFAULT` and `SIGNAL_TAKE`), our wheel (built from src/pft as it is now), the
  pure-Python dependencies at the pins of requirements.txt, and a site-specific
  pyodide-lock.json made by pyodide-build's `pyodide lockfile add-wheels`, trimmed to what
  the site ships, so the browser loads each package by name and checks its sha256.
- docs/assets/vendor/pyodide/python-snapshot.gz: the memory snapshot of Python the site ships for
  first visits on fast connections, made by runner/node/make_snapshot.mjs (`shipped_snapshot`).
- docs/assets/runner/: the runner's UI, worker and styles, bundled by esbuild; the worker
  carries the key of this build's Python memory snapshots (`snapshot_key`) and the shipped
  snapshot's name, size and sha256.

Does nothing when none of its inputs changed since the last build. Other builds and test
runs may read docs/assets/ meanwhile, so the assets are made in build/ and then synced in:
unchanged files are left alone and changed ones replaced atomically.
Usage: python scripts/build_assets.py [--force]
"""

from __future__ import annotations

import fcntl
import filecmp
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
ASSETS = ROOT / "docs" / "assets"
STAGING = ROOT / "build" / "assets"
VENDOR = STAGING / "vendor" / "pyodide"
RUNNER_OUT = STAGING / "runner"
OUTPUTS = ["vendor/pyodide", "runner"]
WHEEL_CACHE = ROOT / "build" / "wheel-cache"
SNAPSHOT_CACHE = ROOT / "build" / "snapshot-cache"
LOCK = ROOT / "build" / ".assets.lock"
STAMP = ASSETS / "vendor" / ".assets-stamp"
RUNTIME_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
SHIPPED_SNAPSHOT = "python-snapshot.gz"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


def inputs_digest() -> str:
    """A hash of every file the assets are made from."""
    files = [ROOT / "pyproject.toml", ROOT / "requirements.txt", ROOT / "package-lock.json", Path(__file__),
             ROOT / "docs_tools" / "csp.py"]
    files += sorted(p for p in (ROOT / "src" / "pft").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    files += sorted(p for p in (ROOT / "runner").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def dependency_pins() -> list[str]:
    """`name==version` for each dependency of our package, at the exact pin of requirements.txt."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = [re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", dep).group()).lower() for dep in deps]
    return [f"{name}=={pins[name]}" for name in names]


def build_wheel(out: Path) -> Path:
    """Our wheel, its bytes set by its files alone: without ``SOURCE_DATE_EPOCH`` (the last commit's
    date in `make`) hatchling dates every file the same fixed day. With the commit's date, every
    commit, a docs-only one too, would give a new wheel and with it a new snapshot key, and each
    deploy would make readers' browsers drop the Python they keep and fetch it again."""
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT, check=True, capture_output=True, env=env,
    )
    return next(out.glob("pft-*.whl"))


def dependency_wheels() -> list[Path]:
    wheels = []
    for pin in dependency_pins():
        name, version = pin.split("==")
        pattern = f"{name.replace('-', '_')}-{version}-*.whl"
        found = sorted(WHEEL_CACHE.glob(pattern))
        if not found:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                 "--only-binary=:all:", "--dest", str(WHEEL_CACHE), pin],
                check=True,
            )
            found = sorted(WHEEL_CACHE.glob(pattern))
        assert found, f"pip downloaded no wheel named {pattern}"
        wheels.append(found[0])
    return wheels


def site_lock(wheels: list[Path]) -> dict:
    """The npm package's lock plus our wheels, trimmed to our wheels and what they depend on."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pyodide-lock.json"
        subprocess.run(
            [str(BIN / "pyodide"), "lockfile", "add-wheels", "--input", str(NPM_PYODIDE / "pyodide-lock.json"),
             "--output", str(out), "--base-path", str(VENDOR), *map(str, wheels)],
            check=True, capture_output=True,
        )
        lock = json.loads(out.read_text())
    added = {name for name, pkg in lock["packages"].items() if pkg["file_name"] in {w.name for w in wheels}}
    keep, todo = set(), list(added)
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo += lock["packages"][name]["depends"]
    lock["packages"] = {name: lock["packages"][name] for name in sorted(keep)}
    missing = [p["file_name"] for p in lock["packages"].values() if not (VENDOR / p["file_name"]).exists()]
    assert not missing, f"the site lock names wheels the site does not ship: {missing}"
    return lock


def package_facts(wheel: Path) -> list[str]:
    """esbuild defines for what the page says about installing our package: its wheel and Python."""
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires.startswith(">=") and "," not in requires, f"say how to describe requires-python {requires!r}"
    return [f"--define:PFT_WHEEL={json.dumps(wheel.name)}", f"--define:PFT_REQUIRES_PYTHON={json.dumps(requires[2:] + ' or newer')}"]


def snapshot_key() -> str:
    """What a memory snapshot of the browser's Python depends on: Pyodide's files, the site lock
    (with every wheel's sha256) and the runner's sources. The worker uses a snapshot only under
    the key of its own build (runner/src/snapshot.js)."""
    files = [VENDOR / name for name in [*RUNTIME_FILES, "pyodide-lock.json"]]
    files += sorted(p for p in (ROOT / "runner").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def make_snapshot(vendor: Path, key: str) -> bytes:
    """A memory snapshot of Python booted from the assets in `vendor`, marked with `key`, made by
    runner/node/make_snapshot.mjs; the same bytes every time for the same files."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "snapshot"
        subprocess.run(
            ["node", "--import", str(ROOT / "runner" / "node" / "text_py.mjs"), str(ROOT / "runner" / "node" / "make_snapshot.mjs"),
             str(vendor), key, str(out)],
            check=True, env={**os.environ, "TZ": "UTC"},
        )
        return out.read_bytes()


def shipped_snapshot() -> dict:
    """Put the shipped snapshot into VENDOR, gzip-compressed (reproducibly), and return what the worker
    checks it by: its file name, its size as shipped, and the sha256 of the snapshot itself.

    Making one takes 15 to 50 s, so the last one made is kept in SNAPSHOT_CACHE under its key and
    reused while the key is the same (a change to the docs or the page's scripts alone leaves it)."""
    key = snapshot_key()
    cached, facts = SNAPSHOT_CACHE / f"{key}.gz", SNAPSHOT_CACHE / f"{key}.sha256"
    if not (cached.is_file() and facts.is_file()):
        snapshot = make_snapshot(VENDOR, key)
        shutil.rmtree(SNAPSHOT_CACHE, ignore_errors=True)
        SNAPSHOT_CACHE.mkdir(parents=True)
        cached.write_bytes(gzip.compress(snapshot, compresslevel=9, mtime=0))
        facts.write_text(hashlib.sha256(snapshot).hexdigest())
    shipped = VENDOR / SHIPPED_SNAPSHOT
    shutil.copy2(cached, shipped)
    return {"file": shipped.name, "bytes": shipped.stat().st_size, "sha256": facts.read_text()}


def chart_style() -> str:
    """esbuild define for the stylesheet pft.render's charts carry, which runner/src/svg.js lets run as it is.
    Imported here, not at the top: an up-to-date `make` would pay for importing pft for nothing."""
    sys.path.insert(0, str(ROOT))
    from docs_tools.csp import chart_stylesheet

    return f"--define:PFT_CHART_STYLE={json.dumps(chart_stylesheet())}"


def bundle_runner(wheel: Path) -> None:
    src = ROOT / "runner" / "src"
    common = ["--bundle", "--format=esm", "--minify", "--target=es2022", "--log-level=warning", "--legal-comments=none"]
    subprocess.run(
        [str(ESBUILD), f"runner={src / 'ui.js'}", "--splitting", f"--outdir={RUNNER_OUT}", "--chunk-names=[name]-[hash]",
         *package_facts(wheel), chart_style(), *common],
        check=True,
    )
    # The worker's progress bar counts against the bytes the runtime's start-up fetches.
    runtime_bytes = sum((VENDOR / name).stat().st_size for name in ["pyodide.asm.wasm", "python_stdlib.zip"])
    # The worker times the runtime's download (runner/src/bandwidth.js): its size, and as a host would gzip it.
    wasm = (VENDOR / "pyodide.asm.wasm").read_bytes()
    runtime_wasm = {"bytes": len(wasm), "gzipped": len(gzip.compress(wasm, compresslevel=6, mtime=0))}
    subprocess.run(
        [str(ESBUILD), str(src / "worker.js"), f"--outfile={RUNNER_OUT / 'worker.js'}", "--loader:.py=text",
         f"--define:RUNTIME_BYTES={runtime_bytes}", f"--define:RUNTIME_WASM={json.dumps(runtime_wasm)}",
         f'--define:SNAPSHOT_KEY="{snapshot_key()}"',
         f"--define:SHIPPED_SNAPSHOT={json.dumps(shipped_snapshot())}", *common],
        check=True,
    )
    # A classic script that must run before the theme's own (see overrides/main.html).
    subprocess.run(
        [str(ESBUILD), str(src / "navigation.js"), f"--outfile={RUNNER_OUT / 'navigation.js'}", "--format=iife",
         "--minify", "--target=es2022", "--log-level=warning"],
        check=True,
    )
    subprocess.run(
        [str(ESBUILD), str(src / "runner.css"), f"--outfile={RUNNER_OUT / 'runner.css'}", "--minify", "--log-level=warning"],
        check=True,
    )


def sync(source: Path, target: Path) -> None:
    """Make `target` hold exactly the files of `source`, touching only what differs."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.rglob("*"):
        dest = target / path.relative_to(source)
        if path.is_dir():
            dest.mkdir(exist_ok=True)
        elif not (dest.exists() and filecmp.cmp(path, dest, shallow=False)):
            partial = dest.with_name(dest.name + ".partial")
            shutil.copy2(path, partial)
            os.replace(partial, dest)
    for dest in sorted(target.rglob("*"), reverse=True):
        if not (source / dest.relative_to(target)).exists():
            dest.rmdir() if dest.is_dir() else dest.unlink()


CDN_DEFAULT = re.compile(r"`https://cdn\.jsdelivr\.net/pyodide/v\$\{\w+\}/full/`")
"""Pyodide's default address for packages missing from its lock file: its CDN. The shipped loader
points it at the site's own folder, so it names no outside host; the runner never uses the default
(it passes ``indexURL`` and every package is in the lock)."""
SIGNAL_TAKE = re.compile(re.escape(
    "let result=Module.Py_EmscriptenSignalBuffer[0];Module.Py_EmscriptenSignalBuffer[0]=0;return result"))
"""CPython's Emscripten signal check reads Pyodide's interrupt buffer, then clears it: a Stop the page
writes between the two is wiped out unseen, and Python goes on as if Stop had never been pressed
(python/cpython#157548; the runner's Stop failed that way in CI). The shipped runtime does both in one
atomic exchange."""
ATOMIC_SIGNAL_TAKE = "return Atomics.exchange(Module.Py_EmscriptenSignalBuffer,0,0)"


def replace_once(path: Path, pattern: re.Pattern[str], replacement: str) -> None:
    """Replace `pattern` in a vendored file; fails on a Pyodide where it is not there exactly once, so
    that an upgrade is looked at (a patch may be needed no more, or in another form)."""
    text, found = pattern.subn(lambda _: replacement, path.read_text(encoding="utf-8"))
    if found != 1:
        raise SystemExit(f"{path.name}: expected {pattern.pattern!r} once, found it {found} times")
    path.write_text(text, encoding="utf-8")


def build() -> None:
    shutil.rmtree(STAGING, ignore_errors=True)
    VENDOR.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(NPM_PYODIDE / name, VENDOR / name)
    replace_once(VENDOR / "pyodide.mjs", CDN_DEFAULT, '"./"')
    replace_once(VENDOR / "pyodide.asm.mjs", SIGNAL_TAKE, ATOMIC_SIGNAL_TAKE)
    with tempfile.TemporaryDirectory() as tmp:
        wheels = [build_wheel(Path(tmp)), *dependency_wheels()]
        for wheel in wheels:
            shutil.copy2(wheel, VENDOR / wheel.name)
    wheels = [VENDOR / w.name for w in wheels]
    (VENDOR / "pyodide-lock.json").write_text(json.dumps(site_lock(wheels), indent=1, sort_keys=True) + "\n")
    bundle_runner(wheels[0])


def main() -> None:
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        digest = inputs_digest()
        fresh = STAMP.exists() and STAMP.read_text() == digest and (ASSETS / "runner" / "runner.js").exists()
        if fresh and "--force" not in sys.argv:
            return
        build()
        for output in OUTPUTS:
            sync(STAGING / output, ASSETS / output)
        STAMP.write_text(digest)
    print(f"runner assets built into {ASSETS.relative_to(ROOT)}/{{{','.join(OUTPUTS)}}}/")


if __name__ == "__main__":
    main()
