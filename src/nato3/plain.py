"""Plain Python values from numpy and pandas ones, and the one JSON encoder nato3 uses.

A leaf module: it imports nothing else of ours. NaN, NA and NaT become ``None`` (``null`` in
JSON), numpy scalars become Python numbers, tuples and sets become lists. orjson writes the
text: it is several times faster than the standard library on the API's hot paths and refuses
NaN by writing ``null``, which is what a missing figure is.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def plain(value: Any) -> Any:
    """One value as plain Python: None for NaN/NA/NaT, int/float/bool for numpy scalars,
    lists for tuples and sets, mappings and lists converted all the way down."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not hasattr(value, "__len__"):  # numpy scalar
        return plain(value.item())
    if hasattr(value, "isoformat"):
        text = str(value)
        return None if text in ("NaT", "NaN") else value.isoformat()
    if str(value) in ("<NA>", "NaT", "nan"):
        return None
    if hasattr(value, "tolist"):  # numpy array
        return plain(value.tolist())
    return value


def plain_records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """The rows of ``frame`` (its ``columns`` and ``marks`` when present) as plain dicts."""
    names = list(columns or frame.columns)
    if "marks" in frame.columns and "marks" not in names:
        names.append("marks")
    names = [n for n in names if n in frame.columns]
    data = [_plain_marks(frame[n]) if n == "marks" else _plain_column(frame[n]) for n in names]
    return [dict(zip(names, values, strict=True)) for values in zip(*data, strict=True)]


def _plain_column(column: pd.Series) -> list[Any]:
    """A column's values as :func:`plain` makes them, a NumPy number column without a call per value."""
    values = column.tolist()
    kind = column.dtype.kind if type(column.dtype).__module__.startswith("numpy") else None  # not pandas' own types
    if kind == "f":
        return [None if v != v else v for v in values]  # NaN is the one float unequal to itself
    if kind in ("i", "u", "b"):
        return values
    return [plain(v) for v in values]


def _plain_marks(column: pd.Series) -> list[Any]:
    """A ``marks`` column (column name → tuple of mark codes, text) as :func:`plain` makes it,
    without a call per code: a table of 10,000 draws' paths has thousands of marked cells."""
    out = []
    for marks in column.tolist():
        if type(marks) is dict and all(type(k) is str and type(v) is tuple for k, v in marks.items()):
            marks = {k: list(v) if all(type(c) is str for c in v) else plain(v) for k, v in marks.items()}
        else:
            marks = plain(marks)
        out.append(marks)
    return out


def dumps(obj: Any, indent: bool = False, sort_keys: bool = False) -> bytes:
    """JSON bytes of ``obj`` (UTF-8, not ASCII-escaped), its values as :func:`plain` makes them.

    orjson writes what is already plain (str, int, float with NaN as null, bool, None, dicts with
    text keys, lists, tuples) itself and asks :func:`plain` only for the rest, so a document whose
    records are already plain is not walked twice; a key that is not text sends the whole value
    through :func:`plain` first (``str(key)``, as always)."""
    import orjson

    option = 0
    if indent:
        option |= orjson.OPT_INDENT_2
    if sort_keys:
        option |= orjson.OPT_SORT_KEYS
    try:
        return orjson.dumps(obj, default=_made_plain, option=option)
    except TypeError:
        return orjson.dumps(plain(obj), option=option | orjson.OPT_NON_STR_KEYS)


def _made_plain(value: Any) -> Any:
    out = plain(value)
    if out is value:
        raise TypeError(f"{type(value).__name__} has no JSON form")
    return out


def loads(data: bytes | str) -> Any:
    import orjson

    return orjson.loads(data)
