// Boot Python from a memory snapshot of an earlier boot, made in this browser and kept in Cache Storage.
//
// Most of a normal boot is spent starting CPython and importing our packages. After a reader's
// first boot, a throwaway worker boots once more, imports what snippets need, and copies Python's
// memory into Cache Storage before any reader code runs there; later visits restore that copy. It
// is made here rather than shipped with the site, so nobody downloads a byte more than a normal
// boot needs (a shipped one would add 6.5 MB gzipped, a loss below about 20 Mbit/s: see
// scripts/bench_runner.py), and the first visit boots exactly as without snapshots.
//
// `_makeSnapshot` and `_loadSnapshot` are private (underscore) options of Pyodide whose format
// changes between releases: they are used only with exactly PYODIDE_VERSION, the pin in
// package.json (tests/runner/test_snapshot_boot.py fails when the two differ). A snapshot is used
// only under the key of the build that made it (SNAPSHOT_KEY, from scripts/build_assets.py: a hash
// of Pyodide's files, the site lock with every wheel's sha256, and the runner's sources), checked
// again inside the restored memory; anything else boots normally.
import helper from "../py/memory_snapshot.py";
import { writeGlue } from "./runtime.js";

/* global SNAPSHOT_KEY */
export const PYODIDE_VERSION = "314.0.7";
const CACHE = "pft-python-snapshot";
// The channel loadPackage records for packages of the lock (its "default channel").
const LOCK_CHANNEL = "default channel";

const cacheURL = (indexURL) => new URL(`snapshot-${SNAPSHOT_KEY}`, indexURL).href;

/** Whether snapshots may be used with this Pyodide in this browser. */
export const supported = (version) => version === PYODIDE_VERSION && typeof caches === "object";

/** This build's stored snapshot, or null. */
export async function storedSnapshot(indexURL) {
  try {
    const response = await (await caches.open(CACHE)).match(cacheURL(indexURL));
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** Keep `snapshot` for later visits, in place of any other build's. */
export async function storeSnapshot(indexURL, snapshot) {
  await caches.delete(CACHE);
  const cache = await caches.open(CACHE);
  await cache.put(cacheURL(indexURL), new Response(snapshot, { headers: { "Content-Type": "application/octet-stream" } }));
}

export async function dropSnapshot() {
  try {
    await caches.delete(CACHE);
  } catch {
    // No storage: nothing to drop.
  }
}

async function sha256(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Unpack the site's wheels into site-packages, checked against the lock's sha256 as loadPackage
 * does, but without the JavaScript references loadPackage leaves (a snapshot cannot hold them).
 * The file system is not part of a snapshot, so a restored Python needs them put back.
 * @returns {Promise<string[]>} the names of the packages, for `markInstalled`
 */
export async function installWheels(pyodide, indexURL) {
  const lock = await (await fetch(new URL("pyodide-lock.json", indexURL))).json();
  const packages = Object.values(lock.packages);
  const wheels = await Promise.all(packages.map(async (pkg) => {
    const bytes = new Uint8Array(await (await fetch(new URL(pkg.file_name, indexURL))).arrayBuffer());
    if ((await sha256(bytes)) !== pkg.sha256) throw new Error(`${pkg.file_name} does not match its sha256 in the lock`);
    return bytes;
  }));
  const sitePackages = pyodide._api.sitepackages;
  packages.forEach((pkg, i) => pyodide.unpackArchive(wheels[i], "wheel", { extractDir: sitePackages }));
  return packages.map((pkg) => pkg.name);
}

/** Tell loadPackage the wheels are in place (after any snapshot: one must not hold this record). */
export function markInstalled(pyodide, names) {
  for (const name of names) pyodide.loadedPackages[name] = LOCK_CHANNEL;
}

/** Import what the snapshot holds, mark it with this build's key, and copy Python's memory. */
export function makeSnapshot(pyodide) {
  writeGlue(pyodide, "memory_snapshot", helper);
  pyodide.pyimport("memory_snapshot").prepare(SNAPSHOT_KEY);
  return pyodide.makeMemorySnapshot();
}

/** After a restore: throws unless the memory is of this build; draws fresh randomness. */
export function checkRestored(pyodide) {
  writeGlue(pyodide, "memory_snapshot", helper);
  if (!pyodide.pyimport("memory_snapshot").restored(SNAPSHOT_KEY)) throw new Error("the snapshot is of another build");
}
