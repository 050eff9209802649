"""What the runner keeps in the reader's browser (runner/src/store.js), in Node with a stand-in
localStorage: whatever a record holds, loading it gives a record and updating it keeps one."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

STORE_JS = ROOT / "runner" / "src" / "store.js"

HARNESS = """
const items = new Map();
globalThis.localStorage = {
  getItem: (key) => (items.has(key) ? items.get(key) : null),
  setItem: (key, value) => items.set(key, String(value)),
  removeItem: (key) => items.delete(key),
};
const { SnippetStore } = await import(%s);
const store = new SnippetStore("/fine-tuning/", "snippets/example.py");
items.set(store.key, %s);
const loaded = store.load();
store.update({ unfinished: true });
console.log(JSON.stringify({ loaded, stored: items.get(store.key) }));
"""


@pytest.mark.parametrize("stored", ['[1, 2]', '"text"', "3", "null", "true", "{not json"])
def test_a_stored_value_that_is_not_a_record_loads_as_an_empty_one_and_an_update_replaces_it(stored):
    node = shutil.which("node")
    assert node, "node is needed to run the runner's storage module"
    script = HARNESS % (json.dumps(STORE_JS.as_uri()), json.dumps(stored))
    result = json.loads(subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True,
                                       check=True).stdout)
    assert result == {"loaded": {}, "stored": '{"unfinished":true}'}
