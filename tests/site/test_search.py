"""Search, with the index fetched and built on demand (overrides/assets/javascripts/workers/search-on-demand.js).

The theme's worker is loaded behind ours: the page's configuration must name ours; the index every
page fetches must hold no text, and the pages' text must not be fetched until the reader turns to
search; a query typed as soon as the page loads must find what the pages hold, and so must one typed
after the search box took the focus; searching in one tab must build nothing in another; after a
failed download the page must say so where the results go, and the worker must try again by itself
and answer the query in the box.
"""

from __future__ import annotations

import json
import re

import pytest
import searchindex

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


def test_the_index_every_page_fetches_holds_settings_only(built_site):
    index = json.loads((built_site.dir / searchindex.INDEX).read_text())
    assert index["docs"] == [] and index["config"]["separator"]
    documents = json.loads((built_site.dir / searchindex.DOCUMENTS).read_text())["docs"]
    pages = {d["location"] for d in documents if "#" not in d["location"]}
    html = {str(p.relative_to(built_site.dir).parent).removeprefix(".") for p in built_site.pages() if p.name == "index.html"}
    assert {p.rstrip("/") for p in pages} >= {p for p in html if p}, "a page is missing from the search documents"


def open_page(browser, origin):
    page = browser.new_page()
    errors, fetched = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.context.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{origin}/")
    return page, errors, fetched


def documents_fetched(fetched: list[str]) -> int:
    return sum(url.endswith("/" + searchindex.DOCUMENTS) for url in fetched)


def theme_workers_fetched(fetched: list[str]) -> int:
    return sum(bool(re.search(r"/workers/search\.[0-9a-f]+\.min\.js$", url)) for url in fetched)


@pytest.mark.browser
@pytest.mark.parametrize("when", ["at once", "after the box took the focus"])
def test_search_finds_pages(browser, origin, when):
    page, errors, fetched = open_page(browser, origin)
    page.wait_for_timeout(1500)
    assert documents_fetched(fetched) == 0, "the pages' text was fetched before the reader turned to search"
    assert theme_workers_fetched(fetched) == 0, "the theme's search worker was fetched before the reader turned to search"
    if when == "after the box took the focus":
        page.locator("input.md-search__input").focus()
        for _ in range(50):
            if documents_fetched(fetched):
                break
            page.wait_for_timeout(100)
        assert documents_fetched(fetched) == 1, "focusing the search box did not fetch the pages' text"
    titles = search(page, "soft prompt")
    assert titles, "no results for 'soft prompt'"
    assert any("Fine" in title for title in titles), titles
    assert not search(page, "xqzvxqzv"), "a word no page has found results"
    assert documents_fetched(fetched) == 1 and theme_workers_fetched(fetched) == 1
    assert not errors
    page.close()


@pytest.mark.browser
def test_searching_in_one_tab_fetches_nothing_in_another(browser, origin):
    context = browser.new_context()
    page, errors, _ = open_page(context, origin)
    fetched_by_page: list[str] = []
    page.on("request", lambda request: fetched_by_page.append(request.url))
    other = context.new_page()
    fetched_by_other: list[str] = []
    other.on("request", lambda request: fetched_by_other.append(request.url))
    other.goto(f"{origin}/fine-tuning/")
    page.locator("input.md-search__input").focus()
    for _ in range(50):
        if documents_fetched(fetched_by_page):
            break
        page.wait_for_timeout(100)
    assert documents_fetched(fetched_by_page) == 1, "focusing the search box did not fetch the pages' text"
    other.wait_for_timeout(1500)
    assert documents_fetched(fetched_by_other) == 0, "focusing search in one tab fetched the pages' text in another"
    assert search(other, "soft prompt"), "the other tab's own search does not work"
    assert not errors
    context.close()


@pytest.mark.browser
def test_a_failed_download_says_so_and_leaves_search_working(browser, origin):
    page, _, _ = open_page(browser, origin)
    pattern = "**/" + searchindex.DOCUMENTS
    page.context.route(pattern, lambda route: route.abort())
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("soft prompt")
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => /could not load/.test(document.querySelector('.md-search-result__meta').textContent)")
    assert re.search(r"trying again in \d+ s\.$", meta.inner_text()), meta.inner_text()
    assert page.locator(".md-search-result__item").count() == 0, "results without the pages' text"
    page.context.unroute(pattern)
    # The worker tries again by itself and answers the query still in the box.
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=20_000)
    assert "matching" in meta.inner_text()
    assert search(page, "soft prompt prompt"), "no results for a new query once the pages' text could be fetched"
    page.close()


@pytest.mark.browser
def test_a_text_that_comes_after_a_failure_gives_the_heading_back(browser, origin):
    page, _, _ = open_page(browser, origin)
    pattern = "**/" + searchindex.DOCUMENTS
    page.context.route(pattern, lambda route: route.abort())
    page.locator("input.md-search__input").focus()
    page.wait_for_function("() => /could not load/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.context.unroute(pattern)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent === 'Type to start searching'",
                           timeout=20_000)
    page.close()


@pytest.mark.browser
def test_a_try_between_the_timed_ones_replaces_the_next_timed_one(browser, origin):
    page, _, _ = open_page(browser, origin)
    tries: list[str] = []
    page.context.route("**/" + searchindex.DOCUMENTS, lambda route: (tries.append(route.request.url), route.abort()))
    box = page.locator("input.md-search__input")
    box.focus()  # fails; the next try is due in 2 s
    page.wait_for_function("() => /trying again in 2 s/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.wait_for_timeout(500)
    # a query (the theme reads the box on keyup) tries at once, fails, and puts the next try 4 s after it
    box.fill("prompt")
    box.press("End")
    page.wait_for_function("() => /trying again in 4 s/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.wait_for_timeout(3_000)
    assert len(tries) == 2, f"the timed try of the first failure ran as well: {len(tries)} tries"
    page.close()
