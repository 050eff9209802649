"""What a memory snapshot of the browser's Python holds, and what a restored one must redo.

The worker calls `prepare` just before it copies Python's memory (no reader code has run
in that interpreter yet) and `restored` right after it boots from such a copy. A snapshot
holds the whole interpreter: imported modules, but also the random generator's state, so
every boot from one snapshot would draw the same numbers until reseeded. (The string hash
seed is fixed when the interpreter starts and cannot be redrawn; nothing here depends on it.)
"""

from __future__ import annotations

import importlib
import random

__all__ = ["PRELOAD", "prepare", "restored"]

# Imported before the copy is taken, so a restored Python has them ready: pygal alone takes
# longer to import than the rest of a snippet's first run.
PRELOAD = ("pft", "pygal")

_made_for: str | None = None


def prepare(key: str) -> None:
    """Import what the snapshot should hold and mark it with the key of the build it is for."""
    global _made_for
    for name in PRELOAD:
        importlib.import_module(name)
    _made_for = key


def restored(key: str) -> bool:
    """After a restore: whether the memory is of build `key`; if so, draw fresh randomness."""
    if _made_for != key:
        return False
    random.seed()
    return True
