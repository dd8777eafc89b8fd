"""Spearman's ρ, Kendall's τ-b and the Wilcoxon signed-rank test on NumPy alone, for the sample sizes
of an alliance.

Why not ``scipy.stats``: importing it takes about a second (longer than pandas and DuckDB together),
and ``nato3 burden`` needs only these three tests on at most a few dozen allies. Each function
follows the textbook definition and chooses the p-value the way ``scipy.stats`` does by default
(tests/test_burden_ranktests.py checks them against scipy to 1e-12):

* Spearman: Pearson's r of the average ranks; two-sided p from Student's t with n − 2 degrees of
  freedom (Abramowitz and Stegun 26.7.3–4, exact for integer degrees of freedom).
* Kendall τ-b: without ties and n ≤ 33, the exact null distribution (permutations counted by their
  inversions, Kendall 1970, "Rank Correlation Methods", ch. 4); otherwise the normal approximation
  with Kendall's tie-corrected variance.
* Wilcoxon: without zero differences or tied magnitudes and n ≤ 50, the exact distribution of the
  signed-rank sum (subsets of 1..n counted by their sum). Otherwise ``None``: scipy's permutation
  or corrected normal method applies, and the caller asks scipy.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from itertools import accumulate

import numpy as np

KENDALL_EXACT_MAX_N = 33
WILCOXON_EXACT_MAX_N = 50


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n, tied values sharing the mean of their ranks."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(values)]
    ranks = np.empty(len(values))
    ranks[order] = np.repeat((starts + ends + 1) / 2, ends - starts)
    return ranks


def student_t_two_sided(t: float, dof: int) -> float:
    """P(|T| ≥ |t|) for Student's t with an integer number of degrees of freedom."""
    if math.isinf(t):
        return 0.0
    if 9 * t * t >= dof:  # p below about 0.75: summed directly, so a small p keeps its relative precision
        return _t_tail_series(t, dof)
    theta = math.atan(abs(t) / math.sqrt(dof))
    s, c2 = math.sin(theta), math.cos(theta) ** 2
    if dof % 2:  # odd: A = 2/π (θ + sin θ cos θ (1 + 2/3 cos²θ + (2·4)/(3·5) cos⁴θ + …))
        term, total = 1.0, 1.0 if dof > 1 else 0.0
        for k in range(1, (dof - 1) // 2):
            term *= c2 * (2 * k) / (2 * k + 1)
            total += term
        inside = 2 / math.pi * (theta + s * math.cos(theta) * total)
    else:  # even: A = sin θ (1 + 1/2 cos²θ + (1·3)/(2·4) cos⁴θ + …)
        term, total = 1.0, 1.0
        for k in range(1, dof // 2):
            term *= c2 * (2 * k - 1) / (2 * k)
            total += term
        inside = s * total
    return min(1.0, max(0.0, 1.0 - inside))


def _t_tail_series(t: float, dof: int) -> float:
    """P(|T| ≥ |t|) = I_x(ν/2, 1/2) with x = ν/(ν + t²) as the sum of I_x(a, b) − I_x(a + 1, b) =
    xᵃ(1 − x)ᵇ / (a B(a, b)) over a = ν/2, ν/2 + 1, …; each term is the last times x (a + ½)/(a + 1).
    Used for x ≤ 0.9, where the terms shrink by at least 0.9 each: at most a few hundred terms."""
    x, a = dof / (dof + t * t), dof / 2
    beta = math.pi if dof % 2 else 2.0  # B(1/2, 1/2) or B(1, 1/2); then B(a + 1, ½) = B(a, ½) a / (a + ½)
    for step in range((dof - 1) // 2):
        start = 0.5 if dof % 2 else 1.0
        beta *= (start + step) / (start + step + 0.5)
    term = x**a * math.sqrt(1 - x) / (a * beta)
    total = 0.0
    while term > 1e-17 * total:
        total += term
        term *= x * (a + 0.5) / (a + 1)
        a += 1
    return min(1.0, total)


def spearman(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Spearman's ρ and its two-sided p-value (n ≥ 3, neither variable constant)."""
    ranks = np.column_stack((average_ranks(x), average_ranks(y)))
    rho = float(np.corrcoef(ranks, rowvar=False)[1, 0])
    dof = len(x) - 2
    t = math.inf if abs(rho) == 1 else rho * math.sqrt(dof / ((1 + rho) * (1 - rho)))
    return rho, student_t_two_sided(t, dof)


def _tie_sums(values: np.ndarray) -> tuple[int, int, int]:
    """Σ t(t−1)/2, Σ t(t−1)(t−2) and Σ t(t−1)(2t+5) over the groups of t tied values."""
    _, counts = np.unique(values, return_counts=True)
    t = [int(c) for c in counts if c > 1]
    return (
        sum(c * (c - 1) // 2 for c in t),
        sum(c * (c - 1) * (c - 2) for c in t),
        sum(c * (c - 1) * (2 * c + 5) for c in t),
    )


def _inversions_at_most(n: int, c: int) -> int:
    """How many permutations of n items have at most c inversions (Mahonian numbers, summed)."""
    cumulative = _mahonian_sums(n)
    return cumulative[min(c, len(cumulative) - 1)]


@functools.cache
def _mahonian_sums(n: int) -> tuple[int, ...]:
    """For c = 0 … n(n−1)/2, how many permutations of n items have at most c inversions: a year's
    test asks for one c of its n, and a few dozen n serve every year."""
    counts = [1]  # permutations of 1 item, by number of inversions
    for size in range(2, n + 1):  # the new item adds 0..size−1 inversions: a running sum of width size
        prefix = list(accumulate(counts))
        longer = prefix + [prefix[-1]] * (size - 1)
        counts = longer[:size] + [a - b for a, b in zip(longer[size:], prefix, strict=False)]
    return tuple(accumulate(counts))


def kendall(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Kendall's τ-b and its two-sided p-value (n ≥ 3, neither variable constant)."""
    n = len(x)
    signs = np.sign(x[:, None] - x[None, :]) * np.sign(y[:, None] - y[None, :])
    upper = signs[np.triu_indices(n, 1)]
    concordant, discordant = int((upper > 0).sum()), int((upper < 0).sum())
    pairs = n * (n - 1) // 2
    x_ties, x2, x5 = _tie_sums(x)
    y_ties, y2, y5 = _tie_sums(y)
    score = concordant - discordant
    tau = min(1.0, max(-1.0, score / math.sqrt(pairs - x_ties) / math.sqrt(pairs - y_ties)))
    if x_ties == 0 and y_ties == 0 and (n <= KENDALL_EXACT_MAX_N or min(discordant, pairs - discordant) <= 1):
        fewer = min(discordant, pairs - discordant)
        if 4 * fewer == n * (n - 1):
            return tau, 1.0
        p = Fraction(2 * _inversions_at_most(n, fewer), math.factorial(n))
        return tau, float(min(p, Fraction(1)))
    m = n * (n - 1.0)
    variance = (m * (2 * n + 5) - x5 - y5) / 18 + (2 * x_ties * y_ties) / m + x2 * y2 / (9 * m * (n - 2))
    return tau, math.erfc(abs(score / math.sqrt(variance)) / math.sqrt(2))


def _rank_sums_at_most(n: int, w: int) -> int:
    """How many subsets of {1, …, n} have a sum of at most w."""
    counts = [1] + [0] * w
    for item in range(1, n + 1):
        for total in range(w, item - 1, -1):
            counts[total] += counts[total - item]
    return sum(counts)


def signed_rank_exact(differences: np.ndarray) -> tuple[float, float] | None:
    """Wilcoxon's statistic (the smaller signed-rank sum) and exact two-sided p-value, or None when
    the exact distribution does not apply (a zero difference, tied magnitudes, n over 50)."""
    n = len(differences)
    magnitudes = np.abs(differences)
    if n > WILCOXON_EXACT_MAX_N or np.any(magnitudes == 0) or len(np.unique(magnitudes)) < n:
        return None
    ranks = average_ranks(magnitudes)
    plus = int(ranks[differences > 0].sum())
    total = n * (n + 1) // 2
    smaller = min(plus, total - plus)  # the distribution is symmetric: P(W ≥ plus) = P(W ≤ total − plus)
    p = Fraction(2 * _rank_sums_at_most(n, smaller), 2**n)
    return float(smaller), float(min(p, Fraction(1)))
