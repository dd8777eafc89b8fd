"""The rank tests of nato3.burden.ranktests give scipy.stats' figures (to 1e-12) on alliance-sized
samples, with and without ties, and ``nato3 burden`` no longer imports scipy.stats."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from nato3.burden.ranktests import kendall, signed_rank_exact, spearman, student_t_two_sided


def _pairs(draw_values):
    return st.integers(3, 40).flatmap(lambda n: st.tuples(draw_values(n), draw_values(n)))


# Samples of 3 to 40 "allies"; small integers make ties, distinct floats none.
def _tied(n):
    return st.lists(st.integers(0, 6).map(float), min_size=n, max_size=n)


def _distinct(n):
    return st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False), min_size=n, max_size=n, unique=True)


def _check_correlations(x, y):
    x, y = np.array(x), np.array(y)
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return
    rho, rho_p = spearman(x, y)
    tau, tau_p = kendall(x, y)
    expected_rho, expected_tau = stats.spearmanr(x, y), stats.kendalltau(x, y)
    assert rho == pytest.approx(expected_rho.statistic, abs=1e-12)
    assert rho_p == pytest.approx(expected_rho.pvalue, rel=1e-12, abs=1e-300)
    assert tau == pytest.approx(expected_tau.statistic, abs=1e-12)
    assert tau_p == pytest.approx(expected_tau.pvalue, rel=1e-12, abs=1e-300)


@settings(max_examples=100, deadline=None)
@given(_pairs(_tied))
def test_correlations_with_ties_equal_scipy(pair):
    _check_correlations(*pair)


@settings(max_examples=100, deadline=None)
@given(_pairs(_distinct))
def test_correlations_without_ties_equal_scipy(pair):
    _check_correlations(*pair)


@settings(max_examples=100, deadline=None)
@given(_pairs(_distinct))
def test_exact_signed_rank_equals_scipy(pair):
    x, y = np.array(pair[0]), np.array(pair[1])
    got = signed_rank_exact(x - y)
    if got is None:  # tied magnitudes or a zero difference: nato3 asks scipy itself
        return
    expected = stats.wilcoxon(x, y)
    assert got[0] == expected.statistic
    assert got[1] == pytest.approx(expected.pvalue, rel=1e-12)


def test_signed_rank_leaves_ties_and_zeros_to_scipy():
    assert signed_rank_exact(np.array([1.0, -1.0, 2.0])) is None
    assert signed_rank_exact(np.array([0.0, 1.0, 2.0])) is None
    assert signed_rank_exact(np.arange(1.0, 52.0)) is None  # over 50: scipy's normal approximation


@pytest.mark.parametrize("dof", [1, 2, 3, 4, 7, 10, 29, 30, 31, 60, 75])
@pytest.mark.parametrize("t", [0.0, 0.05, 0.5, 1.0, 2.0, 3.3, 5.0, 12.0, 300.0])
def test_student_t_tail_equals_scipy(dof, t):
    expected = 2 * special.stdtr(dof, -t)
    assert student_t_two_sided(t, dof) == pytest.approx(expected, rel=1e-12, abs=1e-300)
    assert student_t_two_sided(-t, dof) == student_t_two_sided(t, dof)


# Permutations of n items by number of inversions: the Mahonian numbers, OEIS A008302 rows 3-5.
MAHONIAN = {3: [1, 2, 2, 1], 4: [1, 3, 5, 6, 5, 3, 1], 5: [1, 4, 9, 15, 20, 22, 20, 15, 9, 4, 1]}


def test_permutations_with_at_most_c_inversions_are_the_mahonian_sums():
    from itertools import accumulate
    from math import factorial

    from nato3.burden.ranktests import _inversions_at_most

    for n, row in MAHONIAN.items():
        assert [_inversions_at_most(n, c) for c in range(len(row))] == list(accumulate(row))
    assert _inversions_at_most(12, 12 * 11 // 2) == factorial(12)  # every permutation


def test_kendall_example_published_in_scipys_documentation():
    """scipy.stats.kendalltau's own example (with ties, so the normal approximation)."""
    tau, p = kendall(np.array([12.0, 2, 1, 12, 2]), np.array([1.0, 4, 7, 1, 0]))
    assert tau == pytest.approx(-0.47140452079103173, abs=1e-15)
    assert p == pytest.approx(0.2827454599327748, rel=1e-12)


def test_burden_runs_without_scipy_stats(nato3_home):
    """The default `nato3 burden` (NATO 2024: no ties) computes its tests without importing scipy.stats."""
    from nato3.store.database import ensure_database

    ensure_database()  # the worker's shared database, built once (the subprocess only reads it)
    code = (
        "import sys, io, contextlib\n"
        "sys.argv = ['nato3', 'burden', '--format', 'json']\n"
        "from nato3.cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit as exc:\n        assert not exc.code, exc.code\n"
        "print(sorted(m for m in ('scipy.stats', 'matplotlib', 'plotly', 'pydantic', 'fastapi') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
