"""text_table: the header line takes each field's alignment and width from the row template."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pft.render import text_table


@dataclass(frozen=True)
class Point:
    name: str
    share: float
    count: int


def test_the_header_follows_each_fields_alignment_and_width():
    rows = [Point("a", 0.5, 1200), Point("bb", 0.25, 3)]
    assert text_table("{name:<4} {share:>7.1%} {count:>6,}  {name!r}", ("name", "share", "n", "again"), rows) == (
        "name   share      n  again\n"
        "a      50.0%  1,200  'a'\n"
        "bb     25.0%      3  'bb'"
    )


def test_a_fill_character_or_a_sign_leaves_alignment_and_width_to_the_header():
    assert text_table("{share:*^9.2f}|{count:=+5}", ("s", "c"), [Point("x", 0.5, 3)]).splitlines() == [
        "    s    |    c", "**0.50***|+   3"]


def test_one_header_per_field():
    with pytest.raises(ValueError, match=r"2 headers for the 3 fields \['name', 'share', 'count'\]"):
        text_table("{name} {share} {count}", ("name", "share"), [])
