"""The build's steps: one hooks module, and `mkdocs serve` following edits to snippets, src/pft and the runner."""

from __future__ import annotations

import yaml

import hooks
from conftest import ROOT


def mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def test_one_hooks_module_and_serve_watches_what_pages_are_made_from():
    config = mkdocs_config()
    assert config["hooks"] == ["docs_tools/hooks.py"]
    assert {"snippets", "src/pft", "runner"} <= set(config["watch"])


def test_serve_brings_the_browser_assets_up_to_date_before_each_build(monkeypatch):
    ran = []
    monkeypatch.setattr(hooks.subprocess, "run", lambda command, **_: ran.append(command))
    hooks.on_startup("serve", dirty=False)
    hooks.on_pre_build(None)
    assert ran and ran[0][-1] == str(ROOT / "scripts" / "build_assets.py")
    ran.clear()
    hooks.on_startup("build", dirty=False)
    hooks.on_pre_build(None)
    assert not ran, "make build brings the assets up to date itself (make assets)"
