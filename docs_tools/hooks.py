"""MkDocs hooks of this site: register the ```run fence (see fence.py)."""

from __future__ import annotations

import fence


def on_config(config):
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    superfences.setdefault("custom_fences", []).append(
        {"name": "run", "class": "python", "validator": fence.validator, "format": fence.formatter}
    )
    return config
