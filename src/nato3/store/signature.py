"""Cheap identity of the data a process would read: the database file's and every data file's
size, modification time and inode. Apart from :mod:`nato3.store.database` so that a process can
name what it keeps on disk before it imports DuckDB or pandas (``nato3 project``'s start-up)."""

from __future__ import annotations

from pathlib import Path

from nato3 import paths


def _stat(p: Path):
    try:
        s = p.stat()
    except OSError:
        return None
    return (s.st_mtime_ns, s.st_size, s.st_ino)


def signature(db: Path) -> tuple:
    """Changes whenever the database file, a data file or the imports folder changes."""
    data_files = sorted(
        f
        for folder in (paths.DATASETS_DIR, paths.REFERENCE_DIR, paths.UNCERTAINTY_DIR, paths.imports_dir())
        for f in folder.glob("*")
    )
    return (_stat(db), _stat(paths.imports_dir()), tuple((str(f), _stat(f)) for f in data_files))


def data_signature() -> tuple:
    """The database path and the signatures of the database and data files (see
    :mod:`nato3.store.cache`)."""
    db = paths.database_path()
    return (str(db), signature(db))
