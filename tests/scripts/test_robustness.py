"""scripts/robustness.py --seeds: the pages' sentences checked on a block of seeds of the reader's choosing."""

from __future__ import annotations

import argparse

import pytest
import robustness

from pft.experiments import few_shot


def test_a_seed_block_is_first_to_last_inclusive_and_long_enough_for_a_pass_rate():
    assert robustness._block("31000-31029") == range(31000, 31030)
    with pytest.raises(argparse.ArgumentTypeError, match="FIRST-LAST"):
        robustness._block("31000")
    with pytest.raises(argparse.ArgumentTypeError, match="at least 10 seeds"):
        robustness._block("5-7")


def test_every_effect_is_printed_and_a_shortfall_fails_the_run(capsys, monkeypatch):
    robustness.check_seeds(["few_shot"], range(900_000, 900_010), jobs=1)
    out = capsys.readouterr().out
    assert out.startswith("few_shot\n") and sum(line.startswith("  ") for line in out.splitlines()) == len(few_shot.EFFECTS)
    monkeypatch.setattr(robustness, "shortfalls", lambda effect, record, exceptions=True: ["made to fail"])
    with pytest.raises(SystemExit) as stop:
        robustness.check_seeds(["few_shot"], range(900_000, 900_010), jobs=1)
    assert stop.value.code == 1
    assert f"{len(few_shot.EFFECTS)} effect(s) fall short" in capsys.readouterr().out


def test_a_hedge_no_seed_of_the_block_bears_out_is_a_note_not_a_shortfall(capsys, monkeypatch):
    monkeypatch.setattr(robustness, "shortfalls", lambda effect, record, exceptions=True: ["no seed below 0"] * exceptions)
    robustness.check_seeds(["few_shot"], range(900_000, 900_010), jobs=1)
    out = capsys.readouterr().out
    assert out.count("; note, on this block: no seed below 0") == len(few_shot.EFFECTS)
    assert out.rstrip().endswith("every effect bears out its sentence on seeds 900000-900009")


def test_a_check_with_another_pretrained_model_runs_with_that_model(capsys):
    robustness.check_seeds(["few_shot"], range(900_000, 900_010), jobs=1)
    shipped = capsys.readouterr().out
    try:  # an effect may fall short with another model: only what was printed matters here
        robustness.check_seeds(["few_shot"], range(900_000, 900_010), jobs=1, model_seed=1)
    except SystemExit:
        pass
    other = capsys.readouterr().out
    assert other.startswith("with the model pretrained with seed 1 in the shipped model's place\nfew_shot\n")
    assert other.splitlines()[2:-1] != shipped.splitlines()[1:-1], "the check ran with the shipped model"
    with pytest.raises(argparse.ArgumentTypeError, match="whole number"):
        robustness._model_seed("-1")
