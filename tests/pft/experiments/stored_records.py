"""Checks shared by the tests of the two files of measured effects (the robustness file and the
other models' file): a stored record matches the experiment as this tree declares it, and a rerun
of one of its seeds gives the stored values exactly."""

from __future__ import annotations

from importlib import import_module

from pft.experiments import effects


def assert_current(record: dict, experiment: str, remake: str) -> None:
    """``record`` was measured on ``experiment``'s reporting seeds, settings and effects."""
    module = import_module(f"pft.experiments.{experiment}")
    assert record["seeds"] == list(effects.reporting_seeds(experiment)), experiment
    assert record["settings"] == effects.settings_of(module), f"{experiment}: settings changed; run {remake}"
    assert sorted(record["effects"]) == sorted(e.name for e in module.EFFECTS), experiment


def assert_reproduces(record: dict, experiment: str, position: int, remake: str) -> None:
    """Running ``experiment`` on its reporting seed at ``position`` gives ``record``'s values there."""
    module = import_module(f"pft.experiments.{experiment}")
    seeds = effects.reporting_seeds(experiment)
    fresh = effects.evaluate(module, module.run(seed=seeds[position]))
    for name, (value, holds) in fresh.items():
        stored = record["effects"][name]
        assert stored["values"][position] == value, f"{experiment}/{name}: run {remake}"
        assert stored.get("holds", [None] * len(seeds))[position] == holds
