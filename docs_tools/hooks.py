"""The site's build steps, in the order they run (the one hooks file of mkdocs.yml).

1. ``on_startup``: note whether this is ``mkdocs serve``.
2. ``on_config``: register the ```run fence (fence.py) and the hover definitions (glossary.py);
   load the data files and pages once for the build (placeholders.BuildData).
3. ``on_pre_build``: under ``mkdocs serve``, bring the browser's assets (our wheel, the runner)
   up to date with src/pft and runner/ (scripts/build_assets.py, a no-op when nothing changed),
   so an edit there reaches the page without a restart; mkdocs.yml's ``watch:`` triggers it.
4. ``on_page_markdown``: replace the placeholder lines of the page (placeholders.py).
   The run fences then execute while Markdown is converted.
5. ``on_page_content``: take the page's description for link previews from its first
   paragraph (linkpreview.py; the tags are in overrides/main.html), append "Cite this page"
   (citation.py), then write the copy button of every code block, that one included (codecopy.py).
6. ``on_post_build``: move the pages' text out of the search index that every page fetches
   into a file fetched when the reader searches (searchindex.py); then hash the inline scripts and styles of the finished pages into the
   Content-Security-Policy (csp.py); not under ``mkdocs serve``, whose live-reload script
   no build-time hash can name.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import citation
import codecopy
import csp
import fence
import glossary
import linkpreview
import placeholders
import searchindex

ROOT = Path(__file__).resolve().parent.parent
BUILD_ASSETS = ROOT / "scripts" / "build_assets.py"
# No hover definitions on pages that are not our prose (docstrings, paper titles) or that
# show every definition already (the glossary).
NO_GLOSSARY = {"api.md", "references.md", "glossary.md"}


class _Build:
    serving = False
    data: placeholders.BuildData | None = None
    glossary: glossary.GlossaryExtension | None = None


def on_startup(command: str, dirty: bool) -> None:
    _Build.serving = command == "serve"


def on_config(config):
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    superfences.setdefault("custom_fences", []).append(fence.FENCE)
    _Build.data = placeholders.BuildData.load(site_url=config.site_url or "")
    _Build.glossary = glossary.GlossaryExtension(_Build.data.terms)
    config.markdown_extensions.append(_Build.glossary)
    return config


def on_pre_build(config) -> None:
    if _Build.serving:
        subprocess.run([sys.executable, str(BUILD_ASSETS)], cwd=ROOT, check=True)


def on_page_markdown(markdown: str, page, config, files) -> str:
    _Build.glossary.enabled = page.file.src_uri not in NO_GLOSSARY
    return placeholders.expand(markdown, page.file.src_uri, _Build.data)


def on_page_content(html: str, page, config, files) -> str:
    if not page.meta.get("description"):
        page.meta["description"] = linkpreview.description(html, config.site_description or config.site_name)
    sources = placeholders.sources(_Build.data.markdown.get(page.file.src_uri, ""))
    cite = citation.PageCitation(
        title=config.site_name if page.is_homepage else (page.title or config.site_name),
        site=config.site_name,
        version=citation.site_version(),
        url=config.site_url.rstrip("/") + "/" + page.url,
        updated=citation.last_updated(Path(page.file.abs_src_path), *sources),
    )
    changes_url = "../" * page.url.count("/") + "what-changed/"
    return codecopy.add_copy_buttons(html + citation.render(cite, changes_url))


def on_post_build(config) -> None:
    searchindex.split(Path(config.site_dir))
    if not _Build.serving:
        csp.apply(Path(config.site_dir))
