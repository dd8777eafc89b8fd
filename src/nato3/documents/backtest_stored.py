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
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nato3 import paths

if TYPE_CHECKING:
    from nato3.documents.model import Document

FOLDER = "cache"
PREFIX = "backtest-"
SUFFIX = ".pickle"
KEEP = 8  # finished backtests kept; the oldest go first


def folder() -> Path:
    return paths.home() / FOLDER


def key(parameters: dict[str, Any]) -> str:
    """The hash naming the stored document of ``parameters`` for the data and code of now."""
    from nato3.store.database import query
    from nato3.version import __version__

    h = hashlib.sha256(f"nato3 {__version__}\n{sorted(parameters.items())!r}\n".encode())
    fingerprint = query("SELECT value FROM _meta WHERE key = ?", ["fingerprint"])
    h.update(repr(fingerprint["value"].tolist()).encode())
    for file in _inputs():
        h.update(str(file.relative_to(paths.PACKAGE_DIR)).encode())
        h.update(file.read_bytes())
    return h.hexdigest()


def _inputs() -> list[Path]:
    """The fitted settings and nato3's source files, in a fixed order."""
    return sorted([*paths.UNCERTAINTY_DIR.glob("*"), *paths.PACKAGE_DIR.rglob("*.py")])


def path_for(parameters: dict[str, Any]) -> Path:
    return folder() / f"{PREFIX}{key(parameters)}{SUFFIX}"


def load(path: Path) -> Document | None:
    """The document stored at ``path``; None if there is none or it cannot be read."""
    from nato3.documents.model import Document

    try:
        document = pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return document if isinstance(document, Document) else None


def store(path: Path, document: Document) -> None:
    """Keep ``document`` at ``path`` (atomically) and drop the oldest beyond :data:`KEEP`. A disk
    that cannot be written costs the next process the computation, nothing else."""
    from nato3.atomicfile import WriteError, write_bytes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, WriteError):
        return
    kept = sorted(path.parent.glob(f"{PREFIX}*{SUFFIX}"), key=_mtime, reverse=True)
    for old in kept[KEEP:]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def stored(parameters: dict[str, Any], compute: Callable[[], Document]) -> Document:
    """The stored document of ``parameters``, or ``compute()``'s, stored for the next process."""
    path = path_for(parameters)
    document = load(path)
    if document is None:
        document = compute()
        store(path, document)
    return document
