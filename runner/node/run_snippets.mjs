// Run snippets under the real Pyodide runtime in Node, as the browser worker does: the same npm
// package, the site's pyodide-lock.json and wheels, the same glue and runtime module.
// stdin: JSON [{name, code}]. stdout: JSON [{name, status, stdout, stderr}]. Boots once.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { startPython } from "../src/runtime.js";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = process.argv[2];
const snippets = JSON.parse(readFileSync(0, "utf8"));
const glue = readFileSync(join(here, "..", "py", "executor.py"), "utf8");
const quiet = () => {};
const python = await startPython(
  loadPyodide,
  { lockFileURL: join(vendor, "pyodide-lock.json"), packageCacheDir: vendor, stdout: quiet, stderr: quiet },
  glue,
);
const results = [];
for (const { name, code } of snippets) {
  const out = { name, stdout: "", stderr: "", notices: [] };
  const emit = (kind, text) => {
    if (kind === "notice") out.notices.push(text);
    else out[kind] += text;
  };
  out.status = await python.run(code, emit, { charts: false });
  results.push(out);
}
process.stdout.write(JSON.stringify(results));
