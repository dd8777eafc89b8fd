"""Open the embedded database, building or rebuilding it first when needed.

The database lives in the per-user directory (``NATO3_HOME``). It is rebuilt when its stored
fingerprint differs from that of the bundled and imported data (a new nato3 release, an import),
and queries always use a read-only connection.

Checking the fingerprint means hashing the data, so each process does it once and then only
watches cheap file signatures (size, mtime, inode of the database, the data files and the imports
folder). One read-only connection is kept per process and database file; each query gets its own
cursor on it, which is cheap and safe across threads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nato3 import paths
from nato3.atomicfile import WriteError
from nato3.errors import Nato3Error
from nato3.store.build import build_database, fingerprint
from nato3.store.resources import Resource, all_resources
from nato3.store.signature import signature

_checked: dict[Path, tuple] = {}
_connections: dict[Path, tuple] = {}
_lock = threading.Lock()


def _open_read_only(db: Path):
    """A read-only connection on ``db``, or None if it is missing or not a database."""
    import duckdb

    if not db.exists():
        return None
    try:
        return duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return None


def _fingerprint_in(con) -> str | None:
    import duckdb

    try:
        row = con.execute("SELECT value FROM _meta WHERE key = 'fingerprint'").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def stored_fingerprint(db: Path) -> str | None:
    """The fingerprint inside ``db``, or None if it is missing or unreadable."""
    con = _open_read_only(db)
    if con is None:
        return None
    with con:
        return _fingerprint_in(con)


def _check(db: Path, on_table, force: bool, keep: bool):
    """(Re)build ``db`` if it is missing, stale or ``force``. With ``keep``, return the read-only
    connection that read its fingerprint, so a command opens the database once, not twice
    (~20 ms); None when nothing was checked or it was rebuilt."""
    if not force and _checked.get(db) == signature(db):
        return None
    resources = all_resources()
    expected = fingerprint(resources)
    con = _open_read_only(db)
    if force or con is None or _fingerprint_in(con) != expected:
        if con is not None:
            con.close()
            con = None
        try:
            build_database(db, resources, on_table=on_table)
            from nato3.store import cache

            cache.clear()
        except (OSError, WriteError) as exc:
            raise Nato3Error(
                f"cannot write the database in {db.parent} ({exc.strerror}); "
                f"set {paths.HOME_ENV} to a writable directory with free space"
            ) from None
    _checked[db] = signature(db)
    if con is not None and not keep:
        con.close()
        con = None
    return con


def ensure_database(on_table: Callable[[Resource], None] | None = None, force: bool = False) -> Path:
    """Return the database path, (re)building it if it is missing, stale or ``force``. Leaves no
    connection open (a process may fork after it: see :func:`connected`).

    Raises:
        DataValidationError: a bundled or imported file breaks its schema (file, line, column).
        Nato3Error: the database directory cannot be written.
    """
    db = paths.database_path()
    _check(db, on_table, force, keep=False)
    return db


def connected() -> bool:
    """Whether this process holds a connection (then it must not fork a child that queries)."""
    return bool(_connections)


def connect():
    """A read-only cursor on the up-to-date database (close it when done, e.g. ``with``)."""
    import duckdb

    db = paths.database_path()
    opened = _check(db, None, False, keep=True)  # outside the lock: threads check (~0.4 ms) side by side
    with _lock:
        key = (_checked[db], os.getpid())  # a connection never crosses a fork or a rebuild
        cached = _connections.get(db)
        if cached is None or cached[0] != key:
            if cached is not None and cached[0][1] == os.getpid():
                cached[1].close()
            _connections[db] = (key, opened or duckdb.connect(str(db), read_only=True))
        elif opened is not None:
            opened.close()
        return _connections[db][1].cursor()


def query(sql: str, params: list[Any] | None = None):
    """Run a parametrised query and return a pandas DataFrame."""
    with connect() as con:
        return con.execute(sql, params or []).df()
