""""Cite this page": BibTeX, APA and a Markdown link for every page, made at build time.

The citation is built from the page title, the site's version (``pyproject.toml``), the
page's public URL (``site_url`` + page URL) and the date of the version it cites: the last
commit that touched the page's source file or a file the page is made from (its verdicts'
``claims.yml``, its snippets and their outputs; ``placeholders.sources``), found with
``git log -1 --format=%cs -- <files>``. Files with no commit yet take the date of HEAD, so a
given commit always builds the same citations. Outside a git checkout (an unpacked archive)
the date comes from ``SOURCE_DATE_EPOCH``. The block says which version it cites and links to
the What changed page, where later verdict changes are listed.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageCitation:
    """What a citation of one page is made from."""

    title: str
    site: str
    version: str
    url: str
    updated: date

    @property
    def author(self) -> str:
        return f"{self.site} contributors"

    @property
    def key(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.url.rstrip("/").rsplit("/", 1)[-1].lower()).strip("-") or "home"
        return f"pft-{slug}-{self.updated.year}"

    def bibtex(self) -> str:
        """A ``@misc`` BibTeX entry."""
        return (
            f"@misc{{{self.key},\n"
            f"  author = {{{{{self.author}}}}},\n"
            f"  title = {{{{{self.title}}} --- {self.site}}},\n"
            f"  year = {{{self.updated.year}}},\n"
            f"  month = {{{self.updated.strftime('%b').lower()}}},\n"
            f"  version = {{{self.version}}},\n"
            f"  url = {{{self.url}}},\n"
            f"  note = {{Version {self.version}, last updated {self.updated.isoformat()}}}\n"
            "}"
        )

    def apa(self) -> str:
        """An APA-style reference, as plain text."""
        when = f"{self.updated.year}, {self.updated.strftime('%B')} {self.updated.day}"
        return f"{self.author}. ({when}). {self.title}. In {self.site} (Version {self.version}). {self.url}"

    def markdown(self) -> str:
        """A Markdown link with the version and date."""
        return f"[{self.title} ({self.site}, v{self.version}, {self.updated.isoformat()})]({self.url})"


@cache
def site_version(root: Path = ROOT) -> str:
    """The version in ``pyproject.toml``."""
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def last_updated(path: Path, *more: Path, root: Path = ROOT) -> date:
    """Date of the last commit touching ``path`` or any of ``more``; HEAD's date if none has one yet."""

    def git_date(*args: str) -> str:
        proc = subprocess.run(["git", "log", "-1", "--format=%cs", *args], cwd=root,
                              capture_output=True, text=True, check=False)
        return proc.stdout.strip() if proc.returncode == 0 else ""

    stamp = git_date("--", str(path), *map(str, more)) or git_date()
    if stamp:
        return date.fromisoformat(stamp)
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), timezone.utc).date()
    raise RuntimeError(f"cannot date {path}: no git history in {root} and SOURCE_DATE_EPOCH is not set")


def render(citation: PageCitation, changes_url: str) -> str:
    """The HTML block appended to a page; `changes_url` links to the What changed page."""
    blocks = [("BibTeX", citation.bibtex()), ("APA", citation.apa()), ("Markdown", citation.markdown())]
    version = (f'<p class="pft-cite-version">These cite the page as it stood on '
               f"{citation.updated.day} {citation.updated:%B %Y} (site version {html.escape(citation.version)}). "
               f'Verdicts changed after that date are listed on <a href="{html.escape(changes_url)}">What changed</a>.</p>')
    body = version + "".join(
        f'<p class="pft-cite-format">{name}</p><pre class="pft-cite-{name.lower()}"><code>{html.escape(text)}</code></pre>'
        for name, text in blocks
    )
    return f'<details class="pft-cite" id="cite-this-page"><summary>Cite this page</summary>{body}</details>'
