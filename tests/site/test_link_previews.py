"""Link previews: every built page has Open Graph and Twitter card tags that describe it."""

from __future__ import annotations

import html
import re

import linkpreview

META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z_]+|description)" content="([^"]*)"\s*/?>')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')
CONTENT = re.compile(r'<article[^>]*>(.*?)</article>', re.DOTALL)


def test_every_page_has_a_title_a_description_from_its_own_text_and_its_canonical_url(built_site):
    for page in built_site.pages():
        text = page.read_text(encoding="utf-8")
        tags = dict(META.findall(text))
        where = page.relative_to(built_site.dir).as_posix()
        for name in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card",
                     "twitter:title", "twitter:description", "description"):
            assert tags.get(name), f"{where}: no {name}"
        assert tags["twitter:card"] == "summary"
        assert tags["twitter:title"] == tags["og:title"] and tags["twitter:description"] == tags["og:description"]
        assert tags["description"] == tags["og:description"], where
        assert len(html.unescape(tags["og:description"])) <= linkpreview.LIMIT, where
        if page.name == "404.html":
            continue
        assert tags["og:url"] == CANONICAL.search(text).group(1), where
        # The description is where the page's own prose begins, not the site's general blurb.
        prose = linkpreview.first_paragraph(CONTENT.search(text).group(1))
        assert prose, f"{where}: no paragraph of prose to describe it"
        assert html.unescape(tags["og:description"]).removesuffix("…") in prose, where


def test_titles_name_the_page_and_the_site(built_site):
    text = (built_site.dir / "fine-tuning" / "index.html").read_text(encoding="utf-8")
    assert dict(META.findall(text))["og:title"] == "Exploring Fine-Tuning - Prompt or Fine-Tune?"
    home = dict(META.findall((built_site.dir / "index.html").read_text(encoding="utf-8")))
    assert home["og:title"] == "Prompt or Fine-Tune?" and home["og:type"] == "website"
