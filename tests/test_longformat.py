"""The long format: fixed keys, one value per row, units kept."""

from __future__ import annotations

import pandas as pd
import pytest

from nato3.longformat import OBSERVED_INDEX, SCENARIO_INDEX, to_long


def test_to_long_stacks_indicators_with_units():
    wide = pd.DataFrame({"iso3": ["POL", "DEU"], "year": [2024, 2024], "a": [1.0, 2.0], "b": [3.0, None]})
    long = to_long(wide, {"source": "nato"}, {"a": "%", "b": "US$"})
    assert list(long.columns[:4]) == OBSERVED_INDEX
    assert len(long) == 4 and set(long.unit) == {"%", "US$"}
    assert long.set_index(OBSERVED_INDEX).loc[("nato", "DEU", "a", 2024), "value"] == 2.0


def test_scenario_index_and_missing_columns():
    wide = pd.DataFrame({"iso3": ["POL"], "year": [2030], "share": [3.5]})
    long = to_long(wide, {"scenario": "s"}, {"share": "%"}, index=SCENARIO_INDEX)
    assert list(long.columns[:4]) == SCENARIO_INDEX
    with pytest.raises(KeyError, match="missing"):
        to_long(wide, {"scenario": "s"}, {"nope": "%"}, index=SCENARIO_INDEX)
