"""What every experiment returns: a result with a table, a chart and rows looked up by key.

Each experiment module has a frozen `Settings` dataclass and one function
``run(*, seed=<the page's seed>, settings=Settings()) -> Result``, whose `Result`
subclasses [`Result`][pft.experiments.result.Result] below. The page prints `table()`
and shows `chart()`; the page's prose and the tests read single numbers through
`row(key)`, whose key is the row's label in the table (a method, a condition, a
number of examples): a row class is a dataclass whose first field is that label. A
result that keeps the rows it was given subclasses [`Rows`][pft.experiments.result.Rows],
which declares them; one that computes its rows from other fields declares `rows` as a
property.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, fields
from typing import Generic, Protocol, TypeVar, runtime_checkable

from pft.render.charts import Chart

__all__ = ["Result", "Row", "Rows"]


@runtime_checkable
class Row(Protocol):
    """One row of a result's table; subclass it as a dataclass whose first field labels the row, to get `key`."""

    @property
    def key(self) -> Hashable:
        """What the row is looked up by: the value of its first field, the row's label in the table."""
        return getattr(self, fields(self)[0].name)


@runtime_checkable
class Result(Protocol):
    """An experiment's result; subclass it to get `row`."""

    rows: Sequence[Row]
    """The rows, in table order."""

    def table(self) -> str:
        """The result as a plain-text table, for the page."""
        ...

    def chart(self) -> Chart:
        """The result as a chart, for `pft.show`."""
        ...

    def row(self, key: Hashable) -> Row:
        """The row whose `key` is ``key``.

        Raises:
            KeyError: If there is none; the message lists the keys there are.
        """
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(f"no row {key!r}; the rows are {[r.key for r in self.rows]}")


R = TypeVar("R", bound=Row)


@dataclass(frozen=True)
class Rows(Result, Generic[R]):
    """A result that holds the rows it was built with: the field every such result shares.

    Subclass it as a frozen dataclass with the experiment's row class, ``Rows[Row]``,
    and add `table`, `chart` and any fields of its own (they follow ``rows``).
    """

    rows: tuple[R, ...]
    """The rows, in table order."""
