"""Search, with the index built on demand (overrides/assets/javascripts/workers/search-on-demand.js).

The theme's worker is loaded behind ours: the page's configuration must name ours, a query typed
as soon as the page loads must find what the index holds, and so must one typed after the index
was built in the background.
"""

from __future__ import annotations

import re

import pytest

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def test_every_page_names_our_worker_in_front_of_the_themes(built_site):
    for path in built_site.pages():
        config = CONFIG.search(path.read_text())
        assert config, f"{path}: no theme configuration script"
        worker = re.search(r'"search": "([^"]*)"', config[1])
        assert worker, f"{path}: the theme's configuration names no search worker"
        url = worker[1]
        assert re.fullmatch(r"(/|(\.\./)*)assets/javascripts/workers/search-on-demand\.js\?theme=search\.[0-9a-f]+\.min\.js",
                            url), f"{path}: search worker {url!r} is not ours in front of the theme's"
        folder = built_site.dir / "assets/javascripts/workers"
        assert (folder / url.split("?theme=")[1]).is_file(), f"{path}: {url!r} names a theme worker the site lacks"
        assert (folder / "search-on-demand.js").is_file()


def search(page, query: str) -> list[str]:
    """The titles of the results for `query`, typed into the search box."""
    page.evaluate("() => { document.querySelector('.md-search-result__meta').textContent = '' }")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # a keyup, which is what the theme listens for
    page.wait_for_function("() => /matching/.test(document.querySelector('.md-search-result__meta').textContent)")
    return page.locator(".md-search-result__item h1").all_inner_texts()


@pytest.mark.browser
@pytest.mark.parametrize("when", ["at once", "after the background build"])
def test_search_finds_pages(browser, origin, when):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{origin}/")
    if when == "after the background build":
        page.wait_for_timeout(4000)
    titles = search(page, "soft prompt")
    assert titles, "no results for 'soft prompt'"
    assert any("Fine" in title for title in titles), titles
    assert not search(page, "xqzvxqzv"), "a word no page has found results"
    assert not errors
    page.close()
