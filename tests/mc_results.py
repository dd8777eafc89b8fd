"""One check for Monte Carlo results that must be the same bits (another chunking, backend,
process or thread): every statistic of every ally, aggregate and year."""

from __future__ import annotations

import numpy as np

from nato3.projection import montecarlo as mc

FIELDS = ("p_reach_by", "p_ever_by", "expected_gap", "share_min", "share_max", "p_outspend", "p_outspend_ever")


def assert_identical(a: mc.Result, b: mc.Result) -> None:
    for q in mc.QUANTILES:
        np.testing.assert_array_equal(a.quantiles[q], b.quantiles[q])
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
