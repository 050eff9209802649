// How fast the connection is, measured on a download Python needs anyway: it decides whether a first
// visit fetches the site's memory snapshot (snapshot.js, `shippedMinMbit`).
//
// The page's own files are too small to tell: at 50 Mbit/s a 20 KB response measured about 3 Mbit/s.
// Pyodide's WebAssembly runtime and standard library are the first large files every start-up
// needs. The worker starts them as Pyodide would, and their downloads are timed together until
// SAMPLE_BYTES of the runtime came, while they go on for Pyodide: the choice waits a fraction of a
// second, during which the connection carries what it would have carried anyway.

// Enough of the runtime (as decoded) to tell the rate from the latency and the emulated network's
// bursts: about 0.75 MB on the network when the host compresses it, 0.7 s at 9 Mbit/s, 0.12 s at 50.
export const SAMPLE_BYTES = 2_000_000;

/**
 * The downloads Python's start-up makes together (its runtime and its standard library), timed as
 * the connection carries them: their bytes as sent, over the time since the first of them arrived.
 */
export class Meter {
  sent = 0;
  start = null;

  /** The rate so far in Mbit/s, or null before anything past the first chunk came. */
  mbit(now = performance.now()) {
    return this.sent && now > this.start ? (this.sent * 8) / ((now - this.start) * 1e3) : null;
  }

  /**
   * Count `response`, a file of `decodedBytes` that the host may have compressed (`gzippedBytes`:
   * its size gzip-compressed, for a host that does not say how large it sent it), as it comes.
   * @returns {{response: Response, sampled: Promise<number|null>}} the same download, to hand on
   *   whole, and the meter's rate once SAMPLE_BYTES of this file (or all of it) came; null if it failed.
   */
  watch(response, decodedBytes, gzippedBytes = decodedBytes) {
    // The body is read decoded; the network carried it as sent.
    const encoded = response.headers.get("Content-Encoding");
    const length = Number(response.headers.get("Content-Length"));
    const sentPerByte = !encoded ? 1 : (length || gzippedBytes) / decodedBytes;
    const [timed, kept] = response.body.tee();
    let report;
    const sampled = new Promise((resolve) => (report = resolve));
    (async () => {
      // Read to the end, or the tee would hold the download back for Pyodide too.
      const reader = timed.getReader();
      let decoded = 0;
      for (;;) {
        const { done, value } = await reader.read();
        const now = performance.now();
        if (done) return report(this.mbit(now));
        // From the first chunk on: the wait for it is latency, not rate.
        if (this.start === null) this.start = now;
        else this.sent += value.byteLength * sentPerByte;
        decoded += value.byteLength;
        if (decoded >= SAMPLE_BYTES) report(this.mbit(now));
      }
    })().catch(() => report(null));
    const { status, statusText, headers } = response;
    return { response: new Response(kept, { status, statusText, headers }), sampled };
  }
}

// How long a finished download's timing entry may take to be recorded.
const TIMING_WAIT_MS = 200;

/**
 * Whether the browser's HTTP cache answered for `url`, a finished download (from the cache, or after
 * asking the server whether its copy is current): its speed then says nothing about the network.
 * True also when the browser keeps no timing of it.
 */
export async function fromCache(url) {
  const deadline = performance.now() + TIMING_WAIT_MS;
  let entry = performance.getEntriesByName(url)[0];
  while (!entry && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    entry = performance.getEntriesByName(url)[0];
  }
  return !entry || entry.transferSize < entry.encodedBodySize;
}
