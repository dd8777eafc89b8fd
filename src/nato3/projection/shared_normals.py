"""One seed's standard normals, drawn once for several Monte Carlo jobs.

A block's random numbers depend only on the seed, the block and the shapes drawn (see
:mod:`nato3.projection.montecarlo`), not on the scenario: the points of a sweep that share a seed
(``nato3 sweep`` gives every point the same draws) scale the very same normals by their own
volatilities. Making them is most of a run (the random-number generator is ~70 % of it), so a
run of several such jobs makes each block's normals once and each job reads them; every job's
numbers are the same bits as in a run of its own. Only the blocks of the chunk being simulated
are kept (:meth:`SharedNormals.next_chunk`), and only when they fit :data:`MAX_BYTES`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nato3.projection.montecarlo import Job

MAX_BYTES = 128 * 2**20  # one chunk's normals kept at most


class SharedNormals:
    """The normals of the blocks drawn since :meth:`next_chunk`, by seed, block and shapes."""

    def __init__(self) -> None:
        self.blocks: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def next_chunk(self) -> None:
        """Forget the blocks drawn so far (every job sharing them has read them)."""
        self.blocks.clear()

    def normals(self, seed: int, block: int, size: int, allies: int, growth_years: int, years: int):
        """The block's common growth shocks ``(growth_years, size)``, the allies' own
        ``(allies, growth_years, size)`` and the execution shocks ``(allies, years, size)``,
        drawn in that order from the block's stream the first time they are asked for."""
        from nato3.projection.montecarlo import generator

        key = (seed, block, size, allies, growth_years, years)
        held = self.blocks.get(key)
        if held is None:
            rng = generator(seed, block)
            common = rng.standard_normal((growth_years, size))
            own = rng.standard_normal((allies, growth_years, size))
            held = self.blocks[key] = (common, own, rng.standard_normal((allies, years, size)))
        return held


def draw_key(job: Job, chunk_draws: int) -> tuple | None:
    """What decides a job's normals (its seed and shapes), or None when a chunk's normals would
    not fit :data:`MAX_BYTES` (such jobs draw their own)."""
    (A, T), Tg = job.kernel.P.shape, job.kernel.n_growth
    if 8 * chunk_draws * (A * (Tg + T) + Tg) > MAX_BYTES:
        return None
    return job.params.seed, A, Tg, T


def worth_sharing(jobs: Sequence[Job], chunk_draws: int) -> bool:
    """Whether two or more of ``jobs`` draw the same normals."""
    keys = [key for key in (draw_key(job, chunk_draws) for job in jobs) if key is not None]
    return len(set(keys)) < len(keys)


GROUP_JOBS = 32  # jobs run side by side at most: their statistics are open at once (≤ 2.5 MB each at 20,000 draws)


def side_by_side(jobs: Sequence[Job], plans: Sequence[Sequence[tuple[int, int]]]):
    """Simulate each job's chunks (``plans[j]``: its ``(first_block, n_blocks)`` in block order),
    yielding ``(j, partial, last)`` (``last``: the job's final chunk): job by job, or, when some
    of them share their normals, :data:`GROUP_JOBS` jobs at a time chunk by chunk, making each
    chunk's normals once. Each job's partials come in block order, and are the same numbers
    either way; a caller can finish a job at its last chunk, so few are ever open at once."""
    from nato3.projection import montecarlo as mc

    chunk_draws = max((count * mc.BLOCK for plan in plans for _, count in plan), default=mc.BLOCK)
    if not worth_sharing(jobs, chunk_draws):
        for j, plan in enumerate(plans):
            for step, (first, count) in enumerate(plan):
                yield j, mc.simulate(jobs[j], first, count), step == len(plan) - 1
        return
    shared = SharedNormals()
    for start in range(0, len(jobs), GROUP_JOBS):
        group = range(start, min(start + GROUP_JOBS, len(jobs)))
        for step in range(max(len(plans[j]) for j in group)):
            shared.next_chunk()
            for j in group:
                if step < len(plans[j]):
                    yield j, mc.simulate(jobs[j], *plans[j][step], shared), step == len(plans[j]) - 1
    shared.next_chunk()
