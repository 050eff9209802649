// How fast the connection is, measured on a download Python needs anyway: it decides whether a first
// visit fetches the site's memory snapshot (snapshot.js, `shippedMinMbit`).
//
// The page's own files are too small to tell: at 50 Mbit/s a 20 KB response measured about 3 Mbit/s.
// Pyodide's WebAssembly runtime is the first large file every start-up needs. Its download is timed
// over its first SAMPLE_BYTES while it goes on for Pyodide, so the choice waits a fraction of a
// second, during which the connection is busy with that same download: nothing is fetched twice.

// Enough of the runtime (as decoded) to tell the rate from the latency and the emulated network's
// bursts: about 0.75 MB on the network when the host compresses it, 0.7 s at 9 Mbit/s, 0.12 s at 50.
export const SAMPLE_BYTES = 2_000_000;

/**
 * Time the download of `response`, a file of `decodedBytes` that the host may have compressed
 * (`gzippedBytes`: its size gzip-compressed, for a host that does not say how large it sent it).
 * @returns {{response: Response, mbit: Promise<number|null>}} the same download, to hand on whole, and
 *   the rate, in Mbit/s of what went over the network, once SAMPLE_BYTES (or the whole file) came;
 *   null if the download failed.
 */
export function timeDownload(response, decodedBytes, gzippedBytes) {
  // The body is read decoded; the network carried it as sent.
  const encoded = response.headers.get("Content-Encoding");
  const length = Number(response.headers.get("Content-Length"));
  const sentPerByte = !encoded ? 1 : (length || gzippedBytes) / decodedBytes;
  const [timed, kept] = response.body.tee();
  const mbit = (async () => {
    const reader = timed.getReader();
    let start = null;
    let counted = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        const now = performance.now();
        // From the first chunk on: the wait for it is latency, not rate.
        if (start !== null && value) counted += value.byteLength;
        start ??= now;
        if (done || counted >= SAMPLE_BYTES) {
          reader.releaseLock();
          // The rest still has to be read, or the tee holds the download back for both branches.
          if (!done) timed.pipeTo(new WritableStream()).catch(() => {});
          return counted && now > start ? (counted * sentPerByte * 8) / ((now - start) * 1e3) : null;
        }
      }
    } catch {
      return null;
    }
  })();
  const { status, statusText, headers } = response;
  return { response: new Response(kept, { status, statusText, headers }), mbit };
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
