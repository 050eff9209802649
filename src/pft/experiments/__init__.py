"""The experiments behind the guide's pages, one module each.

Every experiment module has the same three parts:

- `Settings`: a frozen dataclass of what the experiment varies and how much data it uses,
  built on [`BaseSettings`][pft.experiments.settings.BaseSettings], so bad values fail when
  it is built;
- `run(*, seed=0, settings=Settings()) -> Result`, where the seed is the one the page uses;
- `Result`, which satisfies [`Result`][pft.experiments.result.Result]: `table()` for the
  page, `chart()` for `pft.show`, and `row(key)` for any single number (a result that
  keeps the rows it is given subclasses [`Rows`][pft.experiments.result.Rows]).

A snippet in `snippets/` calls `run` with the page's seed; the tests call the same
function on other seeds and assert the effect the page describes. The modules are not
imported here, so a snippet loads only the experiment it runs.
"""

from pft.experiments.result import Result, Row, Rows

__all__ = ["Result", "Row", "Rows"]
