"""Monte Carlo work cut into a few even batches for a cluster, with results bit-identical to one process.

A Dask task costs milliseconds of scheduling (about 4 ms each measured on 2 busy cores) and a
chunk's statistics are about half a megabyte, so one task per chunk or per grid point loses to a
single process on small points. Instead the chunks of all jobs are laid end to end and dealt
into a few batches of equal size (:func:`plan`); a batch runs its pieces (consecutive chunks of
one job) chunk by chunk as the local backend does (side by side when they share their random
numbers), and sends back per piece either the finished
result (a whole job) or one merged partial (a job split between batches, :func:`merge`).

Why the results do not change: counts add exactly, minima and maxima are exact, and the gap
sums stay per block and are added in block order by :class:`nato3.projection.montecarlo.Totals`.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nato3.projection import montecarlo as mc
from nato3.projection.montecarlo_stats import merge_hist


@dataclass(frozen=True)
class Piece:
    """Blocks ``first_block … first_block + n_blocks − 1`` of job number ``job``."""

    job: int
    first_block: int
    n_blocks: int

    def draws(self, jobs: Sequence[mc.Job]) -> int:
        params = jobs[self.job].params
        return sum(params.block_size(b) for b in range(self.first_block, self.first_block + self.n_blocks))


def chunk_blocks(job: mc.Job, chunk_draws: int) -> int:
    """Blocks per chunk, as the local backend cuts them (so workspaces are reused the same way)."""
    return max(1, min(chunk_draws, mc.chunk_limit(job.kernel)) // mc.BLOCK)


def plan(jobs: Sequence[mc.Job], n_batches: int, chunk_draws: int) -> list[list[Piece]]:
    """The jobs' chunks, in job and block order, dealt into at most ``n_batches`` batches of
    nearly equal numbers of draws; a chunk is never cut, so chunk sizes are the local backend's."""
    units = [
        (index, first, count)
        for index, job in enumerate(jobs)
        for first, count in mc.chunks(job.params, chunk_blocks(job, chunk_draws) * mc.BLOCK)
    ]
    total = sum(job.params.draws for job in jobs)
    n = max(1, min(n_batches, len(units)))
    batches: list[list[Piece]] = [[] for _ in range(n)]
    done = 0
    for index, first, count in units:
        pieces = batches[min(done * n // total, n - 1)]  # the batch where the chunk's first draw falls
        if pieces and pieces[-1].job == index and pieces[-1].first_block + pieces[-1].n_blocks == first:
            pieces[-1] = Piece(index, pieces[-1].first_block, pieces[-1].n_blocks + count)
        else:
            pieces.append(Piece(index, first, count))
        params = jobs[index].params
        done += sum(params.block_size(b) for b in range(first, first + count))
    return [pieces for pieces in batches if pieces]


def run_batch(jobs: Sequence[mc.Job], pieces: Sequence[Piece], chunk_draws: int) -> list[mc.Result | mc.Partial]:
    """On a worker: each piece (``jobs[i]`` is piece i's job) as a finished result when it is a
    whole job, else as one partial of its blocks."""
    from nato3.projection.shared_normals import side_by_side

    plans = []
    for job, piece in zip(jobs, pieces, strict=True):
        per, end = chunk_blocks(job, chunk_draws), piece.first_block + piece.n_blocks
        plans.append([(b, min(per, end - b)) for b in range(piece.first_block, end, per)])
    whole = [p.first_block == 0 and p.n_blocks == job.params.n_blocks for job, p in zip(jobs, pieces, strict=True)]
    out: list = [None] * len(jobs)
    try:
        for j, part, last in side_by_side(jobs, plans):  # one seed's normals made once; none ahead (a worker a core)
            if whole[j]:
                if out[j] is None:
                    out[j] = mc.Totals(jobs[j])
                out[j].add(part)
                if last:
                    out[j] = mc.finish(out[j])
            else:
                out[j] = part if out[j] is None else merge(out[j], part)
    finally:
        mc.release_workspace()  # a long-lived worker keeps no chunk-sized arrays between batches
    return out


def pack(jobs: Sequence[mc.Job], pieces: Sequence[Piece]) -> bytes:
    """A batch's jobs as one pickle: Dask serialises a list of them element by element and array
    by array (2 s for 1,000 grid points on 2 busy cores, against 0.1 s for one pickle per batch)."""
    return pickle.dumps([jobs[p.job] for p in pieces], protocol=pickle.HIGHEST_PROTOCOL)


def run_packed(payload: bytes, pieces: Sequence[Piece], chunk_draws: int) -> bytes:
    """:func:`run_batch` on :func:`pack`'s payload, its outputs pickled the same way."""
    outputs = run_batch(pickle.loads(payload), pieces, chunk_draws)
    return pickle.dumps(outputs, protocol=pickle.HIGHEST_PROTOCOL)


def merge(a: mc.Partial, b: mc.Partial) -> mc.Partial:
    """The statistics of ``a``'s blocks followed by ``b``'s (``b`` starts where ``a`` ends):
    histogram counts added over the union of their kept bins, per-block gap sums kept in order."""
    low, width, counts = merge_hist(a, b)
    outspend = (None, None)
    if a.outspend_at is not None:
        outspend = (a.outspend_at + b.outspend_at, a.outspend_ever + b.outspend_ever)
    return mc.Partial(
        a.first_block,
        a.n + b.n,
        low,
        width,
        counts,
        a.at + b.at,
        a.reach + b.reach,
        np.minimum(a.vmin, b.vmin),
        np.maximum(a.vmax, b.vmax),
        np.concatenate([a.gap_sums, b.gap_sums]),
        *outspend,
    )


def assemble(
    jobs: Sequence[mc.Job], batches: Sequence[Sequence[Piece]], outputs: Sequence[list | bytes]
) -> list[mc.Result]:
    """Each job's result from the batches' outputs (lists, or pickled ones), read in batch order
    (which is block order)."""
    results: list = [None] * len(jobs)
    totals: dict[int, mc.Totals] = {}
    for pieces, output in zip(batches, outputs, strict=True):
        if isinstance(output, bytes):
            output = pickle.loads(output)
        for piece, value in zip(pieces, output, strict=True):
            if isinstance(value, mc.Result):
                results[piece.job] = value
                continue
            job = jobs[piece.job]
            totals.setdefault(piece.job, mc.Totals(job)).add(value)
            if piece.first_block + piece.n_blocks == job.params.n_blocks:
                results[piece.job] = mc.finish(totals.pop(piece.job))
    return results
