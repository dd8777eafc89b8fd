"""Format helpers of the report: missing values print as a dash, never as zero."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nato3.report import format as fmt
from nato3.standing.pledges import get_pledge

NBSP = "\u00a0"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, math.nan])
def test_missing_is_a_dash(missing):
    assert fmt.pct(missing) == fmt.number(missing) == fmt.usd_bn(missing) == fmt.signed(missing) == "–"
    assert fmt.raw(missing) == "" and fmt.mark(missing) == "–" and fmt.mark_word(missing) == "unknown"


def test_numbers():
    assert fmt.pct(2.71275) == f"2.71{NBSP}%"
    assert fmt.pct(65.63, 1) == f"65.6{NBSP}%"
    assert fmt.usd_bn(1474399.48) == f"US$1,474{NBSP}bn"
    assert fmt.threshold(3.5) == f"3.5{NBSP}%" and fmt.threshold(2.0) == f"2{NBSP}%"
    assert fmt.signed(-1.44) == f"−1.4{NBSP}%" and fmt.signed(10.88) == f"+10.9{NBSP}%"
    assert fmt.number(1234.5, 1) == "1,234.5"


def test_probabilities_and_settings():
    assert fmt.probability(0.5007) == f"50{NBSP}%" and fmt.probability(0.0) == f"0{NBSP}%"
    assert fmt.probability(1.0) == f"100{NBSP}%" and fmt.probability(None) == "–"
    assert fmt.probability(0.0004) == f"<{NBSP}1{NBSP}%"  # possible, so never "0 %"
    assert fmt.probability(0.9951) == f">{NBSP}99{NBSP}%"  # not certain, so never "100 %"
    assert fmt.compact(1.5) == "1.5" and fmt.compact(10000) == "10,000" and fmt.compact(0.05) == "0.05"


def test_words():
    assert fmt.words([]) == "none"
    assert fmt.words(["Poland"]) == "Poland"
    assert fmt.words(["Poland", "Lithuania", "Latvia"]) == "Poland, Lithuania and Latvia"


def test_marks():
    assert [fmt.mark(v) for v in (True, False, None)] == ["✔", "✗", "–"]
    assert fmt.raw(True) == "true" and fmt.raw(pd.array([False], dtype="boolean")[0]) == "false"


def test_sentence_keeps_the_rest():
    assert fmt.sentence("after the agreed 6 Feb 2026 reallocation") == "After the agreed 6 Feb 2026 reallocation"


def test_pledge_short():
    assert fmt.pledge_short(get_pledge("wales-equipment-20")) == f"20{NBSP}% eq."
    assert fmt.pledge_short(get_pledge("hague-core-3.5")) == f"3.5{NBSP}%"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_raw_keeps_full_precision(value):
    assert float(fmt.raw(value)) == value
