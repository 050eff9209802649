"""Argument checks that raise `ValueError` saying what was wrong and what is allowed.

Every public function and constructor in `pft` checks its arguments with these, so a
reader's edit to a snippet fails with one kind of message, whichever module it reaches.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["check_choice", "check_number", "check_positive_int", "check_probability"]


def check_choice(name: str, value: object, allowed: Sequence[object]) -> None:
    """Raise ValueError unless `value` is one of `allowed`."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")


def check_number(name: str, value: object, *, positive: bool = False, integer: bool = False) -> None:
    """Raise ValueError unless `value` is a finite number >= 0 (> 0 if `positive`; whole if `integer`)."""
    if value is None:
        raise ValueError(f"{name} is missing: give a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if integer and value != int(value):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < 0 or (positive and value == 0):
        raise ValueError(f"{name} must be {'positive' if positive else 'zero or more'}, got {value!r}")


def check_positive_int(name: str, value: object, minimum: int = 1) -> None:
    """Raise ValueError unless `value` is an int >= `minimum`."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")


def check_probability(name: str, value: object) -> None:
    """Raise ValueError unless `value` is a number in [0, 1]."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
