"""Lists written as prose writes them, for sentences the package and the site build."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["listed"]


def listed(items: Sequence[str]) -> str:
    """E.g. "a, b and c"; one item alone; "" for none."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
