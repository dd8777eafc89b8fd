"""The one array kernel behind both the deterministic projection and every Monte Carlo draw.

GDP grows from the anchor year (the newest GDP figure) by
a growth factor per year; its cumulative product is the GDP index ``G``. The share of GDP is the
policy path ``P`` (share policies) or ``P · G_t0 / G_t`` (spending policies), times
``1 + execution noise`` in projected years. Two extra rows hold NATO's aggregates, computed like
NATO does: spending summed over members with figures, divided by the GDP of all members
(Iceland's GDP included), each ally counted from its accession year.

Arrays are ``(allies, draws, years)`` (allies first, so each ally's slice is contiguous). The
deterministic path is this kernel with the mean growth factors and no noise, and a Monte
Carlo draw with zero volatility adds exactly zero to them, so the two agree bit for bit. Only
element-wise operations and fixed-order sums are used, so a draw's result never depends on how
many other draws share its array (chunk size, backend).
"""

from __future__ import annotations

from dataclasses import dataclass

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

    def noise_scale(self, execution_sd: float) -> np.ndarray:
        """Execution-noise scale per ally and year: ``execution_sd`` % where projected, else 0."""
        return np.where(self.projected, execution_sd / 100.0, 0.0)


def growth_index(kernel: Kernel, n: int) -> np.ndarray:
    """An empty GDP-index array ``(allies, n, horizon − anchor + 1)``, its anchor-year column 1."""
    G = np.empty((kernel.n_allies, n, kernel.n_growth + 1))
    G[:, :, 0] = 1.0
    return G


def deterministic_index(kernel: Kernel) -> np.ndarray:
    """The GDP-index input of the deterministic path: mean growth factors, one draw."""
    G = growth_index(kernel, 1)
    G[:, 0, 1:] = kernel.onep_mu
    return G


def evaluate(kernel: Kernel, G: np.ndarray, noise: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Shares of GDP (%) and GDP (million US$) for every ally and aggregate, draw and year.

    Arrays put allies first, ``(rows, draws, years)``, so per-ally slices are contiguous.

    Args:
        G: ``(allies, draws, horizon − anchor + 1)`` growth factors with 1 in column 0; turned
            into the GDP index in place.
        noise: ``(allies, draws, years)`` relative execution deviations (scale × shock), or
            None; overwritten.

    Returns:
        ``share, gdp``, each ``(allies + aggregates, draws, years)``.
    """
    n = G.shape[1]
    A, T = kernel.P.shape
    K = kernel.members.shape[0]
    np.cumprod(G, axis=2, out=G)
    Gout = G[:, :, kernel.offset :]
    share = np.empty((A + K, n, T))
    share[:A] = kernel.P[:, None, :]
    if len(kernel.ratio_idx):
        r = kernel.ratio_idx
        share[r] = kernel.P[r][:, None, :] * (G[r, :, kernel.g0_index][:, :, None] / Gout[r])
    if noise is not None:
        noise += 1.0
        share[:A] *= noise
    gdp = np.empty((A + K, n, T))
    np.multiply(Gout, kernel.gdp_anchor[:, None, None], out=gdp[:A])
    _aggregate(kernel, share, gdp)
    return share, gdp


def _aggregate(kernel: Kernel, share: np.ndarray, gdp: np.ndarray) -> None:
    """Fill the aggregate rows: Σ share·GDP over members / Σ GDP over members, in ally order."""
    A = kernel.n_allies
    _, n, T = share.shape
    tmp = np.empty((n, T))
    for k, member in enumerate(kernel.members):
        spend, total = np.zeros((n, T)), np.zeros((n, T))
        for a in np.flatnonzero(member.any(axis=1)):
            np.multiply(share[a], gdp[a], out=tmp)
            if member[a].all():
                spend += tmp
                total += gdp[a]
            else:
                spend += tmp * member[a]
                total += gdp[a] * member[a]
        np.divide(spend, total, out=share[A + k])
        gdp[A + k] = total


def gap(kernel: Kernel, share: np.ndarray, gdp: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The money gap to the target, (τ − share) · GDP / 100, in million US$ (negative: above it)."""
    out = np.subtract(kernel.target, share, out=out)
    out *= gdp
    out /= 100.0
    return out
