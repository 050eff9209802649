"""runner/src/bandwidth.js, in Node: the rate of downloads is taken on what went over the network.

A response streamed in chunks at a known pace (decoded bytes per second) must be timed at that
rate when the host sent it as is, and at the rate of its compressed bytes when it was compressed
(by its Content-Length, or by the file's gzipped size when the host gives none); two responses
coming at once are timed together (the connection carries both); the response handed on carries
every byte, and a failed download gives no rate.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

NODE = shutil.which("node")
CHUNK, CHUNKS, PACE_MS = 100_000, 40, 10  # 4 MB at 10 MB/s = 80 Mbit/s decoded
SCRIPT = """
import { Meter, SAMPLE_BYTES } from %(module)s;
const [chunk, chunks, pace] = %(args)s;
function response(headers, fail = false) {
  let sent = 0;
  const body = new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, pace));
      if (fail && sent === 5) return controller.error(new Error("connection lost"));
      if (sent++ === chunks) return controller.close();
      controller.enqueue(new Uint8Array(chunk));
    },
  });
  return new Response(body, { headers });
}
const total = chunk * chunks;
const out = {};
for (const [name, headers, gzipped] of [
  ["plain", {}, total],
  ["length", { "Content-Encoding": "gzip", "Content-Length": String(total / 4) }, total / 2],
  ["gzipped", { "Content-Encoding": "gzip" }, total / 2],
]) {
  const timed = new Meter().watch(response(headers), total, gzipped);
  out[name] = { mbit: await timed.sampled, bytes: (await timed.response.arrayBuffer()).byteLength };
}
const meter = new Meter();
const [first, second] = [meter.watch(response({}), total), meter.watch(response({}), total)];
out.together = { mbit: await first.sampled, bytes: (await second.response.arrayBuffer()).byteLength };
out.failed = await new Meter().watch(response({}, true), total).sampled;
out.sample = SAMPLE_BYTES;
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def timed() -> dict:
    assert NODE, "node is needed to test runner/src/bandwidth.js"
    script = SCRIPT % {"module": json.dumps((ROOT / "runner" / "src" / "bandwidth.js").as_uri()),
                       "args": json.dumps([CHUNK, CHUNKS, PACE_MS])}
    proc = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_sample_is_smaller_than_the_test_download(timed):
    assert timed["sample"] < CHUNK * CHUNKS


@pytest.mark.parametrize(("name", "sent_per_byte"), [("plain", 1), ("length", 1 / 4), ("gzipped", 1 / 2), ("together", 2)])
def test_a_download_is_timed_at_the_rate_of_what_was_sent(timed, name, sent_per_byte):
    paced = CHUNK * 8 / (PACE_MS * 1e3) * sent_per_byte
    # Timers only ever fire late, so the rate measured is at most the pace, and on a busy machine lower.
    assert 0.4 * paced < timed[name]["mbit"] <= 1.05 * paced, timed[name]
    assert timed[name]["bytes"] == CHUNK * CHUNKS


def test_a_failed_download_gives_no_rate(timed):
    assert timed["failed"] is None
