// Boot Python from a memory snapshot instead of starting it: the site's own, or one made in this browser.
//
// Most of a normal boot is spent starting CPython and importing our packages. Two snapshots skip that:
// - The site ships one (SHIPPED_SNAPSHOT, made at build time by runner/node/make_snapshot.mjs with this
//   file's code). It adds its bytes to a first visit, which pays only on a fast connection: a first
//   visit fetches it only when Python's own runtime came at least at `shippedMinMbit()` (a restore
//   saving RESTORE_SAVES_S of start-up; timed by bandwidth.js), and otherwise boots normally
//   (scripts/bench_runner.py measures both, at Fast-4G and 50 Mbit/s).
// - After a first visit that booted normally, a throwaway worker boots once more, imports what
//   snippets need, and copies Python's memory into Cache Storage before any reader code runs there;
//   nobody downloads a byte more for it. A shipped snapshot, once used, is kept there too.
// Later visits restore the one in Cache Storage.
//
// `_makeSnapshot` and `_loadSnapshot` are private (underscore) options of Pyodide whose format
// changes between releases: they are used only with exactly PYODIDE_VERSION, the pin in
// package.json (tests/runner/test_snapshot_boot.py fails when the two differ, and so does the build's
// make_snapshot.mjs). A snapshot is used only under the key of the build that made it (SNAPSHOT_KEY,
// from scripts/build_assets.py: a hash of Pyodide's files, the site lock with every wheel's sha256,
// and the runner's sources), checked again inside the restored memory; the shipped one also only if
// its sha256 is the build's. Anything else boots normally.
import helper from "../py/memory_snapshot.py";
import { writeGlue } from "./runtime.js";

/* global SNAPSHOT_KEY, SHIPPED_SNAPSHOT */
export const PYODIDE_VERSION = "314.0.8";
// The start-up time a restore saves, which the shipped snapshot's download must take less than to
// pay: it saved 3.2 s on the 2-core machine the benchmark ran on (the bench prints it), less on a
// faster computer; 2.5 s puts the speed it asks for at about 21 Mbit/s, well above Fast-4G's 9.
const RESTORE_SAVES_S = 2.5;
const CACHE = "pft-python-snapshot";
// The channel loadPackage records for packages of the lock (its "default channel").
const LOCK_CHANNEL = "default channel";

// Cache Storage and what writes to it, as this module found them, before any reader code ran. A run
// could otherwise rewrite the snapshot every later visit boots from (import js; js.caches…), or
// replace the methods the worker stores the site's snapshot with after runs: the run worker hides
// `caches` once Python is up (`hideStorage`), and these references do not change with the globals.
const storage = globalThis.caches;
const call = Reflect.apply;
const { open: openCache, delete: deleteCache } = globalThis.CacheStorage?.prototype ?? {};
const { match: matchIn, put: putIn } = globalThis.Cache?.prototype ?? {};
const NativeResponse = globalThis.Response;
const NativeURL = globalThis.URL;
const cacheURL = (indexURL) => `${new NativeURL(`snapshot-${SNAPSHOT_KEY}`, indexURL)}`;

/** Whether snapshots may be used with this Pyodide in this browser. */
export const supported = (version) => version === PYODIDE_VERSION && typeof storage === "object";

/** This build's stored snapshot, or null. */
export async function storedSnapshot(indexURL) {
  try {
    const response = await call(matchIn, await call(openCache, storage, [CACHE]), [cacheURL(indexURL)]);
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** Keep `snapshot` for later visits, in place of any other build's. */
export async function storeSnapshot(indexURL, snapshot) {
  await call(deleteCache, storage, [CACHE]);
  const cache = await call(openCache, storage, [CACHE]);
  const response = new NativeResponse(snapshot, { headers: { "Content-Type": "application/octet-stream" } });
  await call(putIn, cache, [cacheURL(indexURL), response]);
}

export async function dropSnapshot() {
  try {
    await call(deleteCache, storage, [CACHE]);
  } catch {
    // No storage: nothing to drop.
  }
}

// What a run must not reach: the storage, and the constructors of workers, as a worker the code
// started would have a `caches` of its own (the page's policy allows blob: workers, its own runner's).
const HIDDEN = ["caches", "Worker", "SharedWorker"];

/** Take `HIDDEN` away from this worker's globals, before reader code runs; this module keeps its own reference to the storage. */
export function hideStorage() {
  for (let scope = globalThis; scope; scope = Object.getPrototypeOf(scope)) {
    for (const name of HIDDEN) {
      try {
        delete scope[name];
      } catch {
        // Not configurable here: nothing this worker can do about it.
      }
    }
  }
}

async function sha256(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Fetch the site's file `name` (under `indexURL`) as bytes: what `installWheels` reads with in the browser. */
export const fetchFrom = (indexURL) => async (name) => {
  const response = await fetch(new URL(name, indexURL));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
};

/**
 * Unpack the site's wheels into site-packages, checked against the lock's sha256 as loadPackage
 * does, but without the JavaScript references loadPackage leaves (a snapshot cannot hold them).
 * The file system is not part of a snapshot, so a restored Python needs them put back.
 * @param {(name: string) => Promise<Uint8Array>} read the site's files by name (`fetchFrom`, or a disk in Node)
 * @returns {Promise<string[]>} the names of the packages, for `markInstalled`
 */
export async function installWheels(pyodide, read) {
  const lock = JSON.parse(new TextDecoder().decode(await read("pyodide-lock.json")));
  const packages = Object.values(lock.packages);
  const wheels = await Promise.all(packages.map(async (pkg) => {
    const bytes = await read(pkg.file_name);
    if ((await sha256(bytes)) !== pkg.sha256) throw new Error(`${pkg.file_name} does not match its sha256 in the lock`);
    return bytes;
  }));
  const sitePackages = pyodide._api.sitepackages;
  packages.forEach((pkg, i) => pyodide.unpackArchive(wheels[i], "wheel", { extractDir: sitePackages }));
  return packages.map((pkg) => pkg.name);
}

/** The connection speed from which fetching the shipped snapshot on a first visit pays, in Mbit/s (Infinity: none shipped). */
export const shippedMinMbit = () => (SHIPPED_SNAPSHOT ? (SHIPPED_SNAPSHOT.bytes * 8) / (RESTORE_SAVES_S * 1e6) : Infinity);

/** The snapshot the site ships, checked against the sha256 the build recorded; throws if it does not match. */
export async function shippedSnapshot(indexURL) {
  let bytes = await fetchFrom(indexURL)(SHIPPED_SNAPSHOT.file);
  // Shipped gzip-compressed; a host may already have decompressed it (Content-Encoding).
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  }
  if ((await sha256(bytes)) !== SHIPPED_SNAPSHOT.sha256) throw new Error(`${SHIPPED_SNAPSHOT.file} is not the one this site was built with`);
  return bytes;
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

/** After a restore: forgets the bytes restored from; throws unless the memory is of this build; draws fresh randomness. */
export function checkRestored(pyodide) {
  // Pyodide keeps the option it restored from in its config for the whole visit: about 31 MB it no
  // longer reads, within a run's reach (pyodide_js._api.config).
  delete pyodide._api.config._loadSnapshot;
  writeGlue(pyodide, "memory_snapshot", helper);
  if (!pyodide.pyimport("memory_snapshot").restored(SNAPSHOT_KEY)) throw new Error("the snapshot is of another build");
}
