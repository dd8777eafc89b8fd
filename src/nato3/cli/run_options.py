"""How a Monte Carlo run is carried out — backend, cluster, chunk size, progress bar — shared by
``nato3 project`` and ``nato3 sweep``. None of these ever changes a figure."""

from __future__ import annotations

from enum import StrEnum

import typer

from nato3.cli.common import console

PROGRESS_FROM = 100_000  # draws: show a progress bar on stderr from here on


class BackendName(StrEnum):
    auto = "auto"
    local = "local"
    dask = "dask"


BACKEND_OPTION = typer.Option(
    BackendName.auto,
    "--backend",
    "-b",
    help="auto (Dask only when the run is big enough to gain from it; says which on stderr), local or dask.",
)
SCHEDULER_OPTION = typer.Option(
    None, "--scheduler", help="Dask scheduler address (tcp://host:8786). Default: a LocalCluster on this machine."
)
WORKERS_OPTION = typer.Option(None, "--workers", min=1, max=256, help="Workers of the LocalCluster (dask backend).")
CHUNK_OPTION = typer.Option(
    5000, "--chunk-size", min=1, max=1_000_000, help="Draws simulated at a time (memory); never changes results."
)


def announce_backend(line: str) -> None:
    """Say on stderr which backend ``--backend auto`` picked and why: dimmed on a terminal, plain
    text otherwise (loading Rich for one unstyled line would cost a short run ~40 ms)."""
    import sys

    if not sys.stderr.isatty():
        sys.stderr.write(line + "\n")
        return
    console(stderr=True).print(line, style="dim", soft_wrap=True)


def with_progress(job, draws: int | None):
    """Run ``job(progress)`` with a Rich progress bar on stderr when ``draws`` is large."""
    if draws is None or draws < PROGRESS_FROM:
        return job(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("Monte Carlo"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("draws", total=draws)
        return job(lambda n: bar.advance(task, n))


def end_process() -> None:
    """End a whole ``nato3`` process at once, its answer written: stdout and stderr flushed,
    logging's handlers closed, then ``os._exit(0)``. Python's own teardown would free pandas',
    NumPy's and every other module's objects one by one (40–60 ms of a short ``nato3 project``)
    for a process that is about to go anyway.

    Only when :func:`nato3.cli.app.main` runs the command (not a test's runner or a caller's
    process), no Dask cluster was used (its processes are closed at exit) and no profiler or
    tracer runs (``python -m cProfile``, coverage: they write their results at exit). Nothing else is
    open by then: the cached inputs, a chart, the output are written and closed.
    """
    import os
    import sys

    from nato3.cli import app

    watched = sys.getprofile() or sys.gettrace() or "coverage" in sys.modules  # coverage may use sys.monitoring
    if not app.WHOLE_PROCESS or "distributed" in sys.modules or watched:
        return  # a profiler or tracer (cProfile, coverage) writes its results at exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: leave it to Python's own exit, which reports it
        return
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    os._exit(0)
