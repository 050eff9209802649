"""The search index, split so that a page downloads at start-up only the part it reads.

mkdocs-material's page fetches ``search/search_index.json`` as it starts and sends all of it to
the search worker; the page itself reads only the index's settings (``config``: the words'
separator, for highlighting). The pages' text, nearly all of the file, moves to
``search/search_documents.json``, which our worker in front of the theme's fetches when the
reader turns to search (overrides/assets/javascripts/workers/search-on-demand.js).
"""

from __future__ import annotations

import json
from pathlib import Path

INDEX = "search/search_index.json"
DOCUMENTS = "search/search_documents.json"


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def split(site_dir: Path) -> None:
    """Move the documents of the site's search index to their own file, leaving the settings."""
    index_path = site_dir / INDEX
    index = json.loads(index_path.read_text(encoding="utf-8"))
    _write(site_dir / DOCUMENTS, {"docs": index["docs"]})
    _write(index_path, {"config": index["config"], "docs": []})
