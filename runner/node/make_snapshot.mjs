// The memory snapshot the site ships for first visits on fast connections, made at build time
// (scripts/build_assets.py) by the browser's own code (runner/src/snapshot.js, runtime.js): Python
// started from the site's Pyodide, wheels and glue exactly as the snapshot maker in a reader's
// browser does it. For two builds to give the same bytes, the randomness and the clocks Python sees
// while it is made are fixed sequences, and its program name is the browser's; the caller sets the
// time zone (UTC). A restored Python draws fresh randomness (memory_snapshot.restored).
// Usage: node --import ./runner/node/text_py.mjs runner/node/make_snapshot.mjs VENDOR_DIR KEY OUT_FILE
import nodeCrypto from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import glue from "../py/executor.py";

// An arbitrary fixed instant (2026-01-01) from which the frozen clock ticks.
const CLOCK_START_MS = 1767225600000;

function fixRandomnessAndClocks() {
  let state = 0x2545f491;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  const fill = (array) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() >>> 24;
    return array;
  };
  globalThis.crypto.getRandomValues = fill;
  nodeCrypto.randomFillSync = fill;
  Math.random = () => next() / 2 ** 32;
  // Each reading moves on, so file times still differ and Python's import caches still see new files.
  let now = CLOCK_START_MS;
  Date.now = () => (now += 1);
  let tick = 0;
  performance.now = () => (tick += 0.001);
}

const [vendor, key, out] = process.argv.slice(2);
process.argv = [process.argv[0], "./this.program"];
fixRandomnessAndClocks();
globalThis.SNAPSHOT_KEY = key;
const { loadPyodide, version } = await import(pathToFileURL(join(vendor, "pyodide.mjs")).href);
const { PYODIDE_VERSION, installWheels, makeSnapshot } = await import("../src/snapshot.js");
const { startPython } = await import("../src/runtime.js");
if (version !== PYODIDE_VERSION) throw new Error(`runner/src/snapshot.js is written for Pyodide ${PYODIDE_VERSION}, not ${version}`);
const options = { indexURL: `${vendor}/`, lockFileURL: join(vendor, "pyodide-lock.json"), checkIntegrity: true, _makeSnapshot: true };
const made = await startPython(loadPyodide, options, glue);
await installWheels(made.pyodide, async (name) => new Uint8Array(await readFile(join(vendor, name))));
await writeFile(out, makeSnapshot(made.pyodide));
