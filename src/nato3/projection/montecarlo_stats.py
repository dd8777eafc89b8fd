"""The Monte Carlo's statistics, streamed: each chunk of draws is reduced to a :class:`Partial` of
fixed size (:func:`reduce`), partials are added in block order (:class:`Totals`, merged across
batches by :mod:`nato3.projection.batches`) and read off at the end (:func:`finish`).

**Reaching the target by year t** means being at or above it in year t (the Hague pledge is a
share to hold "by 2035", and a single noisy year above it is not reaching it); the share of draws
that were above it in at least one year up to t is reported separately (``p_ever_by``).

**Bounded memory.** A chunk of whole blocks is simulated at a time and reduced to statistics of
fixed size: per ally, aggregate and year, counts of draws at or above the target (that year, and
in any year so far), draws in which NATO Europe and Canada spend more than the United States
(that year, and in any year so far), a histogram of shares (0.01 pp bins, 0–30 %) with the exact minimum and
maximum (quantiles are read from it, spreading a bin's draws evenly over it: within a bin of the
exact quantile where draws are dense, and exact when all draws agree),
and per-block sums of the gap (times 100) minus the deterministic one. Counts add exactly; the
block sums are added in block order; so totals are bit-identical for any chunking. Chunks are
capped so their arrays stay within :data:`~nato3.projection.montecarlo.WORKSPACE_BUDGET` even for long horizons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nato3.errors import Nato3Error
from nato3.projection import kernel as kn

if TYPE_CHECKING:
    from nato3.projection.montecarlo import Job, Params, Workspace

HIST_WIDTH = 0.01
HIST_BINS = 3_000
QUANTILES = (0.05, 0.5, 0.95)


@dataclass(eq=False)
class Partial:
    """Statistics of consecutive blocks ``first_block …``."""

    first_block: int
    n: int
    hist_low: np.ndarray  # (rows, years): first histogram bin kept for the cell
    hist_width: np.ndarray  # (rows, years): bins kept (the cell's minimum to maximum)
    hist_count: np.ndarray  # the kept bins' counts, cell after cell
    at: np.ndarray
    reach: np.ndarray
    vmin: np.ndarray
    vmax: np.ndarray
    gap_sums: np.ndarray  # (blocks, rows, years)
    outspend_at: np.ndarray | None = None  # (years,): draws with Europe and Canada spending more than the US
    outspend_ever: np.ndarray | None = None  # (years,): … in that year or an earlier one


def reduce(job: Job, share, gdp, sizes: list[int], first_block: int, ws: Workspace) -> Partial:
    """Statistics of ``(rows, years, draws)`` shares and GDP; see the module docstring.

    A group of rows (allies or aggregates, ``ws.group`` of them) at a time, so its
    ``(years, draws)`` slices stay in the CPU cache through all the statistics (``ws``: the
    chunk's scratch arrays) while small chunks still make few NumPy calls. Every statistic is
    the same number whatever the grouping: counts, minima and maxima are exact, and each block's
    gap sum adds the same draws in the same order. The histogram is kept compact: each cell's
    bins from its minimum to its maximum only.
    """
    C, T, n = share.shape
    target, inv, top = job.kernel.target, 1.0 / HIST_WIDTH, HIST_BINS - 0.5
    at, reach = np.empty((C, T), dtype=np.intp), np.empty((C, T), dtype=np.intp)
    vmin, vmax = np.empty((C, T)), np.empty((C, T))
    low, width = np.empty((C, T), dtype=np.intp), np.empty((C, T), dtype=np.intp)
    sums = np.empty((C, T, len(sizes)))
    counts = []
    for c0 in range(0, C, ws.group):
        rows = slice(c0, min(C, c0 + ws.group))
        g = rows.stop - c0
        x, hit, index, gap = share[rows], ws.row_hit[:g], ws.row_index[:g], ws.row_gap[:g]
        np.greater_equal(x, target, out=hit)
        count_draws(hit, at[rows])
        for t in range(1, T):  # reached by year t: in year t or an earlier one
            hit[:, t] |= hit[:, t - 1]
        count_draws(hit, reach[rows])
        x.min(axis=2, out=vmin[rows])
        x.max(axis=2, out=vmax[rows])
        _check_finite(job, vmin[rows], vmax[rows], c0)
        low[rows] = np.minimum(np.maximum(vmin[rows] * inv, 0), top)  # np.clip's arithmetic, without its overhead
        width[rows] = np.minimum(np.maximum(vmax[rows] * inv, 0), top).astype(np.intp) - low[rows] + 1
        binned = x
        if vmin[rows].min() < 0 or vmax[rows].max() * inv >= HIST_BINS:  # clip before the cast: huge shares overflow it
            binned = np.clip(x, 0.0, top * HIST_WIDTH)
        np.multiply(binned, inv, out=index, casting="unsafe")  # truncation: the bin of each share
        kept = width[rows].ravel()
        index -= (low[rows].ravel() - (np.cumsum(kept) - kept)).reshape(g, T, 1)
        counts.append(np.bincount(index.ravel(), minlength=int(kept.sum())))
        kn.gap_times_100(job.kernel, x, gdp[rows], out=gap)
        gap -= job.centre[rows][:, :, None]
        _block_sums(gap, sizes, sums[rows])
    outspend = _outspend(job.kernel, share, gdp, ws)
    return Partial(
        first_block, n, low, width, np.concatenate(counts), at, reach, vmin, vmax, sums.transpose(2, 0, 1), *outspend
    )


def count_draws(hit: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Draws that are true in each cell of ``hit`` ``(rows, years, draws)`` (C-contiguous), into
    ``out``. Each true draw is a byte 0x01, so the set bits of eight draws read as one 64-bit word
    are their count: counting bits word by word is ~3× faster than ``count_nonzero`` along an axis."""
    if hit.shape[2] % 8 == 0:
        return np.add.reduce(np.bitwise_count(hit.view(np.uint64)), axis=2, dtype=np.intp, out=out)
    return np.add.reduce(hit.view(np.uint8), axis=2, dtype=np.intp, out=out)


def _check_finite(job: Job, vmin: np.ndarray, vmax: np.ndarray, first_row: int) -> None:
    """Raise for the first row whose shares are not all finite (its minimum or maximum is not)."""
    bad = ~(np.isfinite(vmin) & np.isfinite(vmax)).all(axis=1)
    if bad.any():
        code = job.kernel.codes[first_row + int(np.argmax(bad))]
        raise Nato3Error(
            f"a Monte Carlo draw's share of GDP for {code} is not finite; "
            "lower monte_carlo.gdp_growth_sd or the policy's growth (nato3 scenario validate checks both)"
        )


def _block_sums(gap: np.ndarray, sizes: list[int], out: np.ndarray) -> None:
    """Each block's sums of ``gap`` ``(rows, years, draws)`` over its draws, into ``out``
    ``(rows, years, blocks)``: each a pairwise sum over the block's contiguous draws. Equal
    blocks are summed in one call on a ``(rows, years, blocks, size)`` view: the same sums."""
    if len(set(sizes)) == 1:
        gap.reshape(*gap.shape[:2], len(sizes), sizes[0]).sum(axis=3, out=out)
        return
    bounds = np.cumsum([0, *sizes])
    for j in range(len(sizes)):
        gap[:, :, bounds[j] : bounds[j + 1]].sum(axis=2, out=out[:, :, j])


def _outspend(kernel: kn.Kernel, share, gdp, ws: Workspace) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Per year, the draws in which NATO Europe and Canada spend more than the United States (share
    × GDP), and those in which they did in that year or an earlier one."""
    rows = kernel.outspend_rows
    if rows is None:
        return None, None
    europe, us = rows
    hit, spend = ws.row_hit[0], ws.row_gap[0]
    np.multiply(share[europe], gdp[europe], out=spend)
    np.multiply(share[us], gdp[us], out=ws.row_other)
    np.greater(spend, ws.row_other, out=hit)
    at = np.count_nonzero(hit, axis=1)
    for t in range(1, hit.shape[0]):
        hit[t] |= hit[t - 1]
    return at, np.count_nonzero(hit, axis=1)


class Totals:
    """Statistics added up over partials, which must arrive in block order. The histogram stays
    compact (each cell's bins from its smallest to its largest share so far, :func:`merge_hist`):
    a dense one is rows × years × 3,000 bins (8 MB), zeroed, added into and scanned for every run."""

    def __init__(self, job: Job):
        rows, years = job.centre.shape
        self.job = job
        self.n = 0
        self.next_block = 0
        self.hist_low: np.ndarray | None = None  # (rows, years), as in a Partial
        self.hist_width: np.ndarray | None = None
        self.hist_count: np.ndarray | None = None
        self.at = np.zeros((rows, years), dtype=np.int64)
        self.reach = np.zeros((rows, years), dtype=np.int64)
        self.vmin = np.full((rows, years), np.inf)
        self.vmax = np.full((rows, years), -np.inf)
        self.gap_sum = np.zeros((rows, years))
        self.outspend_at = np.zeros(years, dtype=np.int64)
        self.outspend_ever = np.zeros(years, dtype=np.int64)
        self.outspend = job.kernel.outspend_rows is not None

    def add(self, part: Partial) -> None:
        if part.first_block != self.next_block:
            raise RuntimeError(f"partial for block {part.first_block} arrived before block {self.next_block}")
        if self.hist_count is None:  # a copy: later partials are added into it
            self.hist_low, self.hist_width, self.hist_count = part.hist_low, part.hist_width, part.hist_count.copy()
        elif _within(part, self):  # the usual case after a few chunks: add in place
            _add_into(self, part)
        else:  # with room for later chunks' extremes, so most of them are added in place
            self.hist_low, self.hist_width, self.hist_count = merge_hist(self, part, room=True)
        self.at += part.at
        self.reach += part.reach
        np.minimum(self.vmin, part.vmin, out=self.vmin)
        np.maximum(self.vmax, part.vmax, out=self.vmax)
        for block_sum in part.gap_sums:
            self.gap_sum += block_sum
        if part.outspend_at is not None:
            self.outspend_at += part.outspend_at
            self.outspend_ever += part.outspend_ever
        self.n += part.n
        self.next_block += len(part.gap_sums)

    @property
    def hist(self) -> np.ndarray:
        """The histogram as dense counts, ``rows × years × HIST_BINS`` (to inspect it)."""
        dense = np.zeros(self.at.size * HIST_BINS, dtype=np.int64)
        if self.hist_count is not None:
            width = self.hist_width.ravel()
            starts = np.arange(width.size) * HIST_BINS + self.hist_low.ravel()
            dense[np.repeat(starts - (np.cumsum(width) - width), width) + np.arange(width.sum())] = self.hist_count
        return dense


def merge_hist(a, b, room: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The compact histograms of ``a`` and ``b`` (partials or totals) added over the union of
    their kept bins: ``(low, width, counts)``; with ``room``, each cell's range widened by a
    quarter on each side (empty bins there change no quantile: see :func:`finish`)."""
    low = np.minimum(a.hist_low, b.hist_low)
    high = np.maximum(a.hist_low + a.hist_width, b.hist_low + b.hist_width)  # one past the last bin
    if room:
        pad = (high - low) // 4 + 1
        low, high = np.maximum(low - pad, 0), np.minimum(high + pad, HIST_BINS)
    width = high - low
    counts = np.zeros(int(width.sum()), dtype=np.int64)
    for part in (a, b):
        _add_counts(counts, low, width, part)
    return low, width, counts


def _within(part, totals) -> bool:
    """Whether every cell's kept bins of ``part`` lie within those of ``totals``."""
    return bool(
        (part.hist_low >= totals.hist_low).all()
        and (part.hist_low + part.hist_width <= totals.hist_low + totals.hist_width).all()
    )


def _add_into(totals, part) -> None:
    _add_counts(totals.hist_count, totals.hist_low, totals.hist_width, part)


def _add_counts(counts: np.ndarray, low: np.ndarray, width: np.ndarray, part) -> None:
    """Add ``part``'s kept bins into ``counts``, the compact histogram of ``(low, width)``."""
    flat = width.ravel()
    kept = part.hist_width.ravel()
    begin = np.cumsum(flat) - flat + (part.hist_low - low).ravel()  # where each cell's kept bins land
    counts[np.repeat(begin - (np.cumsum(kept) - kept), kept) + np.arange(kept.sum())] += part.hist_count


@dataclass(eq=False)
class Result:
    """Monte Carlo outputs per row (allies, then aggregates) and year."""

    params: Params
    codes: tuple[str, ...]
    years: np.ndarray
    p_reach_by: np.ndarray  # share of draws at or above the target in that year
    p_ever_by: np.ndarray  # share of draws at or above it in at least one year up to then
    quantiles: dict[float, np.ndarray]  # 0.05 / 0.5 / 0.95 → (rows, years) share of GDP
    expected_gap: np.ndarray  # mean gap, million US$
    share_min: np.ndarray
    share_max: np.ndarray
    p_outspend: np.ndarray | None = None  # (years,) share of draws: Europe and Canada spend more than the US
    p_outspend_ever: np.ndarray | None = None  # (years,) … in that year or an earlier one


def finish(totals: Totals) -> Result:
    """The results of all draws. Quantiles come from the compact histogram exactly as from a dense
    one: every draw is in a kept bin, so the bins below a cell's kept ones hold no draws and the
    cumulative count reaches all draws within them; the bin a rank falls in, the draws before it
    and in it are the same integers."""
    n = totals.n
    rows, years = totals.at.shape
    low, width, counts = totals.hist_low.ravel(), totals.hist_width.ravel(), totals.hist_count
    starts = np.cumsum(width) - width
    cum = np.cumsum(counts)
    cum -= np.repeat(cum[starts] - counts[starts], width)  # each cell's own running count
    quantiles = {}
    for q in QUANTILES:
        rank = q * (n - 1)
        j = np.minimum(low + np.add.reduceat(cum <= rank, starts, dtype=np.intp), HIST_BINS - 1)
        k = j - low  # the bin within the cell's kept ones
        before = np.where(k > 0, cum[starts + np.maximum(k - 1, 0)], 0)
        count = np.maximum(counts[starts + k], 1)
        value = (j + (rank - before + 0.5) / count) * HIST_WIDTH
        quantiles[q] = np.clip(value.reshape(rows, years), totals.vmin, totals.vmax)
    kernel = totals.job.kernel
    return Result(
        params=totals.job.params,
        codes=kernel.codes,
        years=kernel.years,
        p_reach_by=totals.at / n,
        p_ever_by=totals.reach / n,
        quantiles=quantiles,
        expected_gap=(totals.job.centre + totals.gap_sum / n) / 100.0,
        share_min=totals.vmin,
        share_max=totals.vmax,
        p_outspend=totals.outspend_at / n if totals.outspend else None,
        p_outspend_ever=totals.outspend_ever / n if totals.outspend else None,
    )
