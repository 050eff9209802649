"""Time every experiment snippet under CPython and under Pyodide (Node), in one run.

    .venv/bin/python scripts/bench_models.py [--repeat N]

Prints one row per experiment snippet that exists: its wall time under CPython
(and the CPU time, which a busy machine inflates less), under Pyodide 314
running in Node, and the ratio of the wall times. Both sides run the same
driver (`DRIVER` below): every snippet runs in one interpreter with its output
captured and its charts rendered to SVG (as at build time and in the browser),
after the `pft` and `pygal` modules are dropped from `sys.modules`, so each
time includes importing them, as a fresh run would, but not the interpreter's
start-up. Pyodide's boot and package set-up are reported on a line of their own.

Pyodide loads our package the way the site does: `scripts/build_assets.py`
(incremental) puts the runtime, the `pft` wheel built from this tree, its
pinned dependencies and the site's pyodide-lock.json in docs/assets/vendor/
pyodide/, and the benchmark boots from there and calls `loadPackage("pft")`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "docs" / "assets" / "vendor" / "pyodide"
BUDGET_CPYTHON = 1.5
BUDGET_PYODIDE = 4.0

EXPERIMENTS = (
    ("1 prompt wording", "prompt-engineering/template_sensitivity.py"),
    ("2 few-shot curve", "prompt-engineering/few_shot_curve.py"),
    ("3 calibration", "prompt-engineering/calibration.py"),
    ("4 prompt worth", "fine-tuning/prompt_worth.py"),
    ("5 adaptation/forgetting", "fine-tuning/domain_adaptation.py"),
    ("6 low-rank adapters", "fine-tuning/low_rank.py"),
    ("6b soft prompt", "fine-tuning/soft_prompt.py"),
    ("7 cost break-even", "key-differences/break_even.py"),
    ("8 format control", "key-differences/format_control.py"),
    ("9 synergy 2x2", "synergy/two_by_two.py"),
    ("10 knowledge", "synergy/retrieval_vs_finetune.py"),
)

DRIVER = r'''
import contextlib, io, json, runpy, sys, time

def _bench(paths, repeat):
    times, cpu = {}, {}
    for path in paths:
        best = best_cpu = None
        for _ in range(repeat):
            for name in [m for m in sys.modules if m.split(".")[0] in ("pft", "pygal")]:
                del sys.modules[name]
            start, start_cpu = time.perf_counter(), time.process_time()
            # Draw the charts, as the site build and the browser do (plain runs only print a line).
            import pft
            pft.set_chart_handler(lambda title, svg: None)
            with contextlib.redirect_stdout(io.StringIO()):
                runpy.run_path(path, run_name="__main__")
            elapsed, used = time.perf_counter() - start, time.process_time() - start_cpu
            best = elapsed if best is None else min(best, elapsed)
            best_cpu = used if best_cpu is None else min(best_cpu, used)
        times[path], cpu[path] = best, best_cpu
    return json.dumps({"wall": times, "cpu": cpu})
'''

NODE_SCRIPT = r'''
const fs = require("fs");
const path = require("path");
const [vendorDir, workDir, driverPath, pathsJson, repeat] = process.argv.slice(2);
(async () => {
  const t0 = performance.now();
  const { loadPyodide } = await import(path.join(vendorDir, "pyodide.mjs"));
  const py = await loadPyodide({ indexURL: vendorDir + "/" });
  const t1 = performance.now();
  await py.loadPackage("pft", { messageCallback: () => {} });
  const rels = JSON.parse(pathsJson);
  for (const rel of rels) {
    py.FS.mkdirTree("/bench/" + path.dirname(rel));
    py.FS.writeFile("/bench/" + rel, fs.readFileSync(path.join(workDir, rel)));
  }
  py.runPython("import os; os.chdir('/bench')");
  const t2 = performance.now();
  py.runPython(fs.readFileSync(driverPath, "utf8"));
  const result = py.runPython(`_bench(${JSON.stringify(rels)}, ${repeat})`);
  console.log(JSON.stringify({ boot: (t1 - t0) / 1000, setup: (t2 - t1) / 1000, times: JSON.parse(result).wall }));
})().catch((e) => { console.error(e); process.exit(1); });
'''


def _cpython(paths: list[str], repeat: int) -> dict[str, dict[str, float]]:
    code = DRIVER + f"\nprint(_bench({paths!r}, {repeat}))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "snippets", check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"CPython run failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pyodide(paths: list[str], repeat: int, tmp: Path) -> dict:
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_assets.py")], cwd=ROOT, check=True,
                   capture_output=True)
    (tmp / "driver.py").write_text(DRIVER)
    (tmp / "bench.cjs").write_text(NODE_SCRIPT)
    proc = subprocess.run(
        ["node", str(tmp / "bench.cjs"), str(VENDOR), str(ROOT / "snippets"), str(tmp / "driver.py"),
         json.dumps(paths), str(repeat)],
        check=False, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"Pyodide run failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per snippet; the fastest is reported")
    parser.add_argument("--only", default="", help="time only snippets whose path contains this text")
    args = parser.parse_args()
    rows = [(name, rel) for name, rel in EXPERIMENTS if (ROOT / "snippets" / rel).exists() and args.only in rel]
    if not rows:
        raise SystemExit("no experiment snippet exists yet")
    paths = [rel for _, rel in rows]
    cpython = _cpython(paths, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        pyodide = _pyodide(paths, args.repeat, Path(tmp))
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    print(f"machine load during the run: {load:.1f} busy processes per core (timings are wall clock; >1 inflates them)")
    print(f"Pyodide boot {pyodide['boot']:.2f} s, package set-up {pyodide['setup']:.2f} s (not included below)")
    print(f"{'experiment':<26} {'snippet':<46} {'CPython s':>9} {'(CPU s)':>8} {'Pyodide s':>9} {'ratio':>6}")
    over = []
    for name, rel in rows:
        c, cpu, p = cpython["wall"][rel], cpython["cpu"][rel], pyodide["times"][rel]
        flag = " !" if c > BUDGET_CPYTHON or p > BUDGET_PYODIDE else ""
        if flag:
            over.append(rel)
        print(f"{name:<26} {rel:<46} {c:>9.2f} {cpu:>8.2f} {p:>9.2f} {p / c:>6.1f}{flag}")
    print(f"budget: {BUDGET_CPYTHON} s CPython, {BUDGET_PYODIDE} s Pyodide; "
          + (f"over budget (!): {', '.join(over)}" if over else "all within budget"))


if __name__ == "__main__":
    if shutil.which("node") is None:
        raise SystemExit("node is needed for the Pyodide timings")
    main()
