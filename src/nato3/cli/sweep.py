"""``nato3 sweep``: run a scenario over a grid of parameters and print one table."""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, OutputFormat, console, records, rich_table, write_csv, write_json
from nato3.cli.project import (
    BACKEND_OPTION,
    CHUNK_OPTION,
    SCHEDULER_OPTION,
    WORKERS_OPTION,
    BackendName,
    with_progress,
)


def sweep(
    file: Path = typer.Argument(..., help="A sweep YAML file: scenario, draws, seed and a grid of fields."),
    backend: BackendName = BACKEND_OPTION,
    scheduler: str = SCHEDULER_OPTION,
    workers: int = WORKERS_OPTION,
    chunk_size: int = CHUNK_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
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
    --backend dask the whole grid runs on the cluster at once.
    """
    import math

    from nato3.projection.backends import get_backend
    from nato3.projection.sweep import load_sweep, run_sweep

    spec, _ = load_sweep(file)
    total = spec.draws * math.prod(len(v) for v in spec.grid.values()) if spec.draws else None
    runner = get_backend(backend.value, scheduler, workers)
    table = with_progress(lambda progress: run_sweep(file, runner, chunk_size, progress), total)
    if fmt is OutputFormat.json:
        write_json(
            {
                "scenario": table.attrs["scenario"],
                "draws": table.attrs["draws"],
                "is_projection": True,
                "rows": records(table),
                "sources": table.attrs["sources"],
            }
        )
    elif fmt is OutputFormat.csv:
        write_csv(table)
    else:
        columns = {c: c for c in table.columns}
        out = console()
        out.print(rich_table(table, columns, title=f"Sweep of {table.attrs['scenario']} (projection)"))
        out.print(
            "Projection, not data. p_reach_by_horizon = share of draws at or above the target in the horizon year; "
            "gaps in constant US$ (millions).",
            style="dim",
        )
        sources = "; ".join(f"{s['producer']}, {s['title']}" for s in table.attrs["sources"])
        out.print(f"Sources: {sources}", style="dim")
