// The module Web Worker that owns Pyodide. Messages in: {type: "boot", indexURL, channel?},
// {type: "run", id, code}. Messages out: {type: "status", id?, text, fraction}, {type: "ready"},
// {type: "output", id, kind, text, title}, {type: "done", id, status}, {type: "crash", id, message}.
// A status with an id belongs to that run (its packages loading); one without, to the start-up.
import glue from "../py/executor.py";
import { WorkerChannel } from "./channel.js";
import { startPython } from "./runtime.js";

/* global RUNTIME_BYTES */
let python = null;
let channel = null;
let queue = Promise.resolve();
const post = (message) => self.postMessage(message);

// Count the bytes of the runtime's downloads as they stream in, for the status line.
function trackDownloads() {
  const realFetch = self.fetch.bind(self);
  let loaded = 0;
  self.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    if (!response.body || python) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        const fraction = Math.min(loaded / RUNTIME_BYTES, 1);
        const text = loaded < RUNTIME_BYTES ? `Loading Python: ${(loaded / 1e6).toFixed(1)} of ${(RUNTIME_BYTES / 1e6).toFixed(1)} MB` : "Starting Python…";
        post({ type: "status", text, fraction });
        controller.enqueue(chunk);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(counter), { status, statusText, headers });
  };
}

async function boot({ indexURL, channel: buffer }) {
  post({ type: "status", text: "Loading Python…", fraction: 0 });
  trackDownloads();
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  python = await startPython(loadPyodide, { indexURL, checkIntegrity: true }, glue);
  if (buffer) {
    channel = new WorkerChannel(buffer);
    python.pyodide.setInterruptBuffer(channel.signal);
  }
  python.pyodide.setStdin({ error: true });
  post({ type: "ready" });
}

// What the glue may ask of the page during a run, where shared memory allows it (see channel.js);
// undefined, not null, elsewhere: Pyodide hands Python None for undefined only.
const host = () => (channel ? { wait: (seconds) => channel.wait(seconds), read_line: () => channel.readLine() } : undefined);

async function run({ id, code }) {
  const emit = (kind, text, title) => post({ type: "output", id, kind, text, title });
  const onMessage = (text) => post({ type: "status", id, text: String(text).trim(), fraction: null });
  channel?.reset();
  try {
    const status = await python.run(code, emit, { onMessage, host: host() });
    // After a fatal error Pyodide returns nothing rather than throwing every time.
    if (typeof status !== "string") throw new Error("a fatal error in the Python runtime");
    post({ type: "done", id, status });
  } catch (error) {
    // A JavaScript-level failure (a fatal runtime error, a failed package download) leaves
    // Pyodide in an unknown state: the client replaces this worker.
    post({ type: "crash", id, message: String(error?.message ?? error).split("\n")[0] });
  }
}

let booted = null;
self.onmessage = ({ data }) => {
  if (data.type === "boot") {
    booted ??= boot(data).catch((error) => post({ type: "crash", id: null, message: String(error?.message ?? error) }));
  } else if (data.type === "run") {
    queue = queue.then(() => booted).then(() => run(data));
  }
};
