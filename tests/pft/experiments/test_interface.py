"""Every experiment module states the same interface: Settings, run(*, seed, settings), Result."""

from __future__ import annotations

import dataclasses
import importlib
import inspect

import pytest

from pft.experiments import result
from pft.experiments.effects import EXPERIMENTS
from pft.experiments.settings import BaseSettings

# Every experiment module: test_effects checks that EXPERIMENTS names them all.
MODULES = [importlib.import_module(f"pft.experiments.{name}") for name in EXPERIMENTS]


def test_every_experiment_is_found():
    assert len(MODULES) >= 11


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_settings_run_and_result_have_the_stated_shape(module):
    settings = module.Settings()
    assert dataclasses.is_dataclass(settings) and type(settings).__dataclass_params__.frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(settings, dataclasses.fields(settings)[0].name, None)
    assert isinstance(settings, BaseSettings)
    counts = [f.name for f in dataclasses.fields(settings) if getattr(settings, f.name).__class__ is int]
    assert counts, "every experiment has a count to check"
    with pytest.raises(ValueError, match=f"{counts[0]} must be an int >= 1"):
        dataclasses.replace(settings, **{counts[0]: 0})
    params = inspect.signature(module.run).parameters
    assert list(params) == ["seed", "settings"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values())
    assert params["settings"].default == module.Settings() and isinstance(params["seed"].default, int)
    assert result.Result in module.Result.__mro__


def test_a_missing_row_is_a_clear_error():
    from pft.experiments import format_control

    found = format_control.Result((format_control.Row("plain", 0.0, 0.0, "x"),))
    assert found.row("plain").condition == "plain"
    with pytest.raises(KeyError, match=r"no row 'typo'; the rows are \['plain'\]"):
        found.row("typo")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_row_class_is_a_frozen_dataclass_labelled_by_its_first_field(module):
    rows = [c for c in vars(module).values()
            if isinstance(c, type) and result.Row in c.__mro__[1:] and dataclasses.is_dataclass(c)]
    assert rows, "an experiment's rows are a result.Row"
    for row in rows:
        assert row.__dataclass_params__.frozen, row.__qualname__
        label = dataclasses.fields(row)[0]
        assert label.type in ("str", "int", str, int), f"{row.__qualname__} is labelled by {label.name}: {label.type}"
