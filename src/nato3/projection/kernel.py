"""The one array kernel behind both the deterministic projection and every Monte Carlo draw.

GDP grows from the anchor year (the newest GDP figure) by
a growth factor per year; its cumulative product is the GDP index ``G``. The share of GDP is the
policy path ``P`` (share policies) or ``P · G_t0 / G_t`` (spending policies), times the
compounded execution factor ``X_t = Π (1 + execution noise)`` over the projected years so far.

In a Monte Carlo draw a share policy is read as a budget set in money against the GDP expected
when it was planned: its share is ``P · (G_t0 / G_t) / (Ĝ_t0 / Ĝ_t) · X_t``, ``Ĝ`` being the
deterministic GDP index, so a GDP surprise moves the share as it does a spending policy's, and a
budget shortfall or overrun is carried into later years instead of being made up. Both make the
spread of the share grow like √(years ahead), which is how the share's hindcast errors grow
(:mod:`nato3.backtest`). Without noise both factors are exactly 1.

Two extra rows hold NATO's aggregates, computed like
NATO does: spending summed over members with figures, divided by the GDP of all members
(Iceland's GDP included), each ally counted from its accession year.

Arrays are ``(rows, years, draws)``. The deterministic path is this kernel with the mean growth
factors and no noise, and a Monte Carlo draw with zero volatility adds exactly zero to them, so
the two agree bit for bit. Only
element-wise operations and fixed-order sums are used, so a draw's result never depends on how
many other draws share its array (chunk size, backend).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

AGGREGATES = ("NATO_EUR_CAN", "NATO_TOTAL")


@dataclass(frozen=True, eq=False)
class Kernel:
    """Everything needed to compute paths, as plain arrays: picklable, no database."""

    iso3: tuple[str, ...]
    years: np.ndarray  # output years: base year … horizon
    offset: int  # index of the base year on the GDP-index axis (anchor year … horizon)
    onep_mu: np.ndarray  # (allies, horizon − anchor): 1 + mean growth / 100
    P: np.ndarray  # (allies, years): policy paths
    ratio_idx: np.ndarray  # allies with spending policies
    g0_index: np.ndarray  # their t0 on the GDP-index axis
    gdp_anchor: np.ndarray  # (allies,) GDP in the anchor year
    members: np.ndarray  # (aggregates, allies, years) bool: counted in the aggregate that year
    projected: np.ndarray  # (allies, years) bool: projected value (execution noise applies)
    target: float  # % of GDP

    @property
    def n_allies(self) -> int:
        return self.P.shape[0]

    @property
    def n_growth(self) -> int:
        return self.onep_mu.shape[1]

    @property
    def codes(self) -> tuple[str, ...]:
        """Row labels of the kernel's output: the allies, then the aggregates."""
        return (*self.iso3, *AGGREGATES)

    @property
    def outspend_rows(self) -> tuple[int, int] | None:
        """(NATO Europe and Canada's row, the United States' row) when the kernel has both: the
        Monte Carlo counts the draws in which the one spends more than the other."""
        if "USA" not in self.iso3 or self.members.shape[0] < 1:
            return None
        return self.n_allies + AGGREGATES.index("NATO_EUR_CAN"), self.iso3.index("USA")

    def noise_scale(self, execution_sd: float | np.ndarray) -> np.ndarray:
        """Execution-noise scale per ally and year: ``execution_sd`` % (one number, or one per
        ally) where projected, else 0."""
        sd = np.broadcast_to(np.asarray(execution_sd, dtype=float), (self.n_allies,))
        return np.where(self.projected, sd[:, None] / 100.0, 0.0)

    @cached_property
    def share_rows(self) -> np.ndarray:
        """Allies whose policy fixes the share (every ally not in ``ratio_idx``)."""
        return np.setdiff1d(np.arange(self.n_allies), self.ratio_idx)

    @cached_property
    def share_g0(self) -> np.ndarray:
        """For :attr:`share_rows`, the year of the latest share (``t0``) on the GDP-index axis,
        the anchor year if ``t0`` is before it."""
        projected = self.projected[self.share_rows]
        first = np.where(projected.any(axis=1), np.argmax(projected, axis=1), projected.shape[1])
        return np.clip(self.offset + first - 1, 0, self.n_growth)

    @cached_property
    def mean_index(self) -> np.ndarray:
        """The deterministic GDP index ``Ĝ`` ``(allies, horizon − anchor + 1)``, computed exactly
        as :func:`evaluate` computes ``G`` from the mean growth factors."""
        return _cumulate(deterministic_index(self))[:, :, 0]


def _cumulate(G: np.ndarray) -> np.ndarray:
    """Growth factors → GDP index, in place, year after year (one fixed order of products)."""
    for t in range(1, G.shape[1]):
        G[:, t] *= G[:, t - 1]
    return G


def growth_index(kernel: Kernel, n: int) -> np.ndarray:
    """An empty GDP-index array ``(allies, horizon − anchor + 1, n)``, its anchor-year row 1."""
    G = np.empty((kernel.n_allies, kernel.n_growth + 1, n))
    G[:, 0] = 1.0
    return G


def deterministic_index(kernel: Kernel) -> np.ndarray:
    """The GDP-index input of the deterministic path: mean growth factors, one draw."""
    G = growth_index(kernel, 1)
    G[:, 1:, 0] = kernel.onep_mu
    return G


def evaluate(
    kernel: Kernel,
    G: np.ndarray,
    noise: np.ndarray | None = None,
    out: tuple[np.ndarray, np.ndarray] | None = None,
    shares_only: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Shares of GDP (%) and GDP (million US$) for every ally and aggregate, year and draw.

    Arrays are ``(rows, years, draws)``: draws last, so every statistic over draws reads
    contiguous memory, and each ally's and year's slice is contiguous.

    Args:
        G: ``(allies, horizon − anchor + 1, draws)`` growth factors with 1 in row 0; turned
            into the GDP index in place.
        noise: ``(allies, years, draws)`` relative execution deviations (scale × shock), or
            None; overwritten.
        out: preallocated ``(share, gdp)`` arrays to fill (reused between chunks).
        shares_only: fill only the allies' shares (GDP and the aggregates' rows are left as they
            are): for a caller that reads nothing else (the backtest's hindcast).

    Returns:
        ``share, gdp``, each ``(allies + aggregates, years, draws)``.
    """
    n = G.shape[2]
    A, T = kernel.P.shape
    K = kernel.members.shape[0]
    _cumulate(G)
    Gout = G[:, kernel.offset :]
    share, gdp = out if out is not None else (np.empty((A + K, T, n)), np.empty((A + K, T, n)))
    if noise is None:
        share[:A] = kernel.P[:, :, None]
    else:
        noise += 1.0
        for t in range(1, T):  # a shortfall or overrun carries into later years
            noise[:, t] *= noise[:, t - 1]
        np.multiply(kernel.P[:, :, None], noise, out=share[:A])
        _gdp_surprise(kernel, G, Gout, share)
    if len(kernel.ratio_idx):
        r = kernel.ratio_idx
        share[r] *= G[r, kernel.g0_index][:, None, :] / Gout[r]
    if not shares_only:
        _gdp_and_aggregates(kernel, Gout, share, gdp)
    return share, gdp


def _gdp_surprise(kernel: Kernel, G: np.ndarray, Gout: np.ndarray, share: np.ndarray) -> None:
    """Share policies in a draw: × (G_t0 · Ĝ_t) / (G_t · Ĝ_t0), the budget planned against
    expected GDP divided by realised GDP. The factor is formed before it multiplies the share,
    and is exactly 1 when ``G`` is ``Ĝ`` (the two products are the same two numbers)."""
    mean, offset = kernel.mean_index, kernel.offset
    factor, planned = np.empty(Gout.shape[1:]), np.empty(Gout.shape[1:])  # reused: no fresh pages per ally
    for a, g0 in zip(kernel.share_rows, kernel.share_g0, strict=True):
        np.multiply(Gout[a], mean[a, g0], out=factor)
        np.multiply.outer(mean[a, offset:], G[a, g0], out=planned)
        np.divide(planned, factor, out=factor)
        share[a] *= factor


def _gdp_and_aggregates(kernel: Kernel, Gout: np.ndarray, share: np.ndarray, gdp: np.ndarray) -> None:
    """Fill each ally's GDP and the aggregate rows, one ally at a time (its slices stay in cache):
    aggregate share = Σ share·GDP over members / Σ GDP over members, adding allies in order.

    A group that contains an earlier group adds only its other members to that group's sums
    (NATO Total = NATO Europe and Canada + the United States), which halves the work.
    """
    A, K = kernel.n_allies, kernel.members.shape[0]
    _, T, n = share.shape
    spend, total = share[A:], gdp[A:]  # the sums are made in the aggregate rows themselves
    spend.fill(0.0)
    total.fill(0.0)
    tmp = np.empty((T, n))
    bases, rests = [], []
    for k, member in enumerate(kernel.members):
        base = next((j for j in range(k) if (kernel.members[j] <= member).all()), None)
        bases.append(base)
        rests.append(member & ~kernel.members[base] if base is not None else member)
    for a in range(A):
        np.multiply(Gout[a], kernel.gdp_anchor[a], out=gdp[a])
        groups = [k for k in range(K) if rests[k][a].any()]
        if groups:
            np.multiply(share[a], gdp[a], out=tmp)
        for k in groups:
            if rests[k][a].all():
                spend[k] += tmp
                total[k] += gdp[a]
            else:
                spend[k] += tmp * rests[k][a][:, None]
                total[k] += gdp[a] * rests[k][a][:, None]
    for k, base in enumerate(bases):
        if base is not None:
            np.add(spend[base], spend[k], out=spend[k])
            np.add(total[base], total[k], out=total[k])
    np.divide(spend, total, out=spend)


def gap_times_100(kernel: Kernel, share: np.ndarray, gdp: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """(τ − share) · GDP: the gap times 100 (shares are in %). The Monte Carlo sums this and
    divides once at the end, which saves a pass over every draw."""
    out = np.subtract(kernel.target, share, out=out)
    out *= gdp
    return out


def gap(kernel: Kernel, share: np.ndarray, gdp: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The money gap to the target, (τ − share) · GDP / 100, in million US$ (negative: above it)."""
    out = gap_times_100(kernel, share, gdp, out=out)
    out /= 100.0
    return out
