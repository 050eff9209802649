"""Plain-text tables whose columns are declared by one row template.

An experiment's ``table()`` is one call: a format string over a row's fields, such as
``"{method:<12} {trainable:>8} {domain:>13.2f}"``, and a header per field. The header
line is laid out with each field's alignment and width from the same template, so the
header and the rows cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from string import Formatter

__all__ = ["text_table"]

_ALIGN_WIDTH = re.compile(r"(?:.?([<>=^]))?[-+ ]?z?#?0?(\d*)")
"""The alignment and width at the start of a format spec (``[[fill]align][sign][z][#][0][width]``)."""


class _Fields:
    """A row's attributes, as the mapping ``str.format_map`` reads fields from."""

    def __init__(self, row: object) -> None:
        self._row = row

    def __getitem__(self, name: str) -> object:
        return getattr(self._row, name)


def text_table(template: str, headers: Sequence[str], rows: Iterable[object]) -> str:
    """A header line, then ``template`` filled in from each row's attributes.

    Each header is aligned and padded as its field's format spec says (``"="`` as
    ``">"``; left where the spec gives no alignment); the text between fields is
    repeated in the header line.

    Raises:
        ValueError: If there is not one header per field of ``template``.
    """
    parts = list(Formatter().parse(template))
    fields = [field for _, field, _, _ in parts if field is not None]
    if len(fields) != len(headers):
        raise ValueError(f"{len(headers)} headers for the {len(fields)} fields {fields} of {template!r}")
    names, head = iter(headers), []
    for literal, field, spec, _ in parts:
        head.append(literal)
        if field is not None:
            align, width = _ALIGN_WIDTH.match(spec).groups()
            head.append(f"{next(names):{'>' if align == '=' else align or '<'}{width}}")
    return "\n".join(["".join(head), *(template.format_map(_Fields(row)) for row in rows)])
