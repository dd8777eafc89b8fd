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


def _where(scenario: str) -> tuple[Path, Path]:
    """The scenario's cache file for the current data and code, and the scenario file itself.

    Raises:
        Nato3Error: unknown built-in or missing file (from :func:`~nato3.projection.builtin.scenario_path`).
    """
    from nato3.projection.builtin import scenario_path
    from nato3.store.database import data_signature

    source = Path(scenario_path(scenario)).resolve()
    named = repr((str(scenario), str(source)))  # the path as given is part of the document
    digest = hashlib.sha256(repr((named, source.read_bytes(), data_signature(), disk_cache.code_stamp())).encode())
    name = hashlib.sha256(f"{named} {disk_cache.text()}".encode()).hexdigest()[:16]  # each storage its own file
    return disk_cache.folder() / f"{PREFIX}{name}-{digest.hexdigest()[:32]}{disk_cache.SUFFIX}", source


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

    target, _ = _where(scenario)
    stored = disk_cache.read(target)
    if stored is not None:
        resolved, ready, ctx = stored
        remember(resolved, ready)
        remember_context(resolved, ctx)
        return resolved
    resolved = load_scenario(scenario)
    ready = prepared(resolved)
    family = f"{target.name.rsplit('-', 1)[0]}-*{disk_cache.SUFFIX}"  # the scenario's older files go
    disk_cache.write(target, (resolved, ready, context(ready)), family=family, keep=1)
    return resolved
