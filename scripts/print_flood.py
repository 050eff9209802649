"""How long the page's main thread stalls while a snippet floods its output (scripts/bench_runner.py).

Three floods: 300,000 printed lines; 20,000 switches between stdout and stderr without a newline,
each of which starts an output element of its own (before the runner read the output's size once
per frame instead of once per element, 3,000 switches froze the page for about half a minute); and
300,000 redraws of one line with a carriage return, each flushed (before the executor sent such a
line at most every `REDRAW_INTERVAL_S`, each redraw was a message of its own, and an endless loop of
them froze the page for seconds at a time, Stop with it).
"""

from __future__ import annotations

import os

from chromium import RUN_TIMEOUT_MS, replace_code, wait_done

FLOODS = {
    "lines": "for i in range(300_000):\n    print(i)\n",
    "stream switches": "import sys\nfor i in range(20_000):\n    sys.stdout.write('a')\n    sys.stderr.write('b')\n",
    "redraws": "for i in range(300_000):\n    print(f'\\r{i}', end='', flush=True)\n",
}
# From the click on Run to the run's end: the longest gap between ticks of a 20 ms timer on the
# page's main thread, and the summed duration of the tasks the browser reports as long (> 50 ms).
WATCH_MAIN_THREAD_JS = """() => { const watch = window.pftWatch = {gap: 0, long: 0, last: performance.now()};
    watch.observer = new PerformanceObserver(list => { for (const task of list.getEntries()) watch.long += task.duration; });
    watch.observer.observe({type: 'longtask'});
    watch.timer = setInterval(() => { const now = performance.now(); watch.gap = Math.max(watch.gap, now - watch.last);
        watch.last = now; }, 20); }"""
STOP_WATCH_JS = """() => { const watch = window.pftWatch; clearInterval(watch.timer); watch.observer.disconnect();
    return [watch.gap, watch.long]; }"""


def print_flood(browser, origin: str, path: str, rounds: int, code: str) -> dict[str, list[float]]:
    """Per round, the main thread's longest stall and long tasks (ms) while ``code`` (one of FLOODS)
    runs in a warm page whose snapshot for later visits is already made, with the load average after it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    root = page.locator(".pft-snippet[data-pft-runner]").first
    replace_code(page, root, "print(1)")
    root.locator("button.pft-run").click()
    wait_done(page, root)
    # Once no worker is making a snapshot for later visits (none is after a boot from a snapshot).
    page.wait_for_function("() => { const facts = document.documentElement.dataset;"
                           " return facts.pftBoot && (facts.pftBoot !== 'normal' || facts.pftSnapshot); }", timeout=RUN_TIMEOUT_MS)
    replace_code(page, root, code)
    figures = {"stall": [], "long": [], "load": []}
    for _ in range(rounds):
        root.evaluate("root => delete root.dataset.pftStatus")
        page.evaluate(WATCH_MAIN_THREAD_JS)
        root.locator("button.pft-run").click()
        assert wait_done(page, root) == "ok"
        stall, long = page.evaluate(STOP_WATCH_JS)
        figures["stall"].append(stall)
        figures["long"].append(long)
        figures["load"].append(os.getloadavg()[0])
    context.close()
    return figures
