"""What changed: verdict changes read from the git history of the claims file, and the page they make."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

import verdict_history

CLAIM = "- id: {id}\n  claim: c\n  verdict: {verdict}\n  reason: \"{reason}\"\n"


def _git(repo, *args, day="2026-01-01"):
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _publish(repo, path, claims, day, message="v"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(CLAIM.format(id=i, verdict=v, reason=r) for i, v, r in claims))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message, day=day)


def _repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    claims = repo / "data" / "claims.yml"
    _publish(repo, claims, [("a/x", "supported", "first"), ("b/y", "nuanced", "second")], "2026-01-01")
    _publish(repo, claims, [("a/x", "supported", "first, reworded"), ("b/y", "nuanced", "second")], "2026-02-01")
    _publish(repo, claims, [("a/x", "nuanced", "new evidence"), ("b/y", "nuanced", "second")], "2026-03-01")
    # The file moves: its history still counts.
    (repo / "tools").mkdir()
    _git(repo, "mv", "data/claims.yml", "tools/claims.yml")
    _git(repo, "commit", "-q", "-m", "move", day="2026-03-15")
    moved = repo / "tools" / "claims.yml"
    _publish(repo, moved, [("a/x", "nuanced", "new evidence"), ("b/y", "contradicted", "overturned"),
                           ("c/z", "supported", "added later")], "2026-04-01")
    return repo, moved


def test_every_verdict_change_is_listed_newest_first_with_date_old_new_and_reason(tmp_path):
    repo, claims = _repo(tmp_path)
    found = verdict_history.history(claims, repo)
    assert found.available and not found.shallow
    assert found.first_published == date(2026, 1, 1)
    assert [(c.day, c.claim, c.old, c.new, c.reason) for c in found.changes] == [
        (date(2026, 4, 1), "b/y", "nuanced", "contradicted", "overturned"),
        (date(2026, 3, 1), "a/x", "supported", "nuanced", "new evidence"),
    ]


def test_the_page_shows_each_change_as_a_table_row(tmp_path):
    repo, claims = _repo(tmp_path)
    page = verdict_history.render(verdict_history.history(claims, repo), lambda claim: f"[{claim}](x.md)")
    assert "first published on 2026-01-01" in page
    assert "2 verdicts have changed" in page
    assert "| 2026-04-01 | [b/y](x.md) | nuanced | **contradicted** | overturned |" in page
    assert "| 2026-03-01 | [a/x](x.md) | supported | **nuanced** | new evidence |" in page
    assert "c/z" not in page and "reworded" not in page


def test_a_shallow_clone_says_its_history_is_partial_and_reports_nothing_it_cannot_compare(tmp_path):
    repo, _ = _repo(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    found = verdict_history.history(clone / "tools" / "claims.yml", clone)
    assert found.available and found.shallow and found.changes == ()
    page = verdict_history.render(found, str)
    assert "partial history that starts on 2026-04-01" in page and "|" not in page


def test_a_build_without_git_history_says_so_instead_of_failing(tmp_path):
    repo, claims = _repo(tmp_path)
    plain = tmp_path / "archive"
    plain.mkdir()
    shutil.copy(claims, plain / "claims.yml")
    found = verdict_history.history(plain / "claims.yml", plain)
    assert not found.available
    assert "without its git history" in verdict_history.render(found, str)


def test_an_unparsable_old_version_is_skipped(tmp_path):
    repo, claims = _repo(tmp_path)
    claims.write_text("- id: [unclosed\n")
    _git(repo, "commit", "-qam", "broken", day="2026-05-01")
    _publish(repo, claims, [("a/x", "supported", "back"), ("b/y", "contradicted", "overturned")], "2026-06-01")
    changes = verdict_history.history(claims, repo).changes
    assert (changes[0].day, changes[0].claim, changes[0].new) == (date(2026, 6, 1), "a/x", "supported")


def test_each_verdict_change_a_page_announces_is_the_claims_verdict_and_is_in_the_history():
    import re

    import claimmap
    import pages
    from conftest import ROOT

    claims = {claim.id: claim for claim in claimmap.load()}
    found = verdict_history.history(claimmap.DATA, ROOT)
    announced = []
    for md in sorted((ROOT / "docs").glob("*.md")):
        anchor, section = "", []
        for line in md.read_text(encoding="utf-8").splitlines() + ["## end { #end }"]:
            if heading := pages.FIXED_ANCHOR.match(line):
                for old, new in re.findall(r"changed\s+this\s+verdict\s+from\s+\*(\w+)\*\s+to\s+\*(\w+)\*",
                                           " ".join(section)):
                    announced.append((f"{md.stem}/{anchor}", old, new))
                anchor, section = heading.group(1), []
            else:
                section.append(line)
    assert len(announced) >= 2, f"fewer announced verdict changes than published ones: {announced}"
    for claim_id, old, new in announced:
        assert claims[claim_id].verdict == new, claim_id
        if found.available and not found.shallow:
            assert any((c.claim, c.old, c.new) == (claim_id, old, new) for c in found.changes), claim_id
