"""The library's front door for projections: :func:`project`.

>>> from nato3.projection import project
>>> result = project("hague-linear", draws=10_000, seed=1)      # doctest: +SKIP
>>> result.summary            # one row per ally: start, path, year reaching the target, P(reach)
>>> result.long               # scenario × iso3 × indicator × year, every value marked
>>> from nato3.documents import build
>>> build("projection", scenario="hague-linear")  # what every face shows  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nato3.projection import engine
from nato3.projection import montecarlo as mc
from nato3.projection.builtin import load_scenario
from nato3.projection.result import Projection

if TYPE_CHECKING:
    from nato3.projection.backends import Backend, Progress
    from nato3.projection.prepared import Prepared
    from nato3.projection.resolve import Resolved
    from nato3.projection.scenario import Scenario


def mc_params(resolved: Resolved, draws: int | None = None, seed: int | None = None) -> mc.Params:
    """Monte Carlo settings of the scenario, with ``draws``/``seed`` overriding the file's and
    fitted volatilities where the file leaves them out.

    Raises:
        Nato3Error: draws outside 0–100 000 000 or a negative seed; no fitted settings.
    """
    spec = resolved.scenario.monte_carlo
    draws, seed = mc.checked_run(spec.draws if draws is None else draws, spec.seed if seed is None else seed)
    from nato3.projection.uncertainty import settings

    return mc.Params(draws, seed, **settings(spec))


def make_job(setup: engine.Setup, params: mc.Params) -> mc.Job:
    """The Monte Carlo job of ``setup``: its kernel, the settings and the deterministic centre."""
    from nato3.projection import kernel as kn

    share, gdp = kn.evaluate(setup.kernel, kn.deterministic_index(setup.kernel))
    return mc.Job(setup.kernel, params, kn.gap_times_100(setup.kernel, share, gdp)[:, :, 0])


def project(
    scenario: str | Path | Scenario | Resolved,
    draws: int | None = None,
    seed: int | None = None,
    backend: Backend | str = "local",
    chunk_size: int = mc.DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> Projection:
    """Project every ally's path under ``scenario`` (a built-in name, a YAML path or a model).

    Args:
        draws: Monte Carlo draws (default: the scenario's ``monte_carlo.draws``; 0 = deterministic only).
        seed: overrides the scenario's seed.
        backend: "local", "dask" (a LocalCluster) or a backend object (see
            :mod:`nato3.projection.backends`).
        chunk_size: draws simulated at a time (memory), rounded to whole blocks; never changes results.
        progress: called with the number of draws finished after each chunk.

    Raises:
        Nato3Error / DataValidationError: unknown scenario, bad file, bad options.
    """
    from nato3.projection.prepared import prepared

    ready = prepared(load_scenario(scenario))
    params = mc_params(ready.setup.resolved, draws, seed)
    return run_prepared(ready, params, backend, chunk_size, progress)


def run_prepared(
    ready: Prepared,
    params: mc.Params,
    backend: Backend | str = "local",
    chunk_size: int = mc.DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> Projection:
    """The projection of a prepared scenario with the Monte Carlo settings ``params`` (checked by
    :func:`mc_params`): reads no data, so a worker process can run it."""
    result = None
    if params.draws:
        from nato3.projection.backends import get_backend

        runner = get_backend(backend) if isinstance(backend, str) else backend
        (result,) = runner.run([make_job(ready.setup, params)], chunk_size, progress)
    return assemble(ready, result)


def assemble(ready: Prepared, mc_result: mc.Result | None) -> Projection:
    """The scenario's deterministic frames (copies: the run owns them) and its Monte Carlo outputs
    in one result."""
    allies, aggregates, credibility, summary = ready.frames()
    return Projection(ready.setup, allies, aggregates, credibility, mc_result, summary)
