"""The API reference: every public module of pft is documented on the built page."""

from __future__ import annotations

import apiref


def test_the_module_list_walks_the_package():
    names = [name for name, _ in apiref.modules()]
    assert {"pft.decision.guide", "pft.decision.pricing", "pft.render.display"} <= set(names)
    assert names == sorted(names)
    assert not [name for name in names if any(part.startswith("_") for part in name.split("."))]


def test_every_module_has_a_summary_line():
    missing = [name for name, summary in apiref.modules() if not summary]
    assert not missing, f"modules without a docstring (the API page shows an empty summary): {missing}"


def test_every_module_is_on_the_built_api_page(built_site):
    html = (built_site.dir / "api" / "index.html").read_text(encoding="utf-8")
    for name, _ in apiref.modules():
        assert f'id="{name}"' in html, name
    assert 'id="pft.decision.guide.decide"' in html and 'id="pft.decision.pricing.comparison.compare"' in html
    assert "<abbr" not in html, "hover definitions do not belong on the API page"
