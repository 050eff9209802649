// Python with the runner's glue loaded: shared by the browser worker and the Node parity test,
// so both run snippets through exactly the same code path.

const GLUE_DIR = "/runner";

/**
 * Boot Pyodide and load the glue module (runner/py/executor.py, passed as text).
 * @returns {Promise<{pyodide: object, run: (code: string, emit: Function, options?: object) => Promise<string>,
 *   call: (module: string, name: string, argument: string) => Promise<string>}>}
 */
export async function startPython(loadPyodide, options, glueSource) {
  const pyodide = await loadPyodide(options);
  writeGlue(pyodide, "executor", glueSource);
  const glue = pyodide.pyimport("executor");
  const glueRun = glue.run;
  // What a snippet can import besides the standard library: the site lock's packages.
  const packages = pyodide.toPy(Object.values(pyodide.lockfile.packages).flatMap((p) => p.imports).sort());

  // `host` (see executor.Host) lets input() and time.sleep wait on the page; undefined where it cannot.
  // `beforeCode` is asked once the packages are in: false (Stop came while they loaded) ends the run
  // "cancelled", before any of the code runs.
  async function run(code, emit, { charts = true, onMessage = () => {}, host, beforeCode = () => true } = {}) {
    // Packages named by the code's imports (ours and its dependencies) come from the site lock.
    await pyodide.loadPackagesFromImports(code, { messageCallback: onMessage, errorCallback: onMessage });
    if (!beforeCode()) return "cancelled";
    return glueRun.callKwargs(code, emit, { charts, host, packages });
  }
  // A page tool's function (executor.call): its module stays loaded between calls.
  async function call(module, name, argument) {
    await pyodide.loadPackagesFromImports(`import ${module}`);
    return glue.call(module, name, argument);
  }
  return { pyodide, run, call };
}

/** Put a glue module (runner/py/<name>.py, as text) where Python imports it from. */
export function writeGlue(pyodide, name, source) {
  pyodide.FS.mkdirTree(GLUE_DIR);
  pyodide.FS.writeFile(`${GLUE_DIR}/${name}.py`, source);
  // A Python restored from a memory snapshot already has the folder on its path.
  pyodide.runPython(`import sys\nif "${GLUE_DIR}" not in sys.path: sys.path.insert(0, "${GLUE_DIR}")`);
}
