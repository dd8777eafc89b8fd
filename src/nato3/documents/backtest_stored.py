"""Finished backtest documents kept on disk in ``$NATO3_HOME/cache``, so a hindcast that depends
only on the data is computed once, not on every ``nato3 report`` or ``nato3 backtest``.

A hindcast is deterministic: the same data, the same code and the same parameters (seed
included) give the same document. The file name is a hash of all of them — the database's
fingerprint (every bundled and imported file's bytes), the fitted Monte Carlo settings, the nato3
version, every source file of nato3 (about 25 ms to hash) and the parameters — so a new
edition, an import, a refit or a code change is a new name and never reads an old answer. A file
that cannot be read is computed again and replaced; files are written atomically. Backtests
that fit (and write) the Monte Carlo settings are never kept.

The in-process cache stays the document registry's (:mod:`nato3.documents.registry`); this
module only spares a new process the computation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nato3.store import disk_cache

if TYPE_CHECKING:
    from nato3.documents.model import Document

PREFIX = "backtest-"
SUFFIX = disk_cache.SUFFIX
KEEP = 8  # finished backtests kept; the oldest go first
folder = disk_cache.folder


def key(parameters: dict[str, Any]) -> str:
    """The hash naming the stored document of ``parameters`` for the data and code of now."""
    from nato3.store.database import query

    fingerprint = query("SELECT value FROM _meta WHERE key = ?", ["fingerprint"])
    named = (sorted(parameters.items()), fingerprint["value"].tolist(), disk_cache.code_stamp())
    return hashlib.sha256(repr(named).encode()).hexdigest()


def path_for(parameters: dict[str, Any]) -> Path:
    return folder() / f"{PREFIX}{key(parameters)}{SUFFIX}"


def load(path: Path) -> Document | None:
    """The document stored at ``path``; None if there is none or it cannot be read."""
    from nato3.documents.model import Document

    document = disk_cache.read(path)
    return document if isinstance(document, Document) else None


def store(path: Path, document: Document) -> None:
    """Keep ``document`` at ``path`` and drop the oldest beyond :data:`KEEP`."""
    disk_cache.write(path, document, family=f"{PREFIX}*{SUFFIX}", keep=KEEP)


def stored(parameters: dict[str, Any], compute: Callable[[], Document]) -> Document:
    """The stored document of ``parameters``, or ``compute()``'s, stored for the next process."""
    path = path_for(parameters)
    document = load(path)
    if document is None:
        document = compute()
        store(path, document)
    return document
