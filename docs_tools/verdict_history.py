"""The history of the verdicts, read at build time from the git history of ``claims.yml``.

Every commit that touched the claims file is a published version of the verdicts. Comparing
each version with the one before it gives every change of a claim's verdict, with the date of
the commit, the old and the new verdict and the reason the new version gives. A reader who
cited an earlier version of a page can see what moved since.

Not every build has the whole history: a shallow clone lacks the older commits (its oldest
version is then not the first publication, so nothing is reported for it), and an unpacked
archive has no history at all. Both build a page that says so instead of failing.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml


@dataclass(frozen=True)
class VerdictChange:
    """One claim whose verdict differs from the previous published version."""

    day: date
    claim: str
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class History:
    """The verdict changes found, newest first, and how much of the history was available."""

    changes: tuple[VerdictChange, ...]
    first_published: date | None
    oldest_seen: date | None
    shallow: bool
    available: bool


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    return proc.stdout if proc.returncode == 0 else None


def _verdicts(text: str) -> dict[str, tuple[str, str]] | None:
    """Claim id -> (verdict, reason) of one version of the file; None if it does not parse (such a
    version never built, so the versions either side of it are compared instead)."""
    try:
        records = yaml.safe_load(text) or []
    except yaml.YAMLError:
        return None
    if isinstance(records, dict):
        records = records.get("claims", [])
    found = {}
    for record in records if isinstance(records, list) else []:
        if isinstance(record, dict) and record.get("id") and record.get("verdict"):
            found[str(record["id"])] = (str(record["verdict"]), " ".join(str(record.get("reason", "")).split()))
    return found


def versions(path: Path, root: Path) -> list[tuple[date, dict[str, tuple[str, str]]]] | None:
    """Every committed version of ``path``, oldest first, following renames; None without git."""
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    log = _git(root, "log", "--follow", "--format=%x00%H %cs", "--name-only", "--", relative)
    if log is None:
        return None
    found = []
    for block in log.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        commit, day = lines[0].split()
        name = lines[1] if len(lines) > 1 else relative
        text = _git(root, "show", f"{commit}:{name}")
        verdicts = _verdicts(text) if text is not None else None
        if verdicts is not None:
            found.append((date.fromisoformat(day), verdicts))
    return list(reversed(found))


def history(path: Path, root: Path) -> History:
    """The verdict changes in the committed history of the claims file ``path``, newest first."""
    found = versions(path, root)
    if not found:
        return History((), None, None, shallow=False, available=bool(found is not None and _git(root, "rev-parse", "HEAD")))
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    changes = []
    for (_, before), (day, after) in zip(found, found[1:]):
        changes += [VerdictChange(day, claim, before[claim][0], verdict, reason)
                    for claim, (verdict, reason) in after.items() if claim in before and before[claim][0] != verdict]
    return History(tuple(reversed(changes)), None if shallow else found[0][0], found[0][0], shallow, available=True)


def render(found: History, link: Callable[[str], str]) -> str:
    """The Markdown of the What changed page; `link` makes a claim id into a Markdown link."""
    if not found.available:
        return ("This copy of the site was built without its git history (from an archive, say), so the "
                "history of the verdicts cannot be listed here. The published site lists it.\n")
    if found.shallow:
        opening = (f"This copy of the site was built from a partial history that starts on "
                   f"{found.oldest_seen:%Y-%m-%d}; changes before that date are not listed here.")
    else:
        opening = f"The verdicts were first published on {found.first_published:%Y-%m-%d}."
    if not found.changes:
        return opening + " No verdict has changed since.\n"
    rows = ["| Date | Claim | Was | Became | Why (then) |", "|---|---|---|---|---|"]
    rows += [f"| {change.day:%Y-%m-%d} | {link(change.claim)} | {change.old} | **{change.new}** | "
             f"{change.reason.replace('|', '\\|')} |" for change in found.changes]
    count = len(found.changes)
    return (f"{opening} Since then, {count} verdict{'s have' if count > 1 else ' has'} changed, newest first:\n\n"
            + "\n".join(rows) + "\n")
