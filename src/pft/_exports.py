"""Lazy re-exports for the layer packages: a name is imported from its module when first used.

``from pft.adapt import LoRA`` then loads `pft.adapt.lora` and what it needs, not every
module of the layer: a snippet that runs one experiment imports only that experiment's
modules, which matters most in the browser, where each import costs several times more.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping

__all__ = ["lazy"]


def lazy(package: str, modules: Mapping[str, tuple[str, ...]]) -> tuple[Callable, Callable, list[str]]:
    """``(__getattr__, __dir__, __all__)`` for ``package``: each of ``modules[m]`` comes from ``package.m``.

    A module listed with no names is re-exported itself (``from pft.substrate import compute``).
    """
    where = {name: module for module, names in modules.items() for name in names or (module,)}

    def __getattr__(name: str) -> object:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(f"{package}.{where[name]}")
        value = module if name == where[name] else getattr(module, name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(where)

    return __getattr__, __dir__, sorted(where)
