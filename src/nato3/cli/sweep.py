"""``nato3 sweep``: run a scenario over a grid of parameters and print one table."""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, OutputFormat, console, fmt_number, records, write_csv, write_json
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
        out = console()
        out.print(_table(table, list(spec.grid)))
        out.print(
            "Projection, not data. Share of GDP (%) and gap to the target in each point's horizon year (constant "
            "US$, billions; negative: above it); P(reach) = share of draws at or above the target that year; 5-95 % "
            "of draws. --format csv or json gives every column.",
            style="dim",
        )
        sources = "; ".join(f"{s['producer']}, {s['title']}" for s in table.attrs["sources"])
        out.print(f"Sources: {sources}", style="dim")


def _table(table, grid: list[str]):
    """The sweep as a table for people: labels and formatted numbers, like ``nato3 project``."""
    from rich.table import Table

    mc = "p_reach_by_horizon" in table
    target_column = "target" not in grid  # a target grid already shows the target
    short = [k.rsplit(".", 1)[-1] for k in grid]
    labels = short if len(set(short)) == len(short) else grid
    out = Table(title=f"Sweep of {table.attrs['scenario']} (projection)", header_style="bold")
    headers = ["Point", *labels, "Ally", *(["Target %"] if target_column else []), "Share", "Reaches", "Gap US$ bn"]
    headers += ["P(reach)", "5-95 %"] if mc else []
    for header in headers:
        out.add_column(header, justify="left" if header == "Ally" else "right")
    for row in table.to_dict("records"):
        reach = row["year_reaching_target"]
        cells = [str(row["point"]), *(_value(row[k]) for k in grid), row["iso3"]]
        cells += [f"{row['target_pct']:g}"] if target_column else []
        cells += [
            fmt_number(row["share_horizon_pct"]),
            "never" if reach is None or reach != reach else str(int(reach)),
            fmt_number(row["gap_horizon_musd"] / 1000, 1),
        ]
        if mc:
            cells += [
                f"{row['p_reach_by_horizon']:.0%}",
                f"{row['share_p05_horizon']:.2f}-{row['share_p95_horizon']:.2f}",
            ]
        out.add_row(*cells)
    return out


def _value(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
