"""scripts/audit_pages.py: the main thread's processor time is read from a Lighthouse trace."""

from __future__ import annotations

import json

import audit_pages


def task(pid: int, tid: int, dur: int, tdur: int, name: str = "RunTask") -> dict:
    """A trace event of `dur` microseconds on the clock, `tdur` on the processor."""
    return {"name": name, "ph": "X", "pid": pid, "tid": tid, "ts": 0, "dur": dur, "tdur": tdur}


def test_the_main_thread_cpu_time_is_the_busiest_renderer_main_threads_tasks_on_the_processor(tmp_path):
    names = [{"name": "thread_name", "ph": "M", "pid": p, "tid": t, "args": {"name": n}}
             for p, t, n in [(1, 1, "CrRendererMain"), (2, 1, "CrRendererMain"), (2, 2, "Compositor")]]
    events = names + [task(1, 1, 90_000, 30_000), task(2, 1, 300_000, 100_000), task(2, 1, 50_000, 20_000),
                      task(2, 1, 999_000, 999_000, "Layout"), task(2, 2, 500_000, 500_000)]
    trace = tmp_path / "trace.json"
    trace.write_text(json.dumps({"traceEvents": events}))
    assert audit_pages.main_thread_cpu_ms(trace) == 120


def report(benchmark: float, warnings: list[str]) -> dict:
    return {"categories": {c: {"score": 0.97} for c in audit_pages.CATEGORIES},
            "audits": {"total-blocking-time": {"numericValue": 150.0}}, "cpu_ms": 250.0,
            "environment": {"benchmarkIndex": benchmark}, "runWarnings": warnings}


def test_a_run_lighthouse_warns_was_on_a_slow_host_is_marked_and_its_benchmark_index_printed():
    warning = ("The tested device appears to have a slower CPU than Lighthouse expects. This can negatively "
               "affect your performance score.")
    values, slow = audit_pages.measure(report(880.0, [warning]))
    assert slow and values[:7] == [97.0, 97.0, 97.0, 97.0, 150.0, 250.0, 880.0]
    assert audit_pages.measure(report(1600.0, []))[1] is False


def test_the_calibrated_multiplier_follows_lighthouses_calculator_between_and_beyond_its_anchor_points():
    assert [audit_pages.calibrated_multiplier(b) for b in (100, 150, 800, 1300, 1533, 2232)] == [1, 1, 2, 3, 4, 7]
    assert audit_pages.calibrated_multiplier(1050) == 2.5
