"""The page's side of the runner (runner/src/client.js) in Node, against a stand-in worker whose
messages the test sends, so that orders of events a browser produces only by chance can be set up."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

from conftest import ROOT

CLIENT_JS = ROOT / "runner" / "src" / "client.js"

HARNESS = """
globalThis.self = globalThis;
globalThis.crossOriginIsolated = true;
const workers = [];
globalThis.Worker = class {
  constructor() { this.sent = []; workers.push(this); }
  postMessage(message) { this.sent.push(message); }
  terminate() { this.terminated = true; }
};
const { RunnerClient } = await import(%s);
const client = new RunnerClient({ workerURL: new URL("file:///worker.js"), indexURL: new URL("file:///"), onStatus() {} });
const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
const { id, done } = client.run("print(1)", () => {});
await tick();
const worker = workers[0];
const boot = worker.sent[0];
const say = (data) => boot.port.postMessage(data);
say({ type: "ready", from: "snapshot", mbit: 0 });
await tick();
say({ type: "started", id });
await tick();
"""


def node_run(scenario: str) -> dict:
    """Run ``scenario`` after HARNESS has a run started in the stand-in worker; it sets ``result``."""
    node = shutil.which("node")
    assert node, "node is needed to run the page's runner client"
    script = HARNESS % json.dumps(CLIENT_JS.as_uri()) + "const result = {};\n" + scenario + (
        "\nprocess.stdout.write(JSON.stringify(result));\nprocess.exit(0);\n")
    out = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_stop_that_crosses_the_code_starting_interrupts_the_code():
    """Stop pressed while the run's packages load sends a cancel; if the worker had begun the code
    before it read it, the code is interrupted when the page hears it began, not restarted later
    with a note saying none of it ran."""
    result = node_run("""
client.stop(id);
result.cancel = worker.sent.some((message) => message.type === "cancel" && message.id === id);
say({ type: "running", id });
await tick();
const signal = new Int32Array(boot.channel, 0, 1);
result.signal = Atomics.load(signal, 0);
Atomics.store(signal, 0, 0);
say({ type: "done", id, status: "interrupted" });
result.status = await done;
result.workers = workers.length;
""")
    assert result == {"cancel": True, "signal": 2, "status": "interrupted", "workers": 1}


def test_the_clean_up_grace_counts_from_when_python_takes_the_interrupt():
    """Python takes the interrupt late in the first grace and then cleans up for less than the second:
    the run ends as interrupted. Counted from Stop, the two graces had restarted it while it tidied up."""
    result = node_run("""
const signal = new Int32Array(boot.channel, 0, 1);
const at = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const notices = [];
client.runs.get(id).onEvent = (event) => notices.push(event.text);
say({ type: "running", id });
await tick();
client.stop(id);
await at(1300);
Atomics.store(signal, 0, 0);
await at(1800);
say({ type: "done", id, status: "interrupted" });
result.status = await done;
result.workers = workers.length;
result.notices = notices;
""")
    assert result == {"status": "interrupted", "workers": 1, "notices": []}


def test_a_restart_ends_a_pending_tool_call_as_well_as_the_runs_and_boots_python_again():
    """A page tool's call has no output to tell: a restart while one waits rejects it (saying it had
    not begun, so the tool may ask again), ends the run beside it with the reason, and still boots a
    fresh worker, so the page's next run and call work."""
    result = node_run("""
const notices = [];
client.runs.get(id).onEvent = (event) => notices.push(event.text);
const call = client.call("pft.tools", "answer", "{}").catch((error) => [error.message, error.status, error.started]);
client.restart("why");
result.call = await call;
result.status = await done;
result.notices = notices;
result.workers = workers.length;
""")
    assert result == {"call": ["Python restarted", "restarted", False], "status": "restarted", "notices": ["why"], "workers": 2}


def test_the_page_on_running_examples_gives_the_graces_the_client_uses():
    source = CLIENT_JS.read_text(encoding="utf-8")
    page = " ".join((ROOT / "docs" / "running-snippets.md").read_text(encoding="utf-8").split())
    grace = {name: int(ms) / 1000 for name, ms in re.findall(r"const (STOP_GRACE_MS|CLEAN_UP_MS) = (\d+);", source)}
    assert f"restarted after {grace['STOP_GRACE_MS']:g} seconds" in page
    assert f"has {grace['CLEAN_UP_MS']:g} seconds from then to finish" in page
