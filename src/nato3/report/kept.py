"""The report's projection document kept on disk in ``$NATO3_HOME/cache``, as its backtest is.

The paths section runs its scenario with a fixed number of draws and the scenario's own seed, so
its projection document depends only on the scenario file, the data, nato3's code and those
settings: the first report computes it (about half a second) and keeps it, later reports with the
same inputs read it back. The file is named by a hash of all of them — the scenario's build
parameters and the bytes of its file, the database's fingerprint (every bundled and imported
file), and nato3's code stamp (its version, every source file, the fitted Monte Carlo settings) —
so a changed scenario, an import or a code change is a new name and never reads an old answer. A
file that cannot be read is computed again; one that cannot be written costs the next report its
speed, no more. The in-process cache stays the document registry's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nato3.store import disk_cache

if TYPE_CHECKING:
    from nato3.documents.model import Document

PREFIX = "report-projection-"
KEEP = 8  # projection documents kept (scenarios, editions); the oldest go first


def path_for(params: dict[str, Any], scenario_file: Path | None) -> Path:
    """Where the projection document built with ``params`` from ``scenario_file`` is kept, for the
    data and code of now."""
    from nato3.store.database import query

    fingerprint = query("SELECT value FROM _meta WHERE key = ?", ["fingerprint"])["value"].tolist()
    source = scenario_file.read_bytes() if scenario_file is not None else b""
    named = json.dumps(params, sort_keys=True, default=str).encode()
    digest = hashlib.sha256(named + b"\0" + source)
    digest.update(repr((fingerprint, disk_cache.code_stamp())).encode())
    return disk_cache.folder() / f"{PREFIX}{digest.hexdigest()}{disk_cache.SUFFIX}"


def projection(params: dict[str, Any], scenario_file: Path | None, build: Callable[[], Document]) -> Document:
    """The projection document ``build()`` makes from ``params`` (the registry's parameters) and
    ``scenario_file`` (the scenario's YAML; None when the scenario is in ``params``): read back
    when it is kept, else built and kept for the next report."""
    from nato3.documents.model import Document

    path = path_for(params, scenario_file)
    document = disk_cache.read(path)
    if not isinstance(document, Document):
        document = build()
        disk_cache.write(path, document, family=f"{PREFIX}*{disk_cache.SUFFIX}", keep=KEEP)
    return document
