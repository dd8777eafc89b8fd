"""``nato3 project``: every ally's path to 2035 under a scenario, with Monte Carlo odds.

Renders the projection document (:mod:`nato3.documents.projection`); the run itself may use
Dask or show a progress bar, which never changes a figure.
"""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, TABLE_OPTION, WIDE_OPTION, OutputFormat, console, emit, startup_without_gc
from nato3.cli.run_options import (
    BACKEND_OPTION,
    CHUNK_OPTION,
    SCHEDULER_OPTION,
    WORKERS_OPTION,
    BackendName,
    announce_backend,
    end_process,
    with_progress,
)


def project(
    scenario: str = typer.Argument(..., help="A built-in scenario (nato3 scenario list) or a scenario YAML file."),
    draws: int = typer.Option(None, "--draws", "-n", help="Monte Carlo draws (default: the scenario's; 0: none)."),
    seed: int = typer.Option(None, "--seed", "-s", help="Random seed (default: the scenario's)."),
    backend: BackendName = BACKEND_OPTION,
    scheduler: str = SCHEDULER_OPTION,
    workers: int = WORKERS_OPTION,
    chunk_size: int = CHUNK_OPTION,
    countries: list[str] = typer.Option(None, "--country", "-c", help="Show only these allies (repeatable)."),
    chart: Path = typer.Option(None, "--chart", help="Also write a fan chart (.png, .svg or .pdf)."),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
) -> None:
    """Project each ally's share of GDP, spending and gap to the target, year by year.

    Every ally starts from the same year: by default the year and edition `nato3 status`
    shows. Each follows the scenario's policy; GDP grows at the scenario's rates. With draws, a
    Monte Carlo adds GDP growth shocks and budget-execution noise and gives the probability of
    reaching the target and a 5-95 % range. Also: Europe and Canada's spending against the
    United States' year by year, and the year (with its odds) Europe and Canada spend more.
    Every figure is a projection, not data.

    Tables: paths_allies, paths_summary, paths_money (printed), paths (every ally and group
    year by year), paths_gaps, paths_verdicts, paths_settings, paths_announcements; --table
    picks one to print or write as CSV; json holds them all.

    Examples:

      nato3 project hague-linear

      nato3 project announced-plans --draws 100000 --seed 1 --chart paths.png

      nato3 project my-scenario.yaml --backend dask --format csv --table paths
    """
    from nato3.store.disk_cache import without_pyarrow

    without_pyarrow()  # before pandas: ~0.1 s less start-up; the same figures, its own kept inputs
    from nato3.projection import started

    if backend.value in ("auto", "local") and not scheduler:  # the draws on the second core while pandas loads
        from nato3.documents.projection_inputs import start_job

        start_job(scenario, draws, seed)
    try:
        with startup_without_gc():
            from nato3.documents.projection import checked_countries, document, fan_chart, load
            from nato3.projection.backends import get_backend
            from nato3.projection.runner import project as run

            shown = checked_countries(countries)
            if chart is not None:
                from nato3.charts.static import check_chart_path

                check_chart_path(chart)
            runner = get_backend(backend.value, scheduler, workers, announce_backend)
            resolved = load(scenario)
        result = with_progress(lambda progress: run(resolved, draws, seed, runner, chunk_size, progress), draws)
    finally:
        started.discard()  # a child whose result was not taken (another backend, an error)
    doc = document(result, scenario, shown, seed)
    if chart is not None:
        fan_chart(doc, chart, shown or None)
    emit(doc, fmt, wide, table)
    if chart is not None and fmt is OutputFormat.table:
        console(stderr=True).print(f"Chart written to {chart}", style="dim")
    end_process()
