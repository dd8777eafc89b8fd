"""The ``sipri_series`` view: SIPRI's release in effect, read by every analysis. An imported SIPRI
workbook supersedes the bundled table of the same release, and in the same process — with no
restart — `nato3 burden --source sipri`, the API and the reconciliation show the imported values.

The workbook imported is SIPRI's own 2025 release with one cell changed (Poland's 2024 share of
GDP, 4.15 % in SIPRI's file, set to 5 %), so the test can tell the two apart.
"""

from __future__ import annotations

import pytest

from documents import by_code, rows
from publishers import SIPRI_2025, edited_workbook
from web_support import client, make_app

POLAND_SHARE_2024 = 4.154393879754  # SIPRI's 0.041543938797535616, as a percentage


def test_the_view_is_the_bundled_release_with_harmonised_columns():
    from nato3.store.database import query

    row = query("SELECT * FROM sipri_series WHERE iso3 = 'POL' AND year = 2024")
    assert (row["dataset"][0], row["edition"][0], row["price_base_year"][0]) == ("sipri_milex", "2025", 2023)
    assert row["milex_share_gdp_pct"][0] == POLAND_SHARE_2024
    bundled = query("SELECT milex_musd_const2023 FROM sipri_milex WHERE iso3 = 'POL' AND year = 2024")
    assert row["milex_musd_const"][0] == bundled["milex_musd_const2023"][0]
    assert query("SELECT count(*) AS n FROM sipri_series")["n"][0] == 2432  # every row of the release


def _five_percent(wb):
    ws = wb["Share of GDP"]
    poland = next(r for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == "Poland")[0].row
    column = next(c for c in ws[6] if c.value == 2024).column
    ws.cell(poland, column).value = 0.05


@pytest.fixture
def imported(fresh_home, tmp_path):
    """Before: the documents are built (and cached) from the bundled release; then the edited
    workbook is imported in this process."""
    from nato3.documents import build
    from nato3.imports import importer

    before = build("burden", source="sipri", year=2024)
    assert by_code(before.to_dict(), "ally_shares")["POL"]["defence_share_gdp_pct"] == POLAND_SHARE_2024
    importer.run(importer.prepare(edited_workbook(SIPRI_2025, tmp_path / "sipri.xlsx", _five_percent)))
    return fresh_home


def test_every_analysis_uses_the_imported_release_at_once(imported, cli_json, tmp_path):
    doc = cli_json("burden", "--source", "sipri", "--year", "2024")
    assert by_code(doc, "ally_shares")["POL"]["defence_share_gdp_pct"] == 5.0
    assert "sipri_milex_ed2025_imported" in {s["table"] for s in doc["sources"]}
    assert "sipri_milex" not in {s["table"] for s in doc["sources"]}
    tests = cli_json("burden", "test", "--source", "sipri", "--from", "2024", "--to", "2024")
    assert "sipri_milex_ed2025_imported" in {s["table"] for s in tests["sources"]}

    api = client(make_app(tmp_path / "web"))
    assert api.get("/api/v1/burden?source=sipri&year=2024").json() == doc
    spending = api.get("/api/v1/spending?iso3=POL&source=sipri&from_year=2024&to_year=2024").json()
    assert [r["defence_share_gdp_pct"] for r in rows(spending)] == [5.0]

    from nato3.reconcile.compare import reconcile

    assert reconcile(iso3="POL", year=2024).iloc[0]["sipri_share_gdp_pct"] == 5.0
