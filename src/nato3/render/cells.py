"""How one value of a document is written for people: the same text in the terminal, the web
pages and the report. Missing is "–"; marks follow the number ("3.79 e", "2.00 e †")."""

from __future__ import annotations

from typing import Any

from nato3.documents.model import MARKS, Column
from nato3.plain import plain

MISSING = "–"
VERDICTS = {True: "✔", False: "✗", None: "–"}


def text(value: Any, column: Column) -> str:
    """The value alone, formatted by the column's kind and digits."""
    value = plain(value)
    if column.kind == "verdict":
        return VERDICTS[None if value is None else bool(value)]
    if value is None:
        return MISSING
    if column.kind == "year":
        return str(int(value))
    if column.kind == "integer":
        return f"{int(value):,}"
    if column.kind == "number":
        return f"{float(value):,.{column.digits}f}"
    if column.kind == "probability":
        return probability(float(value))
    if column.kind == "flag":
        return "yes" if value else "no"
    if column.kind == "list":
        return ", ".join(str(v) for v in value)
    return str(value)


def probability(value: float) -> str:
    """A probability (0–1) as a whole percentage; "< 1 %" and "> 99 %" rather than a rounded 0 or 100."""
    if 0 < value < 0.005:
        return "< 1 %"
    if 0.995 <= value < 1:
        return "> 99 %"
    return f"{100 * value:.0f} %"


def symbols(marks: tuple[str, ...] | list[str]) -> str:
    return " ".join(MARKS[m].symbol for m in marks if m in MARKS)


def marked(value: Any, column: Column, marks: tuple[str, ...] | list[str] = ()) -> str:
    """The value with its marks' symbols (none on a missing value)."""
    body = text(value, column)
    if not marks or (body == MISSING and column.kind != "verdict"):
        return body
    return f"{body} {symbols(marks)}"


def legend(codes: list[str]) -> str:
    """``e = the publisher's estimate … · † = …`` for the marks a document uses."""
    return " · ".join(f"{MARKS[m].symbol} {MARKS[m].meaning}" for m in codes)
