"""Build the embedded DuckDB database from the resources, atomically.

The database is written to a temporary file beside the target and renamed over it only when
every table has been validated and loaded, so an interrupted or failed build leaves the previous
database (or none) in place, never a half-written one.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from nato3.errors import DataValidationError
from nato3.store import views
from nato3.store.resources import Resource, file_sha256
from nato3.store.validate import read_validated

# Bump when the database layout changes, so existing databases are rebuilt.
SCHEMA_VERSION = "5"

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
    from nato3 import __version__

    con.executemany(
        "INSERT INTO _meta VALUES (?, ?)",
        [
            ["fingerprint", fp],
            ["schema_version", SCHEMA_VERSION],
            ["nato3_version", __version__],
            ["built_at", datetime.now(UTC).isoformat(timespec="seconds")],
        ],
    )


def build_database(
    target: Path,
    resources: Sequence[Resource],
    on_table: Callable[[Resource], None] | None = None,
) -> Path:
    """Validate every resource and write them, with the catalogue and views, to ``target``.

    Raises:
        DataValidationError: the first bad file, line and column; ``target`` is untouched.
    """
    import duckdb

    names = [r.name for r in resources]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise DataValidationError(", ".join(dupes), None, None, "two resources share this table name")
    if COUNTRIES not in names:
        raise DataValidationError("countries.csv", None, None, "the country reference table is missing")

    target.parent.mkdir(parents=True, exist_ok=True)
    # A random name beside the target: nothing can be planted there in advance (collect_garbage
    # in nato3.imports.commit reads the pid after the first dot to clean up after dead builds).
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.building")
    fp = fingerprint(resources)
    ordered = sorted(resources, key=lambda r: r.name != COUNTRIES)  # countries first
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
            views.create_views(con, resources)
            _write_catalogue(con, resources, fp)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    return target
