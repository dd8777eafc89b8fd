"""nato3's one JSON encoder: orjson writes what is already plain and asks :func:`plain` only for
the rest. The bytes must be those of making the whole value plain first (the encoder's old way),
for every document a face serialises and for values nato3 never wrote before."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import orjson
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nato3.plain import dumps, plain


def _walked_first(value, **options) -> bytes:
    option = orjson.OPT_NON_STR_KEYS
    if options.get("indent"):
        option |= orjson.OPT_INDENT_2
    if options.get("sort_keys"):
        option |= orjson.OPT_SORT_KEYS
    return orjson.dumps(plain(value), option=option)


ODD = [
    np.float64("nan"),
    np.float64(1.25),
    np.int64(-3),
    np.bool_(True),
    pd.NA,
    pd.NaT,
    pd.Timestamp("2026-06-24 12:00:00"),
    dt.date(2025, 6, 25),
    math.inf,
    float("nan"),
    ("a", 1),
    frozenset({2}),
    np.array([1.5, np.nan]),
]
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.sampled_from(ODD),
)
keys = st.one_of(st.text(max_size=3), st.integers(-5, 5), st.booleans(), st.none(), st.sampled_from([np.int64(7)]))
values = st.recursive(
    leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)


@given(values, st.booleans(), st.booleans())
def test_bytes_are_those_of_the_value_made_plain_first(value, indent, sort_keys):
    try:
        expected = _walked_first(value, indent=indent, sort_keys=sort_keys)
    except TypeError:  # keys orjson cannot sort (mixed after str()) — the old way refused too
        with pytest.raises(TypeError):
            dumps(value, indent=indent, sort_keys=sort_keys)
        return
    assert dumps(value, indent=indent, sort_keys=sort_keys) == expected


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("status", {}),
        ("burden", {"source": "sipri", "year": 2024}),
        ("burden_tests", {}),
        ("ledger_commands", {}),
        ("ledger_events", {}),
        ("revisions", {}),
        ("sources", {}),
        ("spending", {"iso3": "POL"}),
        ("projection", {"scenario": "hague-linear", "draws": 200, "seed": 3}),
        ("backtest", {}),
    ],
)
def test_every_document_is_written_as_before(kind, params):
    from nato3.documents import build

    doc = build(kind, **params)
    body = doc.to_dict()
    assert dumps(body) == _walked_first(body)
    for table in doc.tables.values():  # every record as plain() makes each of its values
        names = [c.name for c in table.columns] + ["marks"] * ("marks" in table.frame.columns)
        names = [n for n in names if n in table.frame.columns]
        walked = [{n: plain(row[n]) for n in names} for row in table.frame.to_dict("records")]
        assert table.records() == walked


def test_marks_are_made_plain_as_any_value():
    """The fast path for a ``marks`` column gives what :func:`plain` gives, odd cells included."""
    from nato3.plain import plain_records

    cells = [{"a": ("estimate",), "b": ("projection", "derived")}, {}, None, math.nan, {"a": ["x"]}, {1: ("e",)}]
    cells += [{"a": (np.str_("estimate"),)}, {"a": ("e", 1)}]
    frame = pd.DataFrame({"x": range(len(cells)), "marks": pd.Series(cells, dtype=object)})
    expected = [{"x": i, "marks": plain(m)} for i, m in enumerate(cells)]
    assert plain_records(frame) == expected
