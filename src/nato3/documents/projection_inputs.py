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
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nato3.projection.resolve import Resolved

FOLDER = "cache"
PREFIX = "projection-"


def _code_stamp() -> tuple:
    """nato3's version, its source files' sizes and times, and Python's and the array libraries'
    versions (what a pickle of frames and models depends on)."""
    import numpy
    import pandas

    from nato3 import paths
    from nato3.version import __version__

    files = sorted(paths.PACKAGE_DIR.rglob("*.py"))
    return (
        __version__,
        sys.version,
        numpy.__version__,
        pandas.__version__,
        tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files),
    )


def _where(scenario: str) -> tuple[Path, Path]:
    """The scenario's cache file for the current data and code, and the scenario file itself.

    Raises:
        Nato3Error: unknown built-in or missing file (from :func:`~nato3.projection.builtin.scenario_path`).
    """
    from nato3 import paths
    from nato3.projection.builtin import scenario_path
    from nato3.store.database import data_signature

    source = Path(scenario_path(scenario)).resolve()
    named = repr((str(scenario), str(source)))  # the path as given is part of the document
    digest = hashlib.sha256(repr((named, source.read_bytes(), data_signature(), _code_stamp())).encode())
    name = hashlib.sha256(named.encode()).hexdigest()[:16]
    return paths.home() / FOLDER / f"{PREFIX}{name}-{digest.hexdigest()[:32]}.pickle", source


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
    stored = _read(target)
    if stored is not None:
        resolved, ready, ctx = stored
        remember(resolved, ready)
        remember_context(resolved, ctx)
        return resolved
    resolved = load_scenario(scenario)
    ready = prepared(resolved)
    _write(target, (resolved, ready, context(ready)))
    return resolved


def _read(target: Path):
    try:
        return pickle.loads(target.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # missing, half a file from another writer, or from other code: recompute


def _write(target: Path, inputs: tuple) -> None:
    """Store ``inputs`` (atomically) and remove the scenario's older files; a cache that cannot be
    written (read-only home, full disk) only costs the next run its speed."""
    from nato3.atomicfile import WriteError, write_bytes

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL))
        for old in target.parent.glob(f"{target.name.rsplit('-', 1)[0]}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except (OSError, WriteError):
        pass
