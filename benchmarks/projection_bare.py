"""The bare NumPy baseline of the projection benchmarks: the same draws as nato3's Monte Carlo, with
nothing kept, importing NumPy only (so, run as a script, its whole-process time is NumPy's import
plus the draws).

It makes the same draws from the same per-block streams (block ``b`` is the ``b``-th child of
``SeedSequence(seed)``), the same growth factors, cumulative products and share paths (execution
compounding, share policies moved by GDP surprises, spending policies by GDP). Its inputs are
plain arrays (:func:`arrays` turns a nato3 Monte Carlo job into them; ``python
projection_bare.py inputs.npz`` runs from a file of them).
"""

from __future__ import annotations

import sys

import numpy as np

BLOCK = 1_000


def arrays(job) -> dict[str, np.ndarray]:
    """The plain arrays of a nato3 Monte Carlo job (the kernel's inputs and the draw settings)."""
    k, p = job.kernel, job.params
    return {
        "P": k.P,
        "onep_mu": k.onep_mu,
        "offset": np.array(k.offset),
        "projected": k.projected,
        "ratio_idx": k.ratio_idx,
        "g0_index": k.g0_index,
        "share_rows": k.share_rows,
        "share_g0": k.share_g0,
        "growth_sd": p.growth_sd(k.iso3),
        "execution_sd": p.execution(k.iso3),
        "correlation": np.array(p.correlation),
        "seed": np.array(p.seed, dtype=np.uint64),
        "draws": np.array(p.draws),
    }


def bare(a: dict[str, np.ndarray], chunk: int = 5_000) -> np.ndarray:
    """Shares of GDP ``(allies, years, draws)`` of the last chunk (the others are dropped)."""
    P, onep_mu, offset = a["P"], a["onep_mu"], int(a["offset"])
    A, T = P.shape
    Tg = onep_mu.shape[1]
    draws, seed, rho = int(a["draws"]), int(a["seed"]), float(a["correlation"])
    sd = a["growth_sd"][:, None, None] / 100
    own_sd, common_sd = sd * np.sqrt(1 - rho), sd * np.sqrt(rho)
    scale = np.where(a["projected"], a["execution_sd"][:, None] / 100, 0.0)[:, :, None]
    mean = np.ones((A, Tg + 1))
    for t in range(1, Tg + 1):
        mean[:, t] = mean[:, t - 1] * onep_mu[:, t - 1]
    r, g0_index = a["ratio_idx"], a["g0_index"]
    n_blocks, per = -(-draws // BLOCK), max(1, chunk // BLOCK)
    normals = np.empty(A * max(T, Tg) * BLOCK)
    buffers: dict[int, tuple] = {}
    share = None
    for first in range(0, n_blocks, per):
        blocks = range(first, min(first + per, n_blocks))
        sizes = [min(BLOCK, draws - b * BLOCK) for b in blocks]
        n = sum(sizes)
        if n not in buffers:
            buffers.clear()
            buffers[n] = (np.empty((A, Tg + 1, n)), np.empty((A, T, n)), np.empty((A, T, n)))
        G, noise, share = buffers[n]
        G[:, 0] = 1.0
        row = 0
        for block, size in zip(blocks, sizes, strict=True):
            rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(block,))))
            rows = slice(row, row + size)
            common = rng.standard_normal((Tg, size))
            growth = G[:, 1:, rows]
            np.multiply(rng.standard_normal(out=normals[: A * Tg * size].reshape(A, Tg, size)), own_sd, out=growth)
            growth += common * common_sd
            growth += onep_mu[:, :, None]
            shocks = rng.standard_normal(out=normals[: A * T * size].reshape(A, T, size))
            np.multiply(shocks, scale, out=noise[:, :, rows])
            row += size
        for t in range(1, Tg + 1):
            G[:, t] *= G[:, t - 1]
        noise += 1.0
        for t in range(1, T):
            noise[:, t] *= noise[:, t - 1]
        np.multiply(P[:, :, None], noise, out=share)
        for s, g0 in zip(a["share_rows"], a["share_g0"], strict=True):
            share[s] *= np.multiply.outer(mean[s, offset:], G[s, g0]) / (G[s, offset:] * mean[s, g0])
        share[r] *= G[r, g0_index][:, None, :] / G[r, offset:]
    return share


if __name__ == "__main__":
    with np.load(sys.argv[1]) as inputs:
        last = bare(dict(inputs))
    print(float(last[:, -1].mean()))
