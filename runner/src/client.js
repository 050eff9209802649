// Talks to the worker: sends runs with ids and routes each reply to the run it belongs to.
// Replaces the worker when it crashes or when Stop cannot interrupt it.

const STOP_GRACE_MS = 1500;

export class RunnerClient {
  /**
   * @param {{workerURL: URL, indexURL: URL, onStatus: (text: string, fraction: number|null) => void}} options
   */
  constructor({ workerURL, indexURL, onStatus }) {
    this.workerURL = workerURL;
    this.indexURL = indexURL;
    this.onStatus = onStatus;
    this.worker = null;
    this.ready = null;
    this.runs = new Map();
    this.nextId = 1;
    this.notice = "";
    // Interrupting through shared memory needs cross-origin isolation (COOP/COEP headers).
    this.canInterrupt = Boolean(self.crossOriginIsolated) && typeof SharedArrayBuffer === "function";
  }

  /** Start the worker and Python if not started yet; resolves when Python is ready. */
  boot() {
    if (this.ready) return this.ready;
    this.started = false;
    this.interruptBuffer = this.canInterrupt ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const worker = new Worker(this.workerURL, { type: "module", name: "pft-runner" });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      // A replaced worker may still report; only the current one is listened to.
      worker.onmessage = ({ data }) => worker === this.worker && this.receive(data, resolve, reject);
      worker.onerror = (event) => {
        event.preventDefault();
        if (worker === this.worker) this.crash(event.message || "the worker failed", reject);
      };
    });
    this.ready.catch(() => {});
    worker.postMessage({ type: "boot", indexURL: this.indexURL.href, interruptBuffer: this.interruptBuffer });
    return this.ready;
  }

  receive(data, resolve, reject) {
    if (data.type === "status") this.onStatus(this.notice ? `${this.notice} ${data.text}` : data.text, data.fraction);
    else if (data.type === "ready") {
      this.started = true;
      resolve();
    }
    else if (data.type === "crash") this.crash(data.message, reject);
    else {
      const run = this.runs.get(data.id);
      if (!run) return;
      if (data.type === "output") run.onEvent(data);
      else if (data.type === "done") this.finish(data.id, data.status);
    }
  }

  /**
   * Run code; `onEvent` gets each {kind, text, title} as it is produced. `done` resolves to
   * "ok", "error", "interrupted", "restarted" (Stop without interrupt) or "crashed".
   * @returns {{id: number, done: Promise<string>}}
   */
  run(code, onEvent) {
    const id = this.nextId++;
    const done = new Promise((resolve) => this.runs.set(id, { onEvent, resolve }));
    this.boot().then(
      () => this.runs.has(id) && this.worker.postMessage({ type: "run", id, code }),
      () => {},
    );
    return { id, done };
  }

  finish(id, status) {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.delete(id);
    clearTimeout(run.stopTimer);
    run.resolve(status);
  }

  /** Stop a run: KeyboardInterrupt if possible, else (or if that fails) a fresh worker. */
  stop(id) {
    const run = this.runs.get(id);
    if (!run) return;
    if (this.interruptBuffer) {
      Atomics.store(this.interruptBuffer, 0, 2); // 2 is SIGINT
      run.stopTimer = setTimeout(() => this.restart("Python did not stop in time, so it was restarted."), STOP_GRACE_MS);
    } else {
      this.restart("Stopped by restarting Python: this host does not allow interrupting it (see “Running the examples”).");
    }
  }

  crash(message, reject) {
    reject?.(new Error(message));
    if (this.started) {
      this.restart(`Python crashed (${message}) and was restarted.`, "crashed");
    } else {
      // Failing to start would fail again: report it and start over only on the next Run.
      this.discard("crashed");
      this.onStatus(`Python could not start (${message}).`, null);
    }
  }

  discard(status) {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    for (const [id] of this.runs) this.finish(id, status);
  }

  /** Throw the worker away, end its pending runs, and start a fresh one. */
  restart(why, status = "restarted") {
    this.discard(status);
    this.notice = why;
    this.onStatus(why, null);
    this.boot().then(() => this.onStatus(`${why} Ready.`, 1), () => {}).finally(() => (this.notice = ""));
  }
}
