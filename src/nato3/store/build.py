"""Build the embedded DuckDB database from the resources, atomically.

The database is written to a temporary file in a private folder beside the target
(:func:`nato3.atomicfile.replacing_in_folder`) and renamed over it only when every table has
been validated and loaded, so an interrupted or failed build leaves the previous database (or
none) in place, never a half-written one. A full disk or an unwritable folder is a
:class:`~nato3.atomicfile.WriteError` (one line), never DuckDB's traceback.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from nato3.atomicfile import WriteError, replacing_in_folder
from nato3.errors import DataValidationError
from nato3.store import views
from nato3.store.resources import Resource, file_sha256
from nato3.store.validate import read_validated

# Bump when the database layout changes, so existing databases are rebuilt.
SCHEMA_VERSION = "6"  # 6: the harmonised series are tables, not views

SQL_TYPES = {"integer": "BIGINT", "number": "DOUBLE", "string": "VARCHAR"}
COUNTRIES = "countries"


def fingerprint(resources: Sequence[Resource]) -> str:
    """A hash of the schema version, every descriptor and every data file's actual bytes."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for r in resources:
        h.update(r.descriptor_path.read_bytes())
        h.update(file_sha256(r.path).encode() if r.path.exists() else b"missing")
    return h.hexdigest()


def check_integrity(resource: Resource) -> None:
    """The file must be the one its descriptor describes (same sha256)."""
    if not resource.path.exists():
        raise DataValidationError(resource.path.name, None, None, "file not found")
    declared = resource.descriptor.get("sha256")
    actual = file_sha256(resource.path)
    if declared and declared != actual:
        raise DataValidationError(
            resource.path.name,
            None,
            None,
            f"sha256 is {actual[:12]}… but its descriptor {resource.descriptor_path.name} says "
            f"{declared[:12]}…: the file changed without its provenance being updated",
        )


def _create_table(con, resource: Resource, columns: dict) -> None:
    import pandas as pd

    cols = ", ".join(f'"{f.name}" {SQL_TYPES[f.type]}' for f in resource.fields)
    con.execute(f'CREATE TABLE "{resource.name}" ({cols})')
    frame = pd.DataFrame({f.name: pd.Series(columns[f.name], dtype=object) for f in resource.fields})
    con.register("_incoming", frame)
    con.execute(f'INSERT INTO "{resource.name}" SELECT * FROM _incoming')
    con.unregister("_incoming")


def _write_catalogue(con, resources: Sequence[Resource], fp: str) -> None:
    con.execute(
        "CREATE TABLE _resources (name VARCHAR PRIMARY KEY, kind VARCHAR, edition VARCHAR, "
        "title VARCHAR, rows BIGINT, sha256 VARCHAR, descriptor JSON)"
    )
    for r in resources:
        con.execute(
            "INSERT INTO _resources VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                r.name,
                r.kind,
                r.edition,
                r.title,
                r.descriptor.get("rows"),
                r.descriptor.get("sha256"),
                json.dumps(r.descriptor),
            ],
        )
    con.execute("CREATE TABLE _meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    from nato3.version import __version__

    con.executemany(
        "INSERT INTO _meta VALUES (?, ?)",
        [
            ["fingerprint", fp],
            ["schema_version", SCHEMA_VERSION],
            ["nato3_version", __version__],
            ["built_at", datetime.now(UTC).isoformat(timespec="seconds")],
        ],
    )


def _write_error(target: Path, exc: Exception) -> WriteError:
    """DuckDB's I/O failure (a full disk, no permission) as the one-line error every writer raises."""
    text = str(exc)
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EROFS, errno.EPERM, errno.EIO):
        if os.strerror(code) in text:
            return WriteError(target, code, os.strerror(code))
    return WriteError(target, None, text.splitlines()[0] if text else type(exc).__name__)


def build_database(
    target: Path,
    resources: Sequence[Resource],
    on_table: Callable[[Resource], None] | None = None,
) -> Path:
    """Validate every resource and write them, with the catalogue and views, to ``target``.

    Raises:
        DataValidationError: the first bad file, line and column; ``target`` is untouched.
        WriteError: the database cannot be written (full disk, no permission); ``target`` is untouched.
        OSError: the folder of ``target`` cannot be created.
    """
    import duckdb

    names = [r.name for r in resources]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise DataValidationError(", ".join(dupes), None, None, "two resources share this table name")
    if COUNTRIES not in names:
        raise DataValidationError("countries.csv", None, None, "the country reference table is missing")

    target.parent.mkdir(parents=True, exist_ok=True)
    fp = fingerprint(resources)
    ordered = sorted(resources, key=lambda r: r.name != COUNTRIES)  # countries first
    with replacing_in_folder(target) as tmp:
        try:
            con = duckdb.connect(str(tmp))
            try:
                countries: dict[str, str] = {}
                for r in ordered:
                    check_integrity(r)
                    columns = read_validated(r, countries)
                    if r.name == COUNTRIES:
                        countries = dict(zip(columns["iso3"], columns["kind"], strict=True))
                    _create_table(con, r, columns)
                    if on_table:
                        on_table(r)
                views.create_series(con, resources)
                _write_catalogue(con, resources, fp)
                con.execute("CHECKPOINT")
            finally:
                con.close()
        except (duckdb.IOException, duckdb.TransactionException) as exc:
            raise _write_error(target, exc) from None
    return target
