"""Monte Carlo around the deterministic path: vectorised, streamed, reproducible.

**Uncertainty.** Each projected year, every ally's real GDP growth is its deterministic growth
plus ``gdp_growth_sd`` percentage points times ``√ρ·c_t + √(1−ρ)·e_it`` (``c`` a shock common to
all allies, ``e`` the ally's own, both standard normal, so allies' shocks have correlation ``ρ``);
and realised spending is the planned spending times ``Π (1 + execution_sd % · η_is)`` over the
projected years so far (budget execution: a shortfall or overrun is carried forward, not made
up). Every policy's share moves with GDP surprises (see :mod:`nato3.projection.kernel`).
``gdp_growth_sd`` and ``execution_sd`` may differ by ally (``*_by_ally``; values fitted to
history by :mod:`nato3.backtest.fit`), the number applying to allies not listed.

**Reproducible streams.** Draws come in fixed blocks of :data:`BLOCK` draws. Block ``b`` draws
from ``SeedSequence(seed, spawn_key=(b,))`` — the ``b``-th child of ``SeedSequence(seed)`` — so a
draw's numbers depend only on the seed and its block, never on the compute chunk or the backend.

**Reaching the target by year t** means being at or above it in year t (the Hague pledge is a
share to hold "by 2035", and a single noisy year above it is not reaching it); the share of draws
that were above it in at least one year up to t is reported separately (``p_ever_by``).

**Bounded memory.** A chunk of whole blocks is simulated at a time and reduced to statistics of
fixed size: per ally, aggregate and year, counts of draws at or above the target (that year, and
in any year so far), draws in which NATO Europe and Canada spend more than the United States
(that year, and in any year so far), a histogram of shares (0.01 pp bins, 0–30 %) with the exact minimum and
maximum (quantiles are read from it, accurate to half a bin and exact when all draws agree),
and per-block sums of the gap (times 100) minus the deterministic one. Counts add exactly; the
block sums are added in block order; so totals are bit-identical for any chunking. Chunks are
capped so their arrays stay within :data:`WORKSPACE_BUDGET` even for long horizons.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from nato3.errors import Nato3Error
from nato3.projection import kernel as kn

BLOCK = 1_000
HIST_WIDTH = 0.01
HIST_BINS = 3_000
QUANTILES = (0.05, 0.5, 0.95)
DEFAULT_CHUNK = 5_000


@dataclass(frozen=True)
class Params:
    """Monte Carlo settings (units as in the scenario file: percent)."""

    draws: int
    seed: int
    gdp_growth_sd: float
    correlation: float
    execution_sd: float
    gdp_growth_sd_by_ally: dict[str, float] = field(default_factory=dict)
    execution_sd_by_ally: dict[str, float] = field(default_factory=dict)
    fitted: str = ""  # where fitted values came from, when they are used

    def growth_sd(self, iso3: Iterable[str]) -> np.ndarray:
        """GDP growth sd (pp) of each row: its ally's value, else ``gdp_growth_sd``."""
        return np.array([self.gdp_growth_sd_by_ally.get(c, self.gdp_growth_sd) for c in iso3], dtype=float)

    def execution(self, iso3: Iterable[str]) -> np.ndarray:
        """Execution sd (%) of each row: its ally's value, else ``execution_sd``."""
        return np.array([self.execution_sd_by_ally.get(c, self.execution_sd) for c in iso3], dtype=float)

    @property
    def n_blocks(self) -> int:
        return -(-self.draws // BLOCK)

    def block_size(self, block: int) -> int:
        return min(BLOCK, self.draws - block * BLOCK)


@dataclass(frozen=True, eq=False)
class Job:
    """Everything a worker needs for one Monte Carlo run; picklable, no database."""

    kernel: kn.Kernel
    params: Params
    centre: np.ndarray  # (rows, years): deterministic (τ − share) · GDP, the centre of the gap sums


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


def generator(seed: int, block: int) -> np.random.Generator:
    """The random stream of ``block``: the block-th child of ``SeedSequence(seed)``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))


class Workspace:
    """Arrays for one chunk of ``n`` draws, reused from chunk to chunk: fresh multi-megabyte arrays
    every chunk would cost page faults that dwarf the arithmetic."""

    def __init__(self, kernel: kn.Kernel, n: int):
        (A, T), Tg, C = kernel.P.shape, kernel.n_growth, kernel.n_allies + kernel.members.shape[0]
        self.key = (A, T, Tg, C, n)
        self.G = kn.growth_index(kernel, n)
        self.noise = np.empty((A, T, n))
        self.share, self.gdp = np.empty((C, T, n)), np.empty((C, T, n))
        self.row_hit, self.row_index, self.row_gap = np.empty((T, n), bool), np.empty((T, n), np.intp), np.empty((T, n))
        self.row_other = np.empty((T, n))
        self.normals = np.empty(A * max(Tg, T) * BLOCK)  # one block's shocks at a time


_local = threading.local()


def workspace(kernel: kn.Kernel, n: int) -> Workspace:
    """This thread's workspace for chunks of ``n`` draws (the last one is kept)."""
    (A, T), Tg, C = kernel.P.shape, kernel.n_growth, kernel.n_allies + kernel.members.shape[0]
    ws = getattr(_local, "workspace", None)
    if ws is None or ws.key != (A, T, Tg, C, n):
        ws = _local.workspace = None  # free the old one first
        ws = _local.workspace = Workspace(kernel, n)
    return ws


def release_workspace() -> None:
    """Free this thread's workspace (a long-lived process that is done with Monte Carlo runs)."""
    _local.workspace = None


def draw(job: Job, first_block: int, n_blocks: int, ws: Workspace | None = None):
    """Growth factors ``G`` and execution deviations for the blocks, and the block sizes.

    Each block draws, in this order, its common growth shocks ``(years, size)``, the allies' own
    growth shocks ``(allies, years, size)`` and its execution shocks ``(allies, years, size)``.
    """
    kernel, p = job.kernel, job.params
    sizes = [p.block_size(b) for b in range(first_block, first_block + n_blocks)]
    n, (A, T), Tg = sum(sizes), kernel.P.shape, kernel.n_growth
    ws = ws or Workspace(kernel, n)
    sd = p.growth_sd(kernel.iso3)[:, None, None] / 100.0
    own_sd, common_sd = sd * np.sqrt(1.0 - p.correlation), sd * np.sqrt(p.correlation)
    scale = kernel.noise_scale(p.execution(kernel.iso3))[:, :, None]
    row = 0
    for block, size in zip(range(first_block, first_block + n_blocks), sizes, strict=True):
        rng = generator(p.seed, block)
        rows = slice(row, row + size)
        common = rng.standard_normal((Tg, size))
        growth = ws.G[:, 1:, rows]
        np.multiply(rng.standard_normal(out=ws.normals[: A * Tg * size].reshape(A, Tg, size)), own_sd, out=growth)
        growth += common * common_sd
        growth += kernel.onep_mu[:, :, None]
        shocks = rng.standard_normal(out=ws.normals[: A * T * size].reshape(A, T, size))
        np.multiply(shocks, scale, out=ws.noise[:, :, rows])
        row += size
    return ws.G, ws.noise, sizes


def simulate(job: Job, first_block: int, n_blocks: int) -> Partial:
    """Simulate blocks ``first_block … first_block + n_blocks − 1`` and reduce them to statistics."""
    n = sum(job.params.block_size(b) for b in range(first_block, first_block + n_blocks))
    ws = workspace(job.kernel, n)
    G, noise, sizes = draw(job, first_block, n_blocks, ws)
    share, gdp = kn.evaluate(job.kernel, G, noise, out=(ws.share, ws.gdp))
    return reduce(job, share, gdp, sizes, first_block, ws)


def reduce(job: Job, share, gdp, sizes: list[int], first_block: int, ws: Workspace | None = None) -> Partial:
    """Statistics of ``(rows, years, draws)`` shares and GDP; see the module docstring.

    One row (ally or aggregate) at a time, so its ``(years, draws)`` slices stay in the CPU
    cache through all the statistics. The histogram is kept compact: each cell's bins from its
    minimum to its maximum only.
    """
    C, T, n = share.shape
    ws = ws or Workspace(job.kernel, n)
    hit, index, gap = ws.row_hit, ws.row_index, ws.row_gap
    target, inv = job.kernel.target, 1.0 / HIST_WIDTH
    at, reach = np.empty((C, T), dtype=np.intp), np.empty((C, T), dtype=np.intp)
    vmin, vmax = np.empty((C, T)), np.empty((C, T))
    low, width = np.empty((C, T), dtype=np.intp), np.empty((C, T), dtype=np.intp)
    bounds = np.cumsum([0, *sizes])
    sums = np.empty((len(sizes), C, T))
    counts = []
    for c in range(C):
        x = share[c]
        np.greater_equal(x, target, out=hit)
        at[c] = np.count_nonzero(hit, axis=1)
        for t in range(1, T):
            hit[t] |= hit[t - 1]
        reach[c] = np.count_nonzero(hit, axis=1)
        x.min(axis=1, out=vmin[c])
        x.max(axis=1, out=vmax[c])
        if not (np.isfinite(vmin[c]).all() and np.isfinite(vmax[c]).all()):
            raise Nato3Error(
                f"a Monte Carlo draw's share of GDP for {job.kernel.codes[c]} is not finite; "
                "lower monte_carlo.gdp_growth_sd or the policy's growth (nato3 scenario validate checks both)"
            )
        low[c] = np.clip(vmin[c] * inv, 0, HIST_BINS - 0.5)
        width[c] = np.clip(vmax[c] * inv, 0, HIST_BINS - 0.5).astype(np.intp) - low[c] + 1
        binned = x
        if vmin[c].min() < 0 or vmax[c].max() * inv >= HIST_BINS:  # clip before the cast: huge shares overflow it
            binned = np.clip(x, 0.0, (HIST_BINS - 0.5) * HIST_WIDTH)
        np.multiply(binned, inv, out=index, casting="unsafe")  # truncation: the bin of each share
        index -= (low[c] - (np.cumsum(width[c]) - width[c]))[:, None]
        counts.append(np.bincount(index.ravel(), minlength=int(width[c].sum())))
        kn.gap_times_100(job.kernel, x, gdp[c], out=gap)
        gap -= job.centre[c][:, None]
        for j in range(len(sizes)):
            gap[:, bounds[j] : bounds[j + 1]].sum(axis=1, out=sums[j, c])
    outspend = _outspend(job.kernel, share, gdp, ws)
    return Partial(first_block, n, low, width, np.concatenate(counts), at, reach, vmin, vmax, sums, *outspend)


def _outspend(kernel: kn.Kernel, share, gdp, ws: Workspace) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Per year, the draws in which NATO Europe and Canada spend more than the United States (share
    × GDP), and those in which they did in that year or an earlier one."""
    rows = kernel.outspend_rows
    if rows is None:
        return None, None
    europe, us = rows
    hit = ws.row_hit
    np.multiply(share[europe], gdp[europe], out=ws.row_gap)
    np.multiply(share[us], gdp[us], out=ws.row_other)
    np.greater(ws.row_gap, ws.row_other, out=hit)
    at = np.count_nonzero(hit, axis=1)
    for t in range(1, hit.shape[0]):
        hit[t] |= hit[t - 1]
    return at, np.count_nonzero(hit, axis=1)


class Totals:
    """Statistics added up over partials, which must arrive in block order."""

    def __init__(self, job: Job):
        rows, years = job.centre.shape
        self.job = job
        self.n = 0
        self.next_block = 0
        self.hist = np.zeros(rows * years * HIST_BINS, dtype=np.int64)
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
        width = part.hist_width.ravel()
        starts = np.arange(width.size) * HIST_BINS + part.hist_low.ravel()
        offsets = np.cumsum(width) - width
        self.hist[np.repeat(starts - offsets, width) + np.arange(width.sum())] += part.hist_count
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


WORKSPACE_BUDGET = 512 * 2**20  # bytes of arrays per chunk, whatever the horizon


def chunk_limit(kernel: kn.Kernel) -> int:
    """The most draws per chunk whose workspace fits :data:`WORKSPACE_BUDGET` (long horizons
    get smaller chunks; results never depend on it)."""
    (A, T), Tg, C = kernel.P.shape, kernel.n_growth, kernel.n_allies + kernel.members.shape[0]
    per_draw = 8 * (A * (Tg + 1) + A * T + 2 * C * T + 3 * T) + T
    return max(BLOCK, WORKSPACE_BUDGET // per_draw // BLOCK * BLOCK)


def chunks(params: Params, chunk_draws: int) -> Iterable[tuple[int, int]]:
    """``(first_block, n_blocks)`` of each compute chunk (whole blocks, at least one)."""
    per = max(1, int(chunk_draws) // BLOCK)
    for first in range(0, params.n_blocks, per):
        yield first, min(per, params.n_blocks - first)


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
    n = totals.n
    rows, years = totals.at.shape
    hist = totals.hist.reshape(rows * years, HIST_BINS)
    cum = np.cumsum(hist, axis=1)
    quantiles = {}
    for q in QUANTILES:
        rank = q * (n - 1)
        j = np.minimum((cum <= rank).sum(axis=1), HIST_BINS - 1)
        cells = np.arange(rows * years)
        before = np.where(j > 0, cum[cells, np.maximum(j - 1, 0)], 0)
        count = np.maximum(hist[cells, j], 1)
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
