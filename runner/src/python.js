// The page's one Python: a single worker for every snippet and tool of the page, and its status
// for whoever is showing it.
import { RunnerClient } from "./client.js";

const listeners = new Set();

export const client = new RunnerClient({
  workerURL: new URL("./worker.js", import.meta.url),
  indexURL: new URL("../vendor/pyodide/", import.meta.url),
  onStatus: (text, fraction) => listeners.forEach((listener) => listener(text, fraction)),
  // For the tests and the benchmark: how Python started (and the connection speed the worker measured,
  // if it did), and whether later visits can boot faster.
  onPython: ({ boot, mbit, snapshot }) => Object.assign(
    document.documentElement.dataset,
    boot ? { pftBoot: boot, ...(mbit != null && { pftMbit: mbit.toFixed(1) }) } : { pftSnapshot: snapshot },
  ),
});

/** Call `listener(text, fraction)` with every status of Python (loading, restarts). */
export function onStatus(listener) {
  listeners.add(listener);
}
