"""The claim map and the verdict boxes, both generated at build time from ``claims.yml``.

Every claim of the source article has one record in ``docs_tools/claims.yml``:

    - id: fine-tuning/adaptability        # PAGE/ANCHOR of the section that discusses it
      claim: "..."                         # the article's point, in our words
      verdict: nuanced                     # supported | nuanced | contradicted
      reason: "..."                        # why, in one or two sentences
      papers: [gururangan2020, kirkpatrick2017]       # keys of references.yml
      experiments: [fine-tuning/domain_adaptation.py]  # snippet paths (under snippets/)
      reviewed: 2026-12-01                 # when the evidence for this verdict was last checked

A page shows a claim's verdict with a line ``<!-- verdict: fine-tuning/adaptability -->``,
which the build (placeholders.py) replaces with an admonition; ``docs/claims.md`` shows all of
them with a line ``<!-- claim-map -->``. Pages and map read the same record, so they cannot
disagree. An unknown id, verdict or paper key stops the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

import bibliography
import toy_effects
from fence import FENCE_PATH
from pages import rel, under_anchors

DATA = Path(__file__).with_name("claims.yml")
ID = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")
VERDICTS = {
    "supported": ("success", "Supported"),
    "nuanced": ("warning", "Nuanced"),
    "contradicted": ("failure", "Contradicted"),
}


@dataclass(frozen=True)
class Claim:
    """One claim of the article with its verdict and evidence."""

    id: str
    claim: str
    verdict: str
    reason: str
    papers: tuple[str, ...]
    experiments: tuple[str, ...]
    reviewed: date

    @property
    def page(self) -> str:
        return self.id.split("/")[0]

    @property
    def anchor(self) -> str:
        return self.id.split("/")[1]


def load(path: Path = DATA, known_papers: set[str] | None = None) -> list[Claim]:
    """The claims of ``claims.yml`` (none if the file does not exist yet), validated.

    Raises:
        ValueError: a record lacks a field, repeats an id, has an unknown verdict or cites a
            paper key that the bibliography does not have.
    """
    if not path.exists():
        return []
    records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(records, dict):
        records = records.get("claims", [])
    if known_papers is None:
        known_papers = {work.key for work in bibliography.load()}
    claims, seen = [], set()
    for n, record in enumerate(records, 1):
        where = f"{path.name} entry {n} ({record.get('id', 'no id')})"
        missing = [name for name in ("id", "claim", "verdict", "reason", "reviewed") if not record.get(name)]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        if not ID.match(record["id"]):
            raise ValueError(f"{where}: id must be PAGE/ANCHOR in lower case, e.g. fine-tuning/adaptability")
        if record["id"] in seen:
            raise ValueError(f"{where}: id {record['id']!r} is used twice")
        seen.add(record["id"])
        if record["verdict"] not in VERDICTS:
            raise ValueError(f"{where}: verdict {record['verdict']!r} is not one of {', '.join(VERDICTS)}")
        papers = tuple(record.get("papers") or ())
        unknown = [key for key in papers if key not in known_papers]
        if unknown:
            raise ValueError(f"{where}: papers not in docs_tools/references.yml: {unknown}")
        experiments = tuple(str(e).removeprefix("snippets/") for e in record.get("experiments") or ())
        reviewed = record["reviewed"]
        if not isinstance(reviewed, date) or isinstance(reviewed, datetime) or reviewed > date.today():
            raise ValueError(f"{where}: reviewed must be a past date written YYYY-MM-DD, not {reviewed!r}")
        claims.append(Claim(record["id"], str(record["claim"]).strip(), record["verdict"],
                            str(record["reason"]).strip(), papers, experiments, reviewed))
    return claims


def experiment_sections(pages: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Snippet path -> (page file, anchor of the nearest fixed-anchor heading above its run fence)."""
    found: dict[str, tuple[str, str]] = {}
    for src, markdown in pages.items():
        for anchor, fence in under_anchors(markdown, FENCE_PATH):
            found.setdefault(fence.group(1), (src, anchor))
    return found


def evidence_links(claim: Claim, page_src: str, works: dict[str, bibliography.Work],
                   sections: dict[str, tuple[str, str]]) -> list[str]:
    """Markdown links to a claim's experiments and papers, relative to the page ``page_src``."""
    links = []
    for path in claim.experiments:
        name = path.rsplit("/", 1)[-1].removesuffix(".py").replace("_", " ")
        if path in sections:
            page, anchor = sections[path]
            links.append(f"experiment: [{name}]({rel(page, page_src)}{'#' + anchor if anchor else ''})"
                         f"{toy_effects.evidence(path)}")
        else:
            links.append(f"experiment: {name} (not on the site yet)")
    for key in claim.papers:
        links.append(f"[{works[key].label}]({rel('references.md', page_src)}#{key})")
    return links


def reviewed_on(claim: Claim) -> str:
    """The review date as readers write it: ``1 December 2026``."""
    return f"{claim.reviewed.day} {claim.reviewed:%B %Y}"


def render_verdict(claim: Claim, page_src: str, works: dict[str, bibliography.Work],
                   sections: dict[str, tuple[str, str]]) -> str:
    """The admonition that shows a claim's verdict on a page."""
    kind, word = VERDICTS[claim.verdict]
    lines = [
        f'!!! {kind} pft-verdict "Verdict: {word.lower()}"',
        "",
        f"    {claim.reason}",
        "",
        f"    Evidence: {' · '.join(evidence_links(claim, page_src, works, sections))}."
        f" [All claims and verdicts]({rel('claims.md', page_src)}#claims-{claim.page}).",
        "",
        f'    <span class="pft-reviewed">Evidence last reviewed on {reviewed_on(claim)}; '
        f"[what changed]({rel('what-changed.md', page_src)}).</span>",
        "",
    ]
    return "\n".join(lines)


def render_map(claims: list[Claim], works: dict[str, bibliography.Work],
               sections: dict[str, tuple[str, str]], titles: dict[str, str]) -> str:
    """The Markdown of the claim map: a summary, then one table per page of the article (`titles`:
    page file -> title)."""
    counts = {verdict: sum(c.verdict == verdict for c in claims) for verdict in VERDICTS}
    summary = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    parts = [f"{len(claims)} claims: {summary}.\n"]
    pages: dict[str, list[Claim]] = {}
    for claim in claims:
        pages.setdefault(claim.page, []).append(claim)
    for page, group in pages.items():
        parts.append(f"## {titles.get(f'{page}.md', page)} {{ #claims-{page} }}\n")
        parts.append("| The article says | Verdict and why | Evidence |")
        parts.append("|---|---|---|")
        for claim in group:
            cells = [
                f"[{claim.anchor.replace('-', ' ').capitalize()}]({page}.md#{claim.anchor}): {claim.claim}",
                f'<span class="pft-verdict-{claim.verdict}">{VERDICTS[claim.verdict][1]}.</span> {claim.reason}'
                f" (Reviewed {claim.reviewed.isoformat()}.)",
                "<br>".join(evidence_links(claim, "claims.md", works, sections)),
            ]
            parts.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
        parts.append("")
    return "\n".join(parts)
