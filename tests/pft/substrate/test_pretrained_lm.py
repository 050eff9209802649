"""The shipped weights are small, load as package data, and come from scripts/train_lm.py."""

from __future__ import annotations

import json
from importlib import resources

from pft.substrate.lm import TinyLM
from pft.substrate.pretraining import CONFIG, fingerprint, pretrain

DATA = resources.files("pft.substrate").joinpath("data", "tiny_lm.json")


def _shipped() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_weights_file_is_small_and_matches_the_config():
    assert len(DATA.read_bytes()) <= 1_000_000
    data = _shipped()
    assert data["config"] == CONFIG
    assert TinyLM.pretrained().trainable_parameters() == sum(
        len(v) * (len(v[0]) if isinstance(v[0], list) else 1) for v in data["params"].values())


def test_first_epoch_of_training_reproduces_the_recorded_fingerprint():
    assert fingerprint(pretrain(stop_after=1)) == _shipped()["fingerprint_epoch1"]


def test_full_training_rebuilds_the_shipped_weights():
    rebuilt = pretrain().to_dict()["params"]
    shipped = _shipped()["params"]
    assert rebuilt.keys() == shipped.keys()
    for name, value in shipped.items():
        flat_a = [x for row in value for x in (row if isinstance(row, list) else [row])]
        flat_b = [x for row in rebuilt[name] for x in (row if isinstance(row, list) else [row])]
        assert len(flat_a) == len(flat_b), name
        assert max(abs(a - b) for a, b in zip(flat_a, flat_b)) <= 1e-4, name
