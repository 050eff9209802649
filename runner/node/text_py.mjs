// Lets Node import the runner's Python glue (runner/py/*.py) as text, as the browser bundle's
// esbuild text loader does, so Node runs runner/src/ modules unchanged. Use: node --import ./text_py.mjs.
import { readFileSync } from "node:fs";
import { register } from "node:module";

export async function load(url, context, nextLoad) {
  if (!url.endsWith(".py")) return nextLoad(url, context);
  const source = `export default ${JSON.stringify(readFileSync(new URL(url), "utf8"))};`;
  return { format: "module", source, shortCircuit: true };
}

if (!process.env.PFT_TEXT_PY_HOOKED) {
  process.env.PFT_TEXT_PY_HOOKED = "1";
  register(import.meta.url);
}
