"""scripts/build_assets.py: a no-op when up to date, a rebuild when anything the assets are made of changes."""

from __future__ import annotations

import build_assets


def test_the_assets_are_rebuilt_when_the_package_or_the_runner_changes(tmp_path, monkeypatch):
    for name in ("pyproject.toml", "requirements.txt", "package-lock.json", "docs_tools/csp.py", "src/pft/model.py",
                 "runner/src/ui.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "build_assets.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(build_assets, "ROOT", tmp_path)
    monkeypatch.setattr(build_assets, "__file__", str(tmp_path / "scripts" / "build_assets.py"))
    before = build_assets.inputs_digest()
    assert build_assets.inputs_digest() == before
    (tmp_path / "src/pft/model.py").write_text("edited", encoding="utf-8")
    edited_package = build_assets.inputs_digest()
    (tmp_path / "runner/src/ui.js").write_text("edited", encoding="utf-8")
    assert len({before, edited_package, build_assets.inputs_digest()}) == 3


def test_the_shipped_snapshot_is_made_again_only_when_its_key_changes(tmp_path, monkeypatch):
    made = []
    key = "key-a"
    monkeypatch.setattr(build_assets, "VENDOR", tmp_path / "vendor")
    monkeypatch.setattr(build_assets, "SNAPSHOT_CACHE", tmp_path / "cache")
    monkeypatch.setattr(build_assets, "snapshot_key", lambda: key)
    monkeypatch.setattr(build_assets, "make_snapshot", lambda vendor, k: made.append(k) or f"snapshot for {k}".encode())
    (tmp_path / "vendor").mkdir()
    first = build_assets.shipped_snapshot()
    (tmp_path / "vendor" / build_assets.SHIPPED_SNAPSHOT).unlink()
    assert build_assets.shipped_snapshot() == first and made == ["key-a"]
    key = "key-b"
    second = build_assets.shipped_snapshot()
    assert made == ["key-a", "key-b"] and second["sha256"] != first["sha256"]
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["key-b.gz", "key-b.sha256"]


def test_our_wheel_is_the_same_whatever_the_date_of_the_commit(tmp_path, monkeypatch):
    wheels = []
    for epoch in ("86400", "1800000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        wheels.append(build_assets.build_wheel(tmp_path / epoch).read_bytes())
    assert wheels[0] == wheels[1]
