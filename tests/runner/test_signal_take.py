"""The shipped Pyodide takes a Stop in one atomic step (scripts/build_assets.py, `SIGNAL_TAKE`).

CPython's Emscripten signal check, as Pyodide's npm package ships it, reads the interrupt buffer and
then clears it. Here its own code, cut from the runtime file, polls the buffer on one thread while
another writes Stops into it and counts how many were taken; a Stop written between the read and the
clear is neither taken nor left pending."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from build_assets import NPM_PYODIDE

STOPS = 100_000
RACE = r"""
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
const [file, count] = process.argv.slice(1);
const helper = /function _Py_CheckEmscriptenSignals_Helper\(\)\{.*?\}(?=_Py_CheckEmscriptenSignals_Helper\.sig)/s
  .exec(readFileSync(file, "utf8"))[0];
const slots = new Int32Array(new SharedArrayBuffer(16)); // the signal, Stops taken, stop polling, polling
const poller = new Worker(`
const slots = new Int32Array(require("node:worker_threads").workerData);
const Module = { Py_EmscriptenSignalBuffer: new Int32Array(slots.buffer, 0, 1) };
${helper}
Atomics.store(slots, 3, 1);
while (Atomics.load(slots, 2) === 0) if (_Py_CheckEmscriptenSignals_Helper() === 2) Atomics.add(slots, 1, 1);
`, { eval: true, execArgv: [], workerData: slots.buffer });
const ready = performance.now() + 10_000;
while (Atomics.load(slots, 3) === 0) if (performance.now() > ready) throw new Error("the polling thread did not start");
let sent = 0, lost = 0;
while (sent < +count && !lost) {
  Atomics.store(slots, 0, 2);
  sent += 1;
  while (Atomics.load(slots, 0) !== 0);
  // Cleared: taken (counted a moment later) or wiped out.
  const deadline = performance.now() + 1000;
  while (Atomics.load(slots, 1) < sent) if (performance.now() > deadline) { lost = 1; break; }
}
Atomics.store(slots, 2, 1);
await poller.terminate();
process.stdout.write(JSON.stringify({ sent, lost }));
"""


def race(runtime: Path) -> dict:
    """Write up to STOPS Stops while `runtime`'s signal check polls; stops at the first one lost."""
    node = shutil.which("node")
    assert node, "node is needed to run the runtime's signal check"
    out = subprocess.run([node, "--input-type=module", "-e", RACE, str(runtime), str(STOPS)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_shipped_runtime_takes_every_stop(runner_assets):
    assert race(runner_assets / "pyodide.asm.mjs") == {"sent": STOPS, "lost": 0}


def test_the_runtime_as_packaged_loses_stops_so_the_patch_is_still_needed():
    assert race(NPM_PYODIDE / "pyodide.asm.mjs")["lost"] == 1
