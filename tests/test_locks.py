"""Dependencies are pinned, and the lock files agree with the manifests."""

from __future__ import annotations

import json
import re

from packaging.requirements import Requirement

from conftest import ROOT


def _name(req: str) -> str:
    return re.sub(r"[-_.]+", "-", Requirement(req).name).lower()


def python_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.txt must pin exactly: {line!r}"
            pins[_name(name)] = version.strip()
    return pins


def test_every_python_requirement_is_pinned_and_satisfied():
    pins = python_pins()
    manifests = (ROOT / "requirements.in").read_text().splitlines()
    manifests = [line for line in manifests if line.strip() and not line.startswith("#")]
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in manifests + project["dependencies"]:
        req = Requirement(line)
        name = _name(line)
        assert name in pins, f"{req.name} is in a manifest but not pinned in requirements.txt (run `make lock`)"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req.name}=={pins[name]} does not satisfy {line!r}"


def test_npm_lock_matches_package_json():
    manifest = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    root = lock["packages"][""]
    for section in ("dependencies", "devDependencies"):
        wanted = manifest.get(section, {})
        assert root.get(section, {}) == wanted, f"package-lock.json {section} differ from package.json: run `npm install`"
        for name, spec in wanted.items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{name} must be pinned to an exact version, not {spec!r}"
            locked = lock["packages"].get(f"node_modules/{name}", {}).get("version")
            assert locked == spec, f"{name}: package.json wants {spec}, lock has {locked}"
