"""Typed answers with labels, units and limits: one declaration for Python, the form and the URL.

A tool's inputs are a frozen dataclass whose fields are declared with [`number`][pft.decision.fields.number]
or [`choice`][pft.decision.fields.choice]. The declaration carries what a form needs (label, unit,
limits, choices, help) so the page's form, the checks of a Python call and the parsing of a link
all read the same facts.

- In Python, constructing the dataclass checks every field and raises `ValueError` naming the
  first bad one.
- From a form or a link, [`parse`][pft.decision.fields.parse] reads text values, checks each
  field on its own and returns every problem at once, keyed by field, so each message can go
  beside its field; bad or missing values fall back to the defaults.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from dataclasses import MISSING, dataclass, fields
from dataclasses import field as dataclass_field
from typing import Any

__all__ = [
    "LARGEST", "SMALLEST", "Choice", "Number", "Parsed", "RuleError", "amount", "check", "choice", "defaults", "describe",
    "exact", "number", "parse", "plain", "shortened", "specs", "unformatted",
]

LARGEST = 1e12
"""No input of these tools is meaningfully above this; larger values are refused as typing errors."""
SMALLEST = 1e-6
"""Nor is any input other than 0 meaningfully closer to 0 than this (a millionth of a call a day, of a
dollar, of a share): such values are refused too, rather than shown back as ``1e-320``."""

THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?")
"""Commas a reader may type in a number: between groups of three digits before the point (20,000),
the first group without a leading 0 (0,500 is a decimal comma)."""
DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
"""A comma where the point goes (0,5): read as a thousands separator it would be ten or more times too large."""
ONE_GROUP = re.compile(r"[+-]?[1-9]\d{0,2}([.,])\d{3}")
"""One mark before three digits (20.000, 1,250): read here with the point for decimals and the comma
for thousands, but the other way round where the point separates thousands; the field says how it
was read."""

SHOWN_CHARS = 40
"""How much of a text that is no number a message quotes back."""


def shortened(text: str) -> str:
    """``text`` as a message quotes it: at most `SHOWN_CHARS` characters, the last an ellipsis if cut."""
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS - 1]}\u2026"


def _given(value: object) -> str:  # text quoted; any other object as Python writes it, with what to pass
    return repr(shortened(value)) if isinstance(value, str) else f"{shortened(repr(value))}: pass an int or a float"


def exact(value: float, grouping: str = "") -> str:
    """``value`` to its last digit, as the reader's own digits give it, and never in exponent form:
    1e-07 reads 0.0000001; ``grouping=","`` adds thousands separators."""
    return format(Decimal(repr(value)), f"{grouping}f")


def unformatted(value: float) -> str:
    """``value`` as a link or a form field holds it: `exact`, and a whole number without a point."""
    return str(int(value)) if value == int(value) else exact(value)


def _cleaned(text: str) -> str:  # without the spaces around it and the underscores grouping digits
    return text.strip().replace("_", "")


def _written(value: float) -> str:  # in full, or as Python writes it where the full form would be cut (1e-300)
    text = exact(value, ",").removesuffix(".0") if math.isfinite(value) else plain(value)
    return text if len(text) <= SHOWN_CHARS else repr(value)


class RuleError(ValueError):
    """A rule between fields is broken: ``fields`` names the fields it involves, ``reason`` says what
    to change in words that fit beside any of them."""

    def __init__(self, fields: tuple[str, ...], reason: str) -> None:
        super().__init__(f"{' and '.join(fields)}: {reason}")
        self.fields = fields
        self.reason = reason


@dataclass(frozen=True)
class Number:
    """A numeric input: its label, unit, limits and help text."""

    label: str
    unit: str
    minimum: float = 0.0
    maximum: float = LARGEST
    integer: bool = False
    positive: bool = False
    help: str = ""
    step: float | None = None

    def check(self, value: object) -> str:
        """``""`` if `value` is acceptable, else a message saying what is allowed."""
        if value is None:
            return "missing: give a number"
        if isinstance(value, str) and DECIMAL_COMMA.fullmatch(value):
            return f"must be a number written with a point for decimals (0.5, not 0,5), got {value!r}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, got {_given(value)}"
        if math.isnan(value):
            return f"must be a finite number, got {value!r}"
        if self.integer and math.isfinite(value) and value != int(value):
            return f"must be a whole number, got {_written(value)}"
        if self.positive and value <= 0:
            return f"must be more than 0, got {_written(value)}"
        if value < self.minimum:
            return f"must be {plain(self.minimum)} or more, got {plain(value)}"
        if 0 < abs(value) < SMALLEST:
            return f"must be 0 or at least {plain(SMALLEST)}, got {_written(value)}"
        if value > self.maximum:
            return f"must be at most {plain(self.maximum)}, got {plain(value)}"
        return ""

    def read(self, text: str) -> float | int | str | None:
        """A form's or a link's text as a number; ``None`` if blank, the text itself if no number.

        Commas are read only as thousands separators (20,000); a decimal comma (0,5) is no number,
        so its message asks for a point instead of the value being read ten times too large.
        """
        cleaned = _cleaned(text)
        if not cleaned:
            return None
        if "," in cleaned:
            if not THOUSANDS.fullmatch(cleaned):
                return text.strip()
            cleaned = cleaned.replace(",", "")
        try:
            value = float(cleaned) + 0.0  # -0 is 0
        except ValueError:
            return text.strip()
        return int(value) if self.integer and math.isfinite(value) and value == int(value) else value

    def reading(self, text: str) -> str:
        """How `read` took a text the other convention for marks reads otherwise (`ONE_GROUP`), and how
        to write that other number; ``""`` for any other text. 20,000 goes unremarked: no one means 20."""
        cleaned = _cleaned(text)
        match = ONE_GROUP.fullmatch(cleaned)
        if not match or (match[1] == "," and cleaned.endswith("000")):
            return ""
        other = float(cleaned.replace(".", "") if match[1] == "." else cleaned.replace(",", "."))
        return f"read as {plain(self.read(text))}; for {plain(other)}, write {unformatted(other)}"


@dataclass(frozen=True)
class Choice:
    """An input with a fixed set of answers: ``options`` maps each value to its label."""

    label: str
    options: tuple[tuple[str, str], ...]
    help: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.options)

    def check(self, value: object) -> str:
        if value is None:
            return "missing: choose one of " + ", ".join(self.values)
        if value not in self.values:
            return f"must be one of {', '.join(self.values)}; got {value!r}"
        return ""

    def read(self, text: str) -> str | None:
        return text.strip() or None

    def reading(self, text: str) -> str:
        """Nothing to say: an answer is one of the options or none."""
        return ""


Spec = Number | Choice


def number(default: float, label: str, unit: str, **options: Any) -> Any:
    """A dataclass field holding a number (see [`Number`][pft.decision.fields.Number] for options)."""
    return dataclass_field(default=default, metadata={"spec": Number(label, unit, **options)})


def choice(default: str, label: str, options: tuple[tuple[str, str], ...], help: str = "") -> Any:
    """A dataclass field holding one of ``options``' values."""
    return dataclass_field(default=default, metadata={"spec": Choice(label, options, help)})


@cache
def specs(cls: type) -> dict[str, Spec]:
    """Field name -> its declaration, in declaration order."""
    return {f.name: f.metadata["spec"] for f in fields(cls)}


def check(instance: object) -> None:
    """Raise ValueError naming the first field of `instance` whose value is not allowed."""
    for name, spec in specs(type(instance)).items():
        if problem := spec.check(getattr(instance, name)):
            raise ValueError(f"{name} {problem}")


def defaults(cls: type) -> dict[str, object]:
    return {f.name: f.default for f in fields(cls) if f.default is not MISSING}


def describe(instance: object, name: str) -> str:
    """A field's value with its unit, for summaries: ``'20,000 calls/day'``, ``'Yes'``."""
    spec = specs(type(instance))[name]
    value = getattr(instance, name)
    return dict(spec.options)[value] if isinstance(spec, Choice) else amount(spec, value)


def amount(spec: Number, value: float, unit: bool = True) -> str:
    """A number with its unit: ``'$0.50 per million tokens'``, ``'20,000 calls/day'``, ``'1 pass'``, ``'0.9'``."""
    text = plain(value)
    if spec.unit.startswith("$"):
        # Cents, as prices are written, unless that would hide part of the price ($0.004).
        cents = math.isclose(value, round(value, 2), rel_tol=1e-9, abs_tol=1e-12)
        text = f"{value:,.2f}" if value != int(value) and abs(value) < 1000 and cents else text
        return f"${text}{spec.unit[1:]}" if unit else f"${text}"
    return f"{text} {_singular(spec.unit) if value == 1 else spec.unit}" if unit and spec.unit else text


def _singular(unit: str) -> str:
    """A unit after the number 1: "calls/day" -> "call/day", "passes" -> "pass"; "of calls" stays."""
    word, rest = re.match(r"([a-z]*)(.*)", unit).groups()
    if not word.endswith("s"):
        return unit
    return word[:-2 if word.endswith("sses") else -1] + rest


def plain(value: float, digits: int = 6) -> str:
    """A number as a reader writes it, to ``digits`` significant digits, with thousands separators
    and never in exponent form: 20,000 / 0.25 / 0.0000008 / 98,765,400. A whole number is shown
    whole; only a number past any field's reach keeps the exponent (1e+30); an infinite one is too large."""
    if abs(value) > LARGEST:
        return f"{value:.3g}" if math.isfinite(value) else "a number too large to compute with"
    if value == int(value):
        return f"{int(value):,}"
    return format(Decimal(f"{value:.{digits}g}"), ",f")


@dataclass(frozen=True)
class Parsed:
    """What [`parse`][pft.decision.fields.parse] made of a form's or a link's values.

    Attributes:
        value: The inputs, with each bad or missing field at its default.
        problems: Field name -> message, for every field whose text was not used.
        unknown: Names given that are no field of the tool (ignored).
        readings: Field name -> how its text was read, for a used text that could be read two
            ways (see [`Number.reading`][pft.decision.fields.Number.reading]).
    """

    value: Any
    problems: dict[str, str]
    unknown: tuple[str, ...]
    readings: dict[str, str] = dataclass_field(default_factory=dict)


def parse(cls: type, raw: Mapping[str, str], base: object | None = None) -> Parsed:
    """Read text values (from a form or a URL) into `cls`, checking each field on its own.

    Args:
        cls: The inputs dataclass.
        raw: Field name -> text; absent fields keep their value in `base`.
        base: Where absent or bad fields come from; the dataclass defaults if ``None``.
    """
    table = specs(cls)
    values = {name: getattr(base, name) for name in table} if base is not None else defaults(cls)
    problems = {}
    readings = {}
    for name, text in raw.items():
        if name not in table:
            continue
        spec = table[name]
        value = spec.read(str(text))
        if problem := spec.check(value):
            problems[name] = problem
            continue
        values[name] = value
        if reading := spec.reading(str(text)):
            readings[name] = reading
    try:
        result = cls(**values)
    except RuleError as error:
        # A rule between fields: each field it involves is marked, and goes back to where it came from.
        fallback = base if base is not None else cls()
        for name in error.fields:
            problems[name] = error.reason
            values[name] = getattr(fallback, name)
        result = cls(**values)
    readings = {name: reading for name, reading in readings.items() if name not in problems}
    return Parsed(result, problems, tuple(sorted(set(raw) - set(table))), readings)
