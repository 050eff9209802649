"""The experiments behind the guide's pages, one module each.

Each module has a `run(...)` function returning a small result object with
`table()` (text for the page) and `chart()` (for `pft.show`). A snippet in
`snippets/` calls it with the page's seed; the tests call the same function on
other seeds and assert the effect the page describes.
"""
