"""A scenario's projection inputs kept on disk between runs of ``nato3 project``.

Everything a projection reads from the database — the checked scenario, its seed-independent part
(:mod:`nato3.projection.prepared`) and its document's context
(:class:`~nato3.documents.projection.Context`) — depends only on the scenario file, the data and
nato3's code. The first run of a scenario stores them in ``$NATO3_HOME/cache`` (one file per
scenario, written atomically); a later run with the same scenario file, data and code reads them
back and never opens DuckDB, a large part of a short run's fixed cost. Any change to the scenario
file, the database, a data file, the imports folder or nato3's code gives another key, so stale
inputs are never read; a scenario's older file is replaced. The files are pickles written by
nato3 into the user's own data folder, read with the same trust as the database beside them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from nato3.store import disk_cache

if TYPE_CHECKING:
    from nato3.projection.resolve import Resolved

PREFIX = "projection-"
JOB_PREFIX = "montecarlo-job-"


def _where(scenario: str, stamp: str | None = None, prefix: str = PREFIX) -> Path:
    """The scenario's cache file for the current data and code (``stamp``: :func:`disk_cache.code_stamp`
    unless given).

    Raises:
        Nato3Error: unknown built-in or missing file (from :func:`~nato3.projection.builtin.scenario_path`).
    """
    from nato3.projection.builtin import scenario_path
    from nato3.store.signature import data_signature

    source = Path(scenario_path(scenario)).resolve()
    named = repr((str(scenario), str(source)))  # the path as given is part of the document
    stamp = stamp or disk_cache.code_stamp()
    digest = hashlib.sha256(repr((named, source.read_bytes(), data_signature(), stamp)).encode())
    name = hashlib.sha256(f"{named} {disk_cache.text()}".encode()).hexdigest()[:16]  # each storage its own file
    return disk_cache.folder() / f"{prefix}{name}-{digest.hexdigest()[:32]}{disk_cache.SUFFIX}"


def job_file(scenario: str) -> Path:
    """Where the scenario's Monte Carlo job (:func:`stored_job`) is kept: named without importing
    pandas (:func:`disk_cache.numpy_stamp`)."""
    return _where(scenario, disk_cache.numpy_stamp(), JOB_PREFIX)


def stored_job(scenario: str):
    """The Monte Carlo job of the scenario at its own draws and seed, as its last run kept it (NumPy
    arrays and nato3's Monte Carlo classes: read without pandas or pydantic), or None."""
    from nato3.projection import montecarlo as mc

    job = disk_cache.read(job_file(scenario))
    return job if isinstance(job, mc.Job) else None


def start_job(scenario: str, draws: int | None, seed: int | None) -> bool:
    """Start the scenario's kept Monte Carlo job with ``draws`` and ``seed`` in a forked child
    while this process imports the rest (:mod:`nato3.projection.started`): before pandas only, and
    only when its last run kept the job. True if started."""
    import sys

    from nato3.errors import Nato3Error
    from nato3.projection import started

    if "pandas" in sys.modules or not started.may_fork():
        return False
    try:
        kept = stored_job(scenario)
    except (Nato3Error, OSError):  # an unknown scenario: the command says so in its own words
        return False
    return kept is not None and started.start(kept, draws, seed)


def load(scenario: str) -> Resolved:
    """The checked scenario named ``scenario`` (a built-in or a file), with its seed-independent
    part and document context ready in this process: read from the cache when they are there,
    else computed (from the database) and stored for the next run.

    Raises:
        Nato3Error / DataValidationError: as :func:`~nato3.projection.builtin.load_scenario`.
    """
    from nato3.documents.projection import context, remember_context
    from nato3.projection.builtin import load_scenario
    from nato3.projection.prepared import prepared, remember

    target = _where(scenario)
    stored = disk_cache.read(target)
    if stored is not None:
        resolved, ready, ctx = stored
        remember(resolved, ready)
        remember_context(resolved, ctx)
        return resolved
    resolved = load_scenario(scenario)
    ready = prepared(resolved)
    _write(target, (resolved, ready, context(ready)))
    _write(job_file(scenario), _job(ready))
    return resolved


def _job(ready):
    """The Monte Carlo job of ``ready`` at its scenario's draws and seed, or None when it has no
    Monte Carlo settings."""
    from nato3.errors import Nato3Error
    from nato3.projection.runner import make_job, mc_params

    try:
        return make_job(ready.setup, mc_params(ready.setup.resolved))
    except Nato3Error:
        return None


def _write(target: Path, value) -> None:
    """Keep ``value`` at ``target``; the scenario's older files of the same kind go."""
    if value is not None:
        disk_cache.write(target, value, family=f"{target.name.rsplit('-', 1)[0]}-*{disk_cache.SUFFIX}", keep=1)
