"""Each layer's package re-exports the public names of its modules, and imports only downwards."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import pft

LAYERS = ("substrate", "render", "adapt", "experiments", "decision")
"""Bottom to top: a module may import from its own layer and the ones before it."""

AS_MODULES = {"pft.substrate.compute"}
"""Modules used by name (``compute.add``), re-exported as modules rather than name by name."""

SHADOWED = {("pft.render.display", "Chart")}
"""The Protocol `show` accepts; the layer's ``Chart`` is the chart class that satisfies it."""


@pytest.mark.parametrize("package", ["pft.substrate", "pft.adapt", "pft.render"])
def test_a_layer_re_exports_every_public_name_of_its_modules(package):
    layer = importlib.import_module(package)
    missing = {}
    for info in pkgutil.iter_modules(layer.__path__):
        name = f"{package}.{info.name}"
        module = importlib.import_module(name)
        if name in AS_MODULES:
            assert info.name in layer.__all__, name
            continue
        absent = [n for n in getattr(module, "__all__", []) if n not in layer.__all__ and (name, n) not in SHADOWED]
        if absent:
            missing[name] = absent
    assert not missing


def test_no_layer_imports_from_a_layer_above_it():
    root = Path(pft.__file__).parent
    wrong = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if len(parts) < 2:
            continue
        level = LAYERS.index(parts[0])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pft."):
                target = node.module.split(".")[1]
                if target in LAYERS and LAYERS.index(target) > level:
                    wrong.append(f"{'/'.join(parts)} imports {node.module}")
    assert not wrong
