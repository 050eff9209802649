"""Multiply-add meters: nesting, kinds, argument checks."""

from __future__ import annotations

import pytest

from pft.substrate import compute


def test_nothing_is_counted_outside_a_meter():
    with compute.measure() as meter:
        compute.add(2)
    compute.add(5)
    assert meter.madds == 2


def test_meters_nest_and_split_by_kind():
    with compute.measure() as outer:
        compute.add(3, "forward")
        with compute.measure() as inner:
            compute.add(4, "backward")
        compute.add(2, "update")
    assert inner.madds == 4 and inner.by_kind["backward"] == 4
    assert outer.madds == 9
    assert outer.by_kind == {"forward": 3, "backward": 4, "update": 2}


@pytest.mark.parametrize(("madds", "kind", "message"), [(-1, "forward", "madds must be"), (1.5, "forward", "madds must be"), (1, "sideways", "kind must be one of")])
def test_bad_counts_raise_clear_errors(madds, kind, message):
    with compute.measure(), pytest.raises(ValueError, match=message):
        compute.add(madds, kind)
