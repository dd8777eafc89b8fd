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
The bit generator is NumPy's SFC64: as good in statistical tests as its default PCG64 and about
a fifth faster making normals, which are half of a run (nato3 before December 2026 used PCG64,
so a seed's draws differ from those versions').

**Statistics.** Each chunk of draws is reduced to statistics of fixed size as soon as it is
simulated (:mod:`nato3.projection.montecarlo_stats`), so memory stays bounded whatever the draws.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nato3.errors import Nato3Error
from nato3.projection import kernel as kn
from nato3.projection.montecarlo_stats import (
    HIST_BINS,
    HIST_WIDTH,
    QUANTILES,
    Partial,
    Result,
    Totals,
    finish,
    reduce,
)

if TYPE_CHECKING:
    from nato3.projection.shared_normals import SharedNormals

__all__ = [
    "BLOCK",
    "DEFAULT_CHUNK",
    "HIST_BINS",
    "HIST_WIDTH",
    "MAX_DRAWS",
    "QUANTILES",
    "Job",
    "Params",
    "Partial",
    "Result",
    "Totals",
    "Workspace",
    "chunk_limit",
    "checked_run",
    "chunks",
    "draw",
    "finish",
    "generator",
    "release_workspace",
    "simulate",
    "workspace",
]

BLOCK = 1_000
DEFAULT_CHUNK = 5_000
MAX_DRAWS = 100_000_000  # of one run


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


def checked_run(draws: int, seed: int) -> tuple[int, int]:
    """A run's ``draws`` and ``seed``, as integers.

    Raises:
        Nato3Error: draws outside 0–:data:`MAX_DRAWS` or a seed outside 0 … 2**63 − 1.
    """
    draws, seed = int(draws), int(seed)
    if not 0 <= draws <= MAX_DRAWS:
        raise Nato3Error(f"draws {draws} is outside 0–{MAX_DRAWS:,}", parameter="draws")
    if not 0 <= seed < 2**63:
        raise Nato3Error(f"seed {seed} must be between 0 and 2**63 − 1", parameter="seed")
    return draws, seed


def generator(seed: int, block: int) -> np.random.Generator:
    """The random stream of ``block``: the block-th child of ``SeedSequence(seed)``."""
    return np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(block,))))


class Workspace:
    """Arrays for one chunk of ``n`` draws, reused from chunk to chunk: fresh multi-megabyte arrays
    every chunk would cost page faults that dwarf the arithmetic."""

    def __init__(self, kernel: kn.Kernel, n: int):
        (A, T), Tg, C = kernel.P.shape, kernel.n_growth, kernel.n_allies + kernel.members.shape[0]
        self.key = (A, T, Tg, C, n)
        self.G = kn.growth_index(kernel, n)
        self.noise = np.empty((A, T, n))
        self.share, self.gdp = np.empty((C, T, n)), np.empty((C, T, n))
        self.group = group_rows(C, T, n)  # rows reduced at a time (:func:`~.montecarlo_stats.reduce`)
        g = self.group
        self.row_hit, self.row_index = np.empty((g, T, n), bool), np.empty((g, T, n), np.intp)
        self.row_gap, self.row_other = np.empty((g, T, n)), np.empty((T, n))
        self.normals = np.empty(A * max(Tg, T) * BLOCK)  # one block's shocks at a time


GROUP_BYTES = 2**20  # a group of rows' (years, draws) floats reduced together: stays in the CPU cache


def group_rows(rows: int, years: int, n: int) -> int:
    """How many rows :func:`~.montecarlo_stats.reduce` takes at a time: as many as keep a group's
    slices within :data:`GROUP_BYTES` (fewer, larger NumPy calls for small chunks), at least one."""
    return max(1, min(rows, GROUP_BYTES // (8 * years * n)))


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


def draw(job: Job, first_block: int, n_blocks: int, ws: Workspace | None = None, shared: SharedNormals | None = None):
    """Growth factors ``G`` and execution deviations for the blocks, and the block sizes.

    Each block draws, in this order, its common growth shocks ``(years, size)``, the allies' own
    growth shocks ``(allies, years, size)`` and its execution shocks ``(allies, years, size)``
    (or reads them from ``shared``, which drew them once for the jobs of one seed, or ahead).
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
        rows = slice(row, row + size)
        growth = ws.G[:, 1:, rows]
        if shared is not None:
            common, own, shocks = shared.normals(p.seed, block, size, A, Tg, T)
        else:  # own and then shocks in one buffer: each is used before the next is drawn
            rng = generator(p.seed, block)
            common = rng.standard_normal((Tg, size))
            own = rng.standard_normal(out=ws.normals[: A * Tg * size].reshape(A, Tg, size))
        np.multiply(own, own_sd, out=growth)
        growth += common * common_sd
        growth += kernel.onep_mu[:, :, None]
        if shared is None:
            shocks = rng.standard_normal(out=ws.normals[: A * T * size].reshape(A, T, size))
        np.multiply(shocks, scale, out=ws.noise[:, :, rows])
        row += size
    return ws.G, ws.noise, sizes


def simulate(job: Job, first_block: int, n_blocks: int, shared: SharedNormals | None = None) -> Partial:
    """Simulate blocks ``first_block … first_block + n_blocks − 1`` and reduce them to statistics
    (``shared``: normals drawn once for several jobs of one seed, or a chunk ahead; the same numbers)."""
    n = sum(job.params.block_size(b) for b in range(first_block, first_block + n_blocks))
    ws = workspace(job.kernel, n)
    G, noise, sizes = draw(job, first_block, n_blocks, ws, shared)
    share, gdp = kn.evaluate(job.kernel, G, noise, out=(ws.share, ws.gdp))
    return reduce(job, share, gdp, sizes, first_block, ws)


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
