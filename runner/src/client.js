// Talks to the worker: sends runs with ids and routes each reply to the run it belongs to.
// Replaces the worker when it crashes, when Stop cannot interrupt it, after it ran out of memory
// (a WebAssembly memory never shrinks: only a new worker gives the memory back), and when it no
// longer takes runs.
// Why one module: every one of those replacements must settle the runs the old worker held, send
// again the ones it never started, and keep the ids that route replies; split, each part would
// need the others' bookkeeping.
import { PageChannel, createChannelBuffer } from "./channel.js";

// The browser's own stack ran out inside Python: the code went deeper than it allows, which a
// raised sys.setrecursionlimit permits (Python's default limit stops a recursion first).
const STACK_OVERFLOW = /Maximum call stack size exceeded/;
const STACK_HINT = "The code went deeper than the browser's stack allows: a recursion, freeing something nested "
  + "thousands deep (lists in lists, a long chain of exceptions), or compiling an expression chained or nested "
  + "thousands deep (a + b + … with thousands of terms), which Python does by recursing in the browser. "
  + "If the code raised sys.setrecursionlimit, lower it; else nest or chain less deeply.";
// After Stop, Python has STOP_GRACE_MS to take the KeyboardInterrupt, and from the moment it does,
// CLEAN_UP_MS to end the run (its traceback, the code's own clean-up). The second is counted from
// the take, not from Stop, so the code's clean-up has the same time however late the take came.
// Whether it was taken is read every INTERRUPT_POLL_MS.
const STOP_GRACE_MS = 1500;
const CLEAN_UP_MS = 2000;
const INTERRUPT_POLL_MS = 50;
const NOT_TAKEN = `Python did not take the KeyboardInterrupt within ${STOP_GRACE_MS / 1000} s (the code was inside a call `
  + "that cannot be interrupted), so it was restarted.";
const WENT_ON = `Python took the KeyboardInterrupt but the run had not ended ${CLEAN_UP_MS / 1000} s later `
  + "(the code caught it and went on), so it was restarted.";
const STOPPED_LOADING = "Python was still loading the packages the code imports, which cannot be interrupted, so it was restarted; none of the code ran.";
// A run's code can leave the worker unable to take the next one (import js; js.close(), or
// js.onmessage = None): a run that an otherwise idle worker has not started within this time is
// sent to a fresh one. An idle worker starts a run within milliseconds; the margin is for a
// machine so busy that replacing a healthy worker would cost the reader more than the wait.
const START_WAIT_MS = 5000;
const NOT_ANSWERING = "Python had stopped taking runs (code run earlier may have closed or changed its worker), "
  + "so it was restarted for this one.";
// After a normal boot, the snapshot for later visits is made once no run has been waiting this long.
// Its throwaway worker never competes with a run for the processor: a run that starts while it works
// ends it, and it starts over after twice the idle time it waited last (a warm print(1) beside it took
// 40 to 120 ms instead of 5 to 15 on two cores: scripts/bench_runner.py).
const SNAPSHOT_IDLE_MS = 1000;
// Pyodide never settles when its WebAssembly download fails or is cut short (Emscripten aborts
// without a word): a start-up that reports no progress for this long is given up, and the next Run
// starts afresh. Downloads report progress as bytes arrive, so only a stalled start-up is this quiet.
const START_STALL_MS = 30_000;
// A worker whose script does not load fails with no message: offline, or the site updated since the page came.
const NO_WORKER_SCRIPT = "its script could not be loaded: the connection may be down, or the site has been updated since this page was opened";

/**
 * A module worker running `url`, started from a blob: address so that it takes the page's
 * Content-Security-Policy, the one in its <meta> tag included. Started from its own address, a
 * worker has only the policy its response headers give it, and a host that does not send the
 * site's _headers gives none: Python in it could then reach any server. The name after `#` is
 * for the browser's tools (and the tests) to tell the runner from the snapshot maker.
 */
function pageWorker(url, name) {
  const blob = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: "text/javascript" }));
  try {
    return new Worker(`${blob}#${name}`, { type: "module", name });
  } finally {
    URL.revokeObjectURL(blob);
  }
}

/** The note a run shows for errors raised by callbacks of ended runs: `count` of them, the last saying
 * `text`, and whether they said different things (`mixed`). */
const lateNotice = ({ text, count, mixed }) => ({
  kind: "notice",
  text: mixed
    ? `Callbacks left by earlier runs raised ${count} errors after their runs had ended; the last: ${text}.`
    : `A callback left by an earlier run raised ${text} after that run had ended${count > 1 ? ` (${count} times)` : ""}.`,
  title: "",
});

export class RunnerClient {
  /**
   * @param {{workerURL: URL, indexURL: URL, onStatus: (text: string, fraction: number|null) => void, onPython?: (facts: object) => void}} options
   * `onStatus` hears how Python's start-up goes; what concerns one run goes to that run.
   * `onPython` hears how Python started ({boot: "normal"|"snapshot"|"shipped", mbit}) and whether a snapshot for
   * later visits was made ({snapshot: "stored"|"failed"}).
   */
  constructor({ workerURL, indexURL, onStatus, onPython = () => {} }) {
    this.workerURL = workerURL;
    this.indexURL = indexURL;
    this.onStatus = onStatus;
    this.onPython = onPython;
    this.snapshotScheduled = false;
    this.snapshotMaker = null;
    this.snapshotIdleMs = SNAPSHOT_IDLE_MS;
    this.worker = null;
    this.ready = null;
    this.runs = new Map();
    this.nextId = 1;
    // Interrupting, and answering input(), through shared memory need cross-origin isolation (COOP/COEP headers).
    this.canInterrupt = createChannelBuffer() !== null;
  }

  /** Start the worker and Python if not started yet; resolves when Python is ready. */
  boot() {
    if (this.ready) return this.ready;
    this.started = false;
    const buffer = createChannelBuffer();
    this.channel = buffer && new PageChannel(buffer);
    const worker = pageWorker(this.workerURL, "pft-runner");
    this.worker = worker;
    // The worker reports on a channel of its own: what a run's code posts from the worker
    // (import js; js.postMessage(...)) arrives on the worker's global one, which nothing here reads.
    const { port1, port2 } = new MessageChannel();
    this.ready = new Promise((resolve, reject) => {
      const stalled = () => worker === this.worker && !this.started &&
        this.crash(`no progress for ${START_STALL_MS / 1000} s: a download may have failed; check the connection, then press Run again`, reject);
      let watchdog = setTimeout(stalled, START_STALL_MS);
      // A replaced worker may still report; only the current one is listened to.
      port1.onmessage = ({ data }) => {
        if (worker !== this.worker) return;
        clearTimeout(watchdog);
        if (!this.started) watchdog = setTimeout(stalled, START_STALL_MS);
        this.receive(data, resolve, reject);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        if (worker === this.worker) this.crash(event.message || (this.started ? "the worker failed" : NO_WORKER_SCRIPT), reject);
      };
    });
    this.ready.catch(() => {});
    worker.postMessage({ type: "boot", indexURL: this.indexURL.href, channel: buffer, port: port2 }, [port2]);
    return this.ready;
  }

  receive(data, resolve, reject) {
    const run = this.runs.get(data.id);
    if (data.type === "status") (data.id === undefined ? this.onStatus : run?.onStatus)?.(data.text, data.fraction);
    else if (data.type === "ready") {
      this.started = true;
      this.onStatus("Python is ready.", 1);
      this.onPython({ boot: data.from, mbit: data.mbit });
      if (data.from === "normal") this.makeSnapshot();
      resolve();
    } else if (data.type === "started") {
      if (run) run.started = true;
      run?.onStarted?.();
      // The worker reported the errors of callbacks that ran before this run began ahead of it.
      if (run?.onEvent && this.lateErrors) {
        run.onEvent(lateNotice(this.lateErrors));
        this.lateErrors = null;
      }
      this.watchStarts();
    } else if (data.type === "running") {
      if (!run) return;
      run.running = true;
      // Stopped while its packages loaded, but the worker began the code before it read the
      // cancel: stop the code as any running code is stopped.
      if (run.cancelled) {
        clearTimeout(run.stopTimer);
        run.stopTimer = null;
        this.stop(data.id);
      } else run.onRunning?.();
    } else if (data.type === "crash") this.crash(data.message, reject);
    else if (data.type === "late") this.late(data.text);
    else if (data.type === "output") run?.onEvent(data);
    else if (data.type === "result") {
      if (!run) return;
      this.runs.delete(data.id);
      this.watchStarts();
      if (data.error === undefined) run.resolve(data.value);
      else run.reject(new Error(data.error));
    } else if (data.type === "done") {
      if (data.status === "out-of-memory") this.restart("Python ran out of memory, so it was restarted to give the memory back.", data.status);
      else this.finish(data.id, data.status);
    }
  }

  /** Once per page: in a throwaway worker, when idle, make the snapshot later visits boot from. */
  makeSnapshot() {
    if (this.snapshotScheduled) return;
    this.snapshotScheduled = true;
    this.scheduleSnapshot();
  }

  scheduleSnapshot() {
    const start = () => {
      if (this.runs.size) return setTimeout(start, this.snapshotIdleMs);
      const maker = pageWorker(this.workerURL, "pft-snapshot");
      this.snapshotMaker = maker;
      const end = (stored, message) => {
        maker.terminate();
        this.snapshotMaker = null;
        this.onPython({ snapshot: stored ? "stored" : "failed" });
        if (!stored) console.warn(`No snapshot of Python for later visits: ${message}`);
      };
      maker.onmessage = ({ data }) => data.type === "snapshot" && end(data.stored, data.message);
      maker.onerror = (event) => {
        event.preventDefault();
        end(false, event.message);
      };
      maker.postMessage({ type: "snapshot", indexURL: this.indexURL.href });
    };
    setTimeout(start, this.snapshotIdleMs);
  }

  /** A run or call is starting: the snapshot maker, if at work, gives way and starts over later. */
  yieldProcessor() {
    if (!this.snapshotMaker) return;
    this.snapshotMaker.terminate();
    this.snapshotMaker = null;
    this.snapshotIdleMs *= 2;
    this.scheduleSnapshot();
  }

  /**
   * Run code; `onEvent` gets each {kind, text, title} as it is produced (kind "input": the code
   * waits for `answer`), `onStatus` what the run is waiting for, `onStarted` that Python has
   * begun it (after any start or restart of Python), `onRunning` that its code has begun (after
   * the packages it imports are in). `done` resolves to "ok",
   * "error", "interrupted", "cancelled" (stopped before Python started it), "restarted" (stopped
   * by replacing Python), "exited" (the code ended Python), "crashed" or "out-of-memory"; when Python was replaced, a "notice"
   * event has said why.
   * @returns {{id: number, done: Promise<string>}}
   */
  run(code, onEvent, { onStatus, onStarted, onRunning } = {}) {
    const id = this.nextId++;
    const done = new Promise((resolve) => this.runs.set(id, { onEvent, onStatus, onStarted, onRunning, resolve }));
    this.send(id, { type: "run", id, code });
    return { id, done };
  }

  /** Send a run or call to the worker once Python is ready, unless it was stopped meanwhile. */
  send(id, message) {
    this.yieldProcessor();
    this.boot().then(
      () => {
        const run = this.runs.get(id);
        if (!run) return;
        Object.assign(run, { sent: true, started: false, message });
        this.worker.postMessage(message);
        this.watchStarts();
      },
      () => {},
    );
  }

  /** Keep a timer while runs wait that the worker should have started: none of them is running. */
  watchStarts() {
    const sent = [...this.runs.values()].filter((run) => run.sent);
    if (sent.some((run) => run.started) || !sent.length) {
      clearTimeout(this.startTimer);
      this.startTimer = null;
    } else {
      this.startTimer ??= setTimeout(() => this.resend(), START_WAIT_MS);
    }
  }

  /** The worker takes no runs: replace it, and send it again the runs it never started. */
  resend() {
    this.startTimer = null;
    const waiting = [...this.runs].filter(([, run]) => run.sent);
    this.dropWorker();
    for (const [id, run] of waiting) {
      run.onEvent?.({ kind: "notice", text: NOT_ANSWERING, title: "" });
      run.sent = false;
      this.send(id, run.message);
    }
  }

  /**
   * A callback left by an ended run raised: tell the run in progress, or else the next to start (the
   * reader asked for neither, and the run that armed it has already said how it ended). A timer
   * that keeps raising is counted, not repeated; errors that say different things are counted together.
   */
  late(text) {
    const running = [...this.runs.values()].find((run) => run.started && run.onEvent);
    if (running) return running.onEvent(lateNotice({ text, count: 1, mixed: false }));
    const before = this.lateErrors;
    this.lateErrors = { text, count: (before?.count ?? 0) + 1, mixed: Boolean(before && (before.mixed || before.text !== text)) };
  }

  /** Whether an example's run (not a tool's call) is waiting or in progress: a call waits behind it. */
  get runningExample() {
    return [...this.runs.values()].some((run) => run.onEvent);
  }

  /** Give a run waiting in input() the reader's answer; false if it cannot take it. */
  answer(id, text) {
    return this.runs.has(id) && Boolean(this.channel?.answer(text));
  }

  /**
   * Call a page tool's Python function (executor.call) with a text argument.
   * @returns {Promise<string>} what it returns; rejects with its error, or, if Python is replaced,
   * with an error whose `status` says how (as a run's) and `started` whether the call had begun.
   */
  call(module, name, argument) {
    const id = this.nextId++;
    const done = new Promise((resolve, reject) => this.runs.set(id, { resolve, reject }));
    this.send(id, { type: "call", id, module, name, argument });
    return done;
  }

  finish(id, status) {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.delete(id);
    clearTimeout(run.stopTimer);
    this.watchStarts();
    // A call learns whether it had begun: one that had not cannot have caused a restart, and may be asked again.
    if (run.reject) run.reject(Object.assign(new Error(`Python ${status}`), { status, started: Boolean(run.started) }));
    else run.resolve(status);
  }

  /** Stop a run: KeyboardInterrupt if possible, else (or if that fails) a fresh worker. */
  stop(id) {
    const run = this.runs.get(id);
    if (!run) return;
    // Still waiting for Python to start: nothing to interrupt (a Stop signal would be cleared when it starts).
    if (!run.sent) return this.finish(id, "cancelled");
    // Loading the packages it imports: the worker skips the code once they are in (or, past the grace, is replaced).
    if (run.started && !run.running && !run.reject) {
      run.cancelled = true;
      this.worker.postMessage({ type: "cancel", id });
      run.stopTimer ??= setTimeout(() => this.restart(STOPPED_LOADING), STOP_GRACE_MS);
    } else if (this.channel) {
      this.channel.interrupt();
      if (run.stopTimer == null) this.awaitInterrupt(run, performance.now() + STOP_GRACE_MS);
    } else {
      this.restart("Stopped by restarting Python: this host does not allow interrupting it (see “Running the examples”).");
    }
  }

  /** Give Python until `deadline` to take the interrupt, then CLEAN_UP_MS from the take to end the run. */
  awaitInterrupt(run, deadline) {
    if (this.channel.interruptTaken()) {
      run.stopTimer = setTimeout(() => this.restart(WENT_ON), CLEAN_UP_MS);
    } else if (performance.now() >= deadline) {
      this.restart(NOT_TAKEN);
    } else {
      run.stopTimer = setTimeout(() => this.awaitInterrupt(run, deadline), INTERRUPT_POLL_MS);
    }
  }

  crash(message, reject) {
    reject?.(new Error(message));
    // os._exit(n) ends the WebAssembly program with this message: the code's doing, not a crash.
    const exited = /^Program terminated with exit\((-?\d+)\)/.exec(message);
    if (this.started && exited) {
      this.restart(`The code ended Python itself (os._exit(${exited[1]})), so Python was restarted.`, "exited");
    } else if (this.started) {
      const why = STACK_OVERFLOW.test(message) ? ` ${STACK_HINT}` : "";
      this.restart(`Python crashed (${message}) and was restarted.${why}`, "crashed");
    } else {
      // Failing to start would fail again: report it and start over only on the next Run.
      this.discard("not-started", `Python could not start (${message}).`);
      this.onStatus(`Python could not start (${message}).`, null);
    }
  }

  discard(status, why) {
    this.dropWorker();
    for (const [id, run] of this.runs) {
      run.onEvent?.({ kind: "notice", text: why, title: "" });
      this.finish(id, status);
    }
  }

  /** Stop the worker; the next run or call boots a fresh one. */
  dropWorker() {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  /** Throw the worker away, end its pending runs saying why, and start a fresh one. */
  restart(why, status = "restarted") {
    this.discard(status, why);
    this.boot();
  }
}
