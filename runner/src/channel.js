// Shared memory between the page and the worker, on a cross-origin isolated page (elsewhere there
// is none: Stop restarts the worker and input() explains why it cannot read).
// Int32 slot 0 is Pyodide's interrupt signal (2 is SIGINT), which every wait in the worker also
// sleeps on, so Stop wakes it; slot 1 holds the byte length of a line of input with its newline
// (0: the reader ended the input; -1: nothing yet), whose UTF-8 bytes follow from byte 8.

const SIGNAL = 0;
const LENGTH = 1;
const SIGINT = 2;
const NONE = -1;
const HEADER_BYTES = 8;
export const MAX_ANSWER_BYTES = 64 * 1024;
// A missed wake-up (Stop pressed between a check and the wait) costs at most this long.
const POLL_MS = 100;

/** A new channel's buffer, or null where shared memory is not allowed. */
export function createChannelBuffer() {
  if (!self.crossOriginIsolated || typeof SharedArrayBuffer !== "function") return null;
  // An answer, and the newline that ends it.
  const buffer = new SharedArrayBuffer(HEADER_BYTES + MAX_ANSWER_BYTES + 1);
  new Int32Array(buffer, 0, 2)[LENGTH] = NONE;
  return buffer;
}

/** The page's end: Stop and answers. */
export class PageChannel {
  constructor(buffer) {
    this.slots = new Int32Array(buffer, 0, 2);
    this.bytes = new Uint8Array(buffer, HEADER_BYTES);
  }

  interrupt() {
    Atomics.store(this.slots, SIGNAL, SIGINT);
    Atomics.notify(this.slots, SIGNAL);
    Atomics.notify(this.slots, LENGTH);
  }

  /** Whether Python has taken the last interrupt (raised KeyboardInterrupt, which clears the signal). */
  interruptTaken() {
    return Atomics.load(this.slots, SIGNAL) !== SIGINT;
  }

  /** Hand a line of input (ending in a newline; "" ends the input) to the waiting code; false if it is too long to pass. */
  answer(text) {
    // TextEncoder cannot write into shared memory: encode, then copy.
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > this.bytes.length) return false;
    this.bytes.set(bytes);
    Atomics.store(this.slots, LENGTH, bytes.length);
    Atomics.notify(this.slots, LENGTH);
    return true;
  }
}

// What the worker's end needs of its globals, taken when the module loads: a run's code can replace
// them (import js; js.Atomics.wait = None), and later runs must still sleep, read input and stop.
const { wait: atomicWait, load, store, compareExchange } = Atomics;
const decode = TextDecoder.prototype.decode;
const slice = Object.getPrototypeOf(Uint8Array.prototype).slice;
const apply = Reflect.apply;

/** The worker's end: Pyodide's interrupt buffer, waits that Stop ends, and reading answers. */
export class WorkerChannel {
  constructor(buffer) {
    this.slots = new Int32Array(buffer, 0, 2);
    this.bytes = new Uint8Array(buffer, HEADER_BYTES);
    this.signal = new Int32Array(buffer, 0, 1);
    this.decoder = new TextDecoder();
  }

  /** Forget an earlier Stop or answer: a new run starts. */
  reset() {
    store(this.slots, SIGNAL, 0);
    store(this.slots, LENGTH, NONE);
  }

  // Take a pending Stop as Python would (its interrupt check clears the signal too).
  takeStop() {
    return compareExchange(this.slots, SIGNAL, SIGINT, 0) === SIGINT;
  }

  /** Sleep up to `seconds`; true at once if Stop was pressed. */
  wait(seconds) {
    const deadline = performance.now() + seconds * 1000;
    for (let left = seconds * 1000; left > 0; left = deadline - performance.now()) {
      if (this.takeStop()) return true;
      atomicWait(this.slots, SIGNAL, 0, left);
    }
    return this.takeStop();
  }

  /** The reader's line of input, once given ("" if the input was ended); undefined (None in Python) if Stop was pressed first. */
  readLine() {
    for (;;) {
      if (this.takeStop()) return undefined;
      const length = load(this.slots, LENGTH);
      if (length !== NONE) {
        const text = apply(decode, this.decoder, [apply(slice, this.bytes, [0, length])]);
        store(this.slots, LENGTH, NONE);
        return text;
      }
      atomicWait(this.slots, LENGTH, NONE, POLL_MS);
    }
  }
}
