"""Open the embedded database, building or rebuilding it first when needed.

The database lives in the per-user directory (``NATO3_HOME``). It is rebuilt when its stored
fingerprint differs from that of the bundled and imported data (a new nato3 release, an import),
and queries always use a read-only connection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from nato3 import paths
from nato3.errors import Nato3Error
from nato3.store.build import build_database, fingerprint
from nato3.store.resources import Resource, all_resources

_checked: dict[Path, str] = {}


def stored_fingerprint(db: Path) -> str | None:
    """The fingerprint inside ``db``, or None if it is missing or unreadable."""
    import duckdb

    if not db.exists():
        return None
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("SELECT value FROM _meta WHERE key = 'fingerprint'").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def ensure_database(on_table: Callable[[Resource], None] | None = None, force: bool = False) -> Path:
    """Return the database path, (re)building it if it is missing, stale or ``force``."""
    db = paths.database_path()
    resources = all_resources()
    expected = fingerprint(resources)
    if not force and _checked.get(db) == expected:
        return db
    if force or stored_fingerprint(db) != expected:
        try:
            build_database(db, resources, on_table=on_table)
        except OSError as exc:
            raise Nato3Error(
                f"cannot write the database in {db.parent} ({exc.strerror}); "
                f"set {paths.HOME_ENV} to a writable directory"
            ) from None
    _checked[db] = expected
    return db


def connect():
    """A read-only DuckDB connection to the up-to-date database."""
    import duckdb

    return duckdb.connect(str(ensure_database()), read_only=True)


def query(sql: str, params: list[Any] | None = None):
    """Run a parametrised query and return a pandas DataFrame."""
    with connect() as con:
        return con.execute(sql, params or []).df()
