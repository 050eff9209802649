// The module Web Worker that owns Pyodide. Messages in: {type: "boot", indexURL, channel?, port},
// {type: "run", id, code}, {type: "call", id, module, name, argument}, {type: "snapshot", indexURL},
// {type: "cancel", id} (Stop while the run's packages load: its code is not to start).
// Messages out: {type: "status", id?, text, fraction}, {type: "ready", from: "normal"|"snapshot"|"shipped", mbit},
// {type: "started", id}, {type: "running", id} (its packages are in; the code itself starts),
// {type: "output", id, kind, text, title}, {type: "done", id, status},
// {type: "result", id, value | error},
// {type: "crash", id, message}, {type: "late", text}, {type: "snapshot", stored, message?}.
// Messages out go to the boot message's port, which a run's code cannot reach.
// A status with an id belongs to that run (its packages loading); one without, to the start-up.
// A worker sent "snapshot" only makes a memory snapshot for later visits (see snapshot.js) and runs nothing.
import glue from "../py/executor.py";
import { Meter, fromCache } from "./bandwidth.js";
import { WorkerChannel } from "./channel.js";
import { startPython } from "./runtime.js";
import {
  checkRestored, dropSnapshot, fetchFrom, hideStorage, installWheels, makeSnapshot, markInstalled, shippedMinMbit,
  shippedSnapshot, storedSnapshot, storeSnapshot, supported,
} from "./snapshot.js";

/* global RUNTIME_BYTES, RUNTIME_WASM, SHIPPED_SNAPSHOT */
// What the runner needs of the worker's globals, taken before any reader code runs: a run can
// replace them (import js; js.MessagePort.prototype.postMessage = …, js.clearTimeout = None) and
// the runner must still hear the next message and report how the run ended.
const apply = Reflect.apply;
const postToPort = MessagePort.prototype.postMessage;
const postToSelf = self.postMessage;
const setTimeout = self.setTimeout;
const clearTimeout = self.clearTimeout;

let python = null;
let channel = null;
let queue = Promise.resolve();
// The page's private channel (the "boot" message's port); a worker making a snapshot has none.
let port = null;
const post = (message) => (port ? apply(postToPort, port, [message]) : apply(postToSelf, self, [message]));

// Longest one-line account of a failure sent to the page (an exception's message can be megabytes).
const LONGEST_MESSAGE = 300;

/** `pick` of the lines of what a failure says, shortened to LONGEST_MESSAGE; a fixed sentence if the
 * run's code broke even that. */
function fromMessage(error, pick) {
  try {
    const line = pick(`${error?.message ?? error}`.trim().split("\n"));
    return line.length > LONGEST_MESSAGE ? `${line.slice(0, LONGEST_MESSAGE - 1)}\u2026` : line;
  } catch {
    return "the code changed the worker's JavaScript";
  }
}

/** The line of a Python traceback that names the exception ("ValueError: boom"): the one after the
 * last frame and its source lines, which a message of several lines follows; else the last line. */
function exceptionLine(lines) {
  const frame = lines.findLastIndex((line) => line.startsWith('  File "'));
  if (frame < 0) return lines[lines.length - 1];
  let line = frame + 1;
  while (line < lines.length - 1 && lines[line].startsWith("    ")) line++;
  return lines[line];
}

/** What a failure says in the line that names it ("ZeroDivisionError: division by zero" for a Python error). */
const errorLine = (error) => fromMessage(error, exceptionLine);

/** What a failure says in one line: the first, or the one of a Python traceback that names the error. */
const oneLine = (error) => fromMessage(error, (lines) => (
  lines[0].startsWith("Traceback (most recent call last)") ? exceptionLine(lines) : lines[0]));

// Until Python is up: the bytes its start-up has fetched, and how many it will fetch (the site's
// snapshot adds its own when it is fetched), for the status line; a bar that never goes back.
const downloads = { loaded: 0, expected: RUNTIME_BYTES, shown: 0 };
// Responses fetched before Pyodide asks for them (see `prefetch`), by address: each handed over once.
const prefetched = new Map();

function reportDownloads() {
  const { loaded, expected } = downloads;
  downloads.shown = Math.max(downloads.shown, Math.min(loaded / expected, 1));
  const text = loaded < expected ? `Loading Python: ${(loaded / 1e6).toFixed(1)} of ${(expected / 1e6).toFixed(1)} MB` : "Starting Python…";
  post({ type: "status", text, fraction: downloads.shown });
}

// Count the bytes of the runtime's downloads as they stream in, and hand over prefetched responses.
function trackDownloads() {
  const realFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const early = prefetched.get(String(input));
    if (early) {
      prefetched.delete(String(input));
      return early;
    }
    const response = await realFetch(input, init);
    if (!response.body || python) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        downloads.loaded += chunk.byteLength;
        reportDownloads();
        controller.enqueue(chunk);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(counter), { status, statusText, headers });
  };
}

/**
 * Start Pyodide's first downloads before loading it, as it would start them (its lock file, its
 * WebAssembly runtime, its standard library and its JavaScript): only the choice of a snapshot waits.
 * Resolves to how fast they are coming, in Mbit/s (bandwidth.js), or null when that says nothing
 * about the network (the browser had the files cached, or a download failed).
 */
async function prefetch(indexURL) {
  const at = (name) => new URL(name, indexURL).href;
  const meter = new Meter();
  const watched = (name, decoded, gzipped) => {
    const watching = fetch(at(name)).then((response) => meter.watch(response, decoded, gzipped));
    prefetched.set(at(name), watching.then(({ response }) => response));
    return watching.then(({ sampled }) => sampled);
  };
  const lock = fetch(at("pyodide-lock.json"));
  prefetched.set(at("pyodide-lock.json"), lock);
  const rate = watched("pyodide.asm.wasm", RUNTIME_WASM.bytes, RUNTIME_WASM.gzipped);
  // A zip file does not shrink when a host compresses it: sent as it is decoded.
  watched("python_stdlib.zip", RUNTIME_BYTES - RUNTIME_WASM.bytes).catch(() => {});
  // Pyodide imports its JavaScript by this address: the module it gets is this one.
  import(at("pyodide.asm.mjs")).catch(() => {});
  try {
    const [mbit] = await Promise.all([rate, lock.then((response) => response.clone().arrayBuffer())]);
    return (await fromCache(at("pyodide-lock.json"))) ? null : mbit;
  } catch {
    return null;
  }
}

async function boot({ indexURL, channel: buffer }) {
  post({ type: "status", text: "Loading Python…", fraction: 0 });
  trackDownloads();
  const { loadPyodide, version } = await import(`${indexURL}pyodide.mjs`);
  const options = { indexURL, checkIntegrity: true };
  let from = "normal";
  let mbit = null;
  if (supported(version)) {
    python = await restore(loadPyodide, options);
    if (python) from = "snapshot";
    // A reader who asked to save data never gets the extra bytes.
    else if (SHIPPED_SNAPSHOT && !navigator.connection?.saveData) mbit = await prefetch(indexURL);
    if (!python && mbit !== null && mbit >= shippedMinMbit()) {
      python = await restoreShipped(loadPyodide, options);
      if (python) from = "shipped";
    }
  }
  python ??= await startPython(loadPyodide, options, glue);
  if (buffer) {
    channel = new WorkerChannel(buffer);
    python.pyodide.setInterruptBuffer(channel.signal);
  }
  python.pyodide.setStdin({ error: true });
  post({ type: "ready", from, mbit });
}

/** Python restored from `snapshot` (bytes, or a promise of them), checked, with the wheels put back. */
async function fromSnapshot(loadPyodide, options, snapshot) {
  const restored = await startPython(loadPyodide, { ...options, _loadSnapshot: snapshot }, glue);
  checkRestored(restored.pyodide);
  markInstalled(restored.pyodide, await installWheels(restored.pyodide, fetchFrom(options.indexURL)));
  return restored;
}

/** Python from this build's stored snapshot, or null (none stored, or unusable: then it is dropped). */
async function restore(loadPyodide, options) {
  const stored = await storedSnapshot(options.indexURL);
  if (!stored) return null;
  try {
    return await fromSnapshot(loadPyodide, options, stored);
  } catch (error) {
    console.warn(`Python's saved snapshot could not be used (${error?.message ?? error}); starting afresh.`);
    await dropSnapshot();
    return null;
  }
}

// The site's snapshot, once it has booted Python, is kept for later visits when no run has come for
// KEEP_IDLE_MS: writing it to Cache Storage beside runs made warm runs several times slower.
const KEEP_IDLE_MS = 1000;
let unkept = null;
let keepTimer = null;

function keepWhenIdle() {
  clearTimeout(keepTimer);
  if (!unkept) return;
  keepTimer = setTimeout(() => {
    const { indexURL, bytes } = unkept;
    unkept = null;
    storeSnapshot(indexURL, bytes).catch(() => {});
  }, KEEP_IDLE_MS);
}

/** Python from the site's shipped snapshot, kept for later visits; null if it cannot be used. */
async function restoreShipped(loadPyodide, options) {
  // Pyodide starts fetching its own files before it waits for the snapshot: both downloads overlap.
  downloads.expected += SHIPPED_SNAPSHOT.bytes;
  const shipped = shippedSnapshot(options.indexURL);
  shipped.catch(() => {}); // its failure is loadPyodide's, reported below
  try {
    const restored = await fromSnapshot(loadPyodide, options, shipped);
    // Later visits get a copy taken now, before any run: Pyodide kept the bytes it restored from where
    // a run's code could reach them (its config) until checkRestored dropped them, and a change there
    // would change every later visit's Python. The copy does not depend on that being the only place.
    unkept = { indexURL: options.indexURL, bytes: (await shipped).slice() };
    keepWhenIdle();
    return restored;
  } catch (error) {
    console.warn(`The site's snapshot of Python could not be used (${error?.message ?? error}); starting afresh.`);
    return null;
  }
}

async function snapshot({ indexURL }) {
  const { loadPyodide, version } = await import(`${indexURL}pyodide.mjs`);
  if (!supported(version)) return post({ type: "snapshot", stored: false, message: `not with Pyodide ${version}` });
  const made = await startPython(loadPyodide, { indexURL, checkIntegrity: true, _makeSnapshot: true }, glue);
  await installWheels(made.pyodide, fetchFrom(indexURL));
  await storeSnapshot(indexURL, makeSnapshot(made.pyodide));
  post({ type: "snapshot", stored: true });
}

// What the glue may ask of the page during a run, where shared memory allows it (see channel.js);
// undefined, not null, elsewhere: Pyodide hands Python None for undefined only.
const host = () => (channel ? { wait: (seconds) => channel.wait(seconds), read_line: () => channel.readLine() } : undefined);

async function run({ id, code }) {
  post({ type: "started", id });
  const emit = (kind, text, title) => post({ type: "output", id, kind, text, title });
  const onMessage = (text) => post({ type: "status", id, text: `${text}`.trim(), fraction: null });
  channel?.reset();
  try {
    // Loading packages awaits downloads, so a Stop meanwhile arrives as a message, not as an interrupt
    // (Pyodide's own Python, unpacking the wheels, would take that).
    const beforeCode = () => !cancelled.delete(id) && (post({ type: "running", id }), true);
    const status = await python.run(code, emit, { onMessage, host: host(), beforeCode });
    // After a fatal error Pyodide returns nothing rather than throwing every time.
    if (typeof status !== "string") throw new Error("a fatal error in the Python runtime");
    post({ type: "done", id, status });
  } catch (error) {
    // A JavaScript-level failure (a fatal runtime error, a failed package download) leaves
    // Pyodide in an unknown state: the client replaces this worker.
    post({ type: "crash", id, message: oneLine(error) });
  }
}

async function call({ id, module, name, argument }) {
  post({ type: "started", id });
  try {
    post({ type: "result", id, value: await python.call(module, name, argument) });
  } catch (error) {
    post({ type: "result", id, error: errorLine(error) });
  }
}

// A callback a run left behind (js.setTimeout(create_proxy(f), …)) that raises once its run has
// ended, or an awaitable that fails then, is no crash of Python: the worker keeps it and tells the
// page, which shows it with the next run. A fatal error of the runtime still ends that next run as
// a crash. Listeners added here, before any reader code, cannot be removed by it.
function late(event, error) {
  if (!python || !port) return;
  event.preventDefault();
  post({ type: "late", text: errorLine(error) });
}
self.addEventListener("error", (event) => late(event, event.error ?? event.message));
self.addEventListener("unhandledrejection", (event) => late(event, event.reason));

let booted = null;
const cancelled = new Set(); // runs stopped while their packages loaded
self.onmessage = ({ data }) => {
  if (data.type === "boot") {
    port ??= data.port;
    // Runs and calls wait for `booted`: Cache Storage is out of their reach by then, whether or not Python came up.
    booted ??= boot(data).finally(hideStorage)
      .catch((error) => post({ type: "crash", id: null, message: String(error?.message ?? error) }));
  } else if (data.type === "snapshot") {
    snapshot(data).catch((error) => post({ type: "snapshot", stored: false, message: String(error?.message ?? error) }));
  } else if (data.type === "run") {
    clearTimeout(keepTimer);
    queue = queue.then(() => booted).then(() => run(data)).then(keepWhenIdle).catch(() => {});
  } else if (data.type === "cancel") {
    cancelled.add(data.id);
  } else if (data.type === "call") {
    clearTimeout(keepTimer);
    queue = queue.then(() => booted).then(() => call(data)).then(keepWhenIdle).catch(() => {});
  }
};
