"""``nato3 sweep``: run a scenario over a grid of parameters and print one table (the sweep document)."""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, WIDE_OPTION, OutputFormat, emit
from nato3.cli.run_options import (
    BACKEND_OPTION,
    CHUNK_OPTION,
    SCHEDULER_OPTION,
    WORKERS_OPTION,
    BackendName,
    announce_backend,
    with_progress,
)


def sweep(
    file: Path = typer.Argument(..., help="A sweep YAML file: scenario, draws, seed and a grid of fields."),
    backend: BackendName = BACKEND_OPTION,
    scheduler: str = SCHEDULER_OPTION,
    workers: int = WORKERS_OPTION,
    chunk_size: int = CHUNK_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
) -> None:
    """Run a scenario for every combination of a parameter grid; one row per point and ally.

    The sweep file names a scenario, the draws and seed, and a grid of dotted scenario fields,
    for example:

      scenario: hague-linear
      draws: 20000
      grid:
        target: [3.0, 3.5, 4.0]
        monte_carlo.gdp_growth_sd: [0.5, 1.5]

    Every grid point uses the same seed, so points differ only by the parameters. With
    --backend dask the whole grid runs on the cluster at once, in a few even batches; auto
    (the default) does so only when the grid is big enough for the cluster to pay off.
    """
    import math

    from nato3.documents.sweep import document
    from nato3.projection.backends import get_backend
    from nato3.projection.sweep import load_sweep, run_sweep

    spec, _ = load_sweep(file)
    total = spec.draws * math.prod(len(v) for v in spec.grid.values()) if spec.draws else None
    runner = get_backend(backend.value, scheduler, workers, announce_backend)
    table = with_progress(lambda progress: run_sweep(file, runner, chunk_size, progress), total)
    emit(document(table, str(file)), fmt, wide)
