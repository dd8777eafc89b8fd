"""Building the embedded database: validation names file, line and column; builds are atomic;
the database rebuilds itself when the data's hashes change."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from nato3 import paths
from nato3.errors import DataValidationError
from nato3.store import database
from nato3.store.build import build_database
from nato3.store.resources import bundled_resources, load_descriptor
from nato3.store.validate import read_validated

COUNTRIES = {"POL": "ally", "USA": "ally", "NATO_TOTAL": "aggregate", "GRL": "territory"}


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the bundled data, with the package pointed at it."""
    for sub in ("datasets", "reference"):
        shutil.copytree(paths.BUNDLED_DATA_DIR / sub, tmp_path / "data" / sub)
    monkeypatch.setattr(paths, "DATASETS_DIR", tmp_path / "data" / "datasets")
    monkeypatch.setattr(paths, "REFERENCE_DIR", tmp_path / "data" / "reference")
    monkeypatch.setenv("NATO3_HOME", str(tmp_path / "home"))
    return tmp_path / "data"


def _ed2024():
    return next(r for r in bundled_resources() if r.name == "nato_expenditure_ed2024")


def _with_row(text: str, line_no: int, column: str, value: str, resource) -> str:
    """Replace one cell of the CSV ``text`` (line numbers as in an editor, header = 1)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows[line_no - 1][[f.name for f in resource.fields].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    "column, value, problem",
    [
        ("defence_share_real_gdp_pct", "abc", "'abc' is not a valid number"),
        ("defence_share_real_gdp_pct", "130", "above the maximum 100"),
        ("year", "1890", "below the minimum 2014"),
        ("iso3", "XYZ", "'XYZ' is not a known code"),
        ("is_estimate", "x", "is not one of e"),
        ("country", "", "is required but empty"),
    ],
)
def test_bad_cell_names_file_line_and_column(column, value, problem):
    resource = _ed2024()
    countries = {r: "ally" for r in ["ALB", "BEL", "POL", "USA"]}
    countries |= {"NATO_EUR_CAN": "aggregate", "NATO_TOTAL": "aggregate"}
    text = _with_row(resource.path.read_text(encoding="utf-8"), 5, column, value, resource)
    with pytest.raises(DataValidationError) as err:
        read_validated(resource, countries | _all_codes(), text)
    assert err.value.file == "nato_defence_expenditure_2014_2024_ed2024.csv"
    assert err.value.line == 5 and err.value.column == column
    assert problem in str(err.value)


def _all_codes():
    import csv

    with open(paths.REFERENCE_DIR / "countries.csv", encoding="utf-8") as fh:
        return {r["iso3"]: r["kind"] for r in csv.DictReader(fh)}


def test_duplicate_key_is_rejected():
    resource = _ed2024()
    text = resource.path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    text = "".join(lines + [lines[3]])
    with pytest.raises(DataValidationError, match=r"line 376, column 'iso3,year': duplicate key \('ALB', 2016\)"):
        read_validated(resource, _all_codes(), text)


def test_wrong_header_is_rejected():
    resource = _ed2024()
    text = resource.path.read_text(encoding="utf-8").replace("iso3,country", "code,country", 1)
    with pytest.raises(DataValidationError, match="line 1: header is"):
        read_validated(resource, _all_codes(), text)


def test_changed_file_without_provenance_stops_the_build(data_copy, tmp_path):
    target = tmp_path / "out.duckdb"
    csv_path = data_copy / "datasets" / "nato_command_posts.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="nato_command_posts.csv: sha256 is .* but its descriptor"):
        build_database(target, bundled_resources())
    assert not target.exists()
    assert not list(tmp_path.glob(".out.duckdb*"))


def test_failed_build_leaves_previous_database_untouched(data_copy, tmp_path):
    target = tmp_path / "db.duckdb"
    build_database(target, bundled_resources())
    before = target.read_bytes()

    def crash(resource):
        if resource.name == "sipri_milex":
            raise KeyboardInterrupt  # an interrupted build, half way

    with pytest.raises(KeyboardInterrupt):
        build_database(target, bundled_resources(), on_table=crash)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".db.duckdb*"))
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sipri_milex").fetchone()[0] == 2432


def test_database_rebuilds_when_data_changes(data_copy):
    first = database.ensure_database()
    fp1 = database.stored_fingerprint(first)
    # A deliberate data change, with its provenance refreshed: drop the last command-post row.
    csv_path = data_copy / "datasets" / "nato_command_posts.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    import csv
    import io

    records = list(csv.reader(io.StringIO("".join(lines), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records[:-1])
    csv_path.write_text(out.getvalue(), encoding="utf-8")
    descriptor_path = csv_path.with_name("nato_command_posts.resource.json")
    meta = json.loads(descriptor_path.read_text(encoding="utf-8"))
    from nato3.store.resources import file_sha256

    meta.update(sha256=file_sha256(csv_path), rows=len(records) - 2)
    descriptor_path.write_text(json.dumps(meta), encoding="utf-8")
    assert load_descriptor(descriptor_path).descriptor["rows"] == 43  # 44 rows since the 2026-12 update
    second = database.ensure_database()
    assert database.stored_fingerprint(second) != fp1
    with duckdb.connect(str(second), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM nato_command_posts").fetchone()[0] == 43


def test_queries_use_a_read_only_connection():
    with database.connect() as con, pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE x (a INTEGER)")


def test_a_new_process_opens_the_database_once():
    """The connection that read the fingerprint serves the queries (each open costs ~20 ms)."""
    import subprocess
    import sys

    database.ensure_database()
    script = (
        "import duckdb\n"
        "opened = []\n"
        "real = duckdb.connect\n"
        "duckdb.connect = lambda *a, **k: opened.append(a) or real(*a, **k)\n"
        "from nato3.store.database import query\n"
        "query('SELECT count(*) FROM nato_series'); query('SELECT count(*) FROM countries')\n"
        "print(len(opened))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


def test_harmonised_series_are_stored_tables_not_views():
    """Written when the database is built: a view of every NATO edition was planned again by
    every query (~10 ms each)."""
    kinds = database.query(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_name IN ('nato_series', 'sipri_series', 'country_groups') ORDER BY table_name"
    )
    assert kinds.values.tolist() == [
        ["country_groups", "BASE TABLE"],
        ["nato_series", "BASE TABLE"],
        ["sipri_series", "BASE TABLE"],
    ]


def test_unwritable_home_is_a_clear_error(data_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NATO3_HOME", str(blocker / "home"))
    from nato3.errors import Nato3Error

    with pytest.raises(Nato3Error, match="set NATO3_HOME to a writable directory"):
        database.ensure_database()


def test_tables_of_one_edition_must_agree_on_its_definition(data_copy):
    """The 2025 edition comes in two tables (share of GDP, real change); if one said 'core', the
    edition would mix definitions: the build stops, naming the descriptor and the field."""
    path = data_copy / "datasets" / "nato_defence_real_change_2014_2025_ed2025.resource.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    d["definition"] = "core"
    path.write_text(json.dumps(d), encoding="utf-8")
    resources = [load_descriptor(p) for p in sorted((data_copy / "reference").glob("*.resource.json"))]
    resources += [load_descriptor(p) for p in sorted((data_copy / "datasets").glob("*.resource.json"))]
    with pytest.raises(DataValidationError, match=r"real_change_2014_2025_ed2025.resource.json, column 'definition'"):
        build_database(data_copy / "x.duckdb", resources)
    assert not (data_copy / "x.duckdb").exists()
