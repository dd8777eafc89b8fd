"""Reading documents in tests: the rows of a table of a document's JSON (CLI or API)."""

from __future__ import annotations

from typing import Any


def rows(payload: dict[str, Any], table: str | None = None) -> list[dict[str, Any]]:
    """The rows of ``table`` (default: the first) of a document's JSON."""
    tables = payload["tables"]
    return tables[table or next(iter(tables))]["rows"]


def by_code(payload: dict[str, Any], table: str | None = None, key: str = "iso3") -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in rows(payload, table)}


def marked(row: dict[str, Any], column: str, mark: str) -> bool:
    return mark in (row.get("marks") or {}).get(column, [])


def html_tables(html: str) -> dict[str, list[dict[str, Any]]]:
    """Every document table in a page (``<table data-table=…>``): its rows as column → exact value
    (each cell's ``data-value``), plus ``marks`` from ``data-marks``, as the page shows them."""
    import json
    from html.parser import HTMLParser

    found: dict[str, list[dict[str, Any]]] = {}

    class Parser(HTMLParser):
        table: str | None = None
        row: dict[str, Any] | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "table" and "data-table" in a:
                self.table = a["data-table"]
                found.setdefault(self.table, [])
            elif tag == "tr" and self.table is not None:
                self.row = {"marks": {}}
            elif tag in ("td", "th") and self.row is not None and "data-column" in a and "data-value" in a:
                self.row[a["data-column"]] = json.loads(a["data-value"])
                if a.get("data-marks"):
                    self.row["marks"][a["data-column"]] = a["data-marks"].split()

        def handle_endtag(self, tag):
            if tag == "tr" and self.row is not None and self.table is not None:
                if len(self.row) > 1:
                    found[self.table].append(self.row)
                self.row = None
            elif tag == "table":
                self.table = None

    Parser().feed(html)
    return found


def assert_shows(shown: list[dict[str, Any]], payload: dict[str, Any], table: str) -> None:
    """Every value a page or report shows of ``table`` equals the document's, marks included."""
    expected = rows(payload, table)
    assert len(shown) == len(expected), (len(shown), len(expected))
    for got, want in zip(shown, expected, strict=True):
        for column, value in got.items():
            if column == "marks":
                continue
            assert value == want[column], (column, value, want[column])
        for column, marks in got["marks"].items():
            assert set(marks) >= set((want.get("marks") or {}).get(column, [])), (column, marks)


def csv_marks(table: dict[str, Any], row: dict[str, Any]) -> dict[str, str]:
    """What a document row's ``marks.<column>`` CSV cells hold: each valued cell's own marks and
    its column's mark, joined by ``;`` (a missing value carries none)."""
    column_marks = {c["name"]: c["mark"] for c in table["columns"] if c.get("mark")}
    out = {}
    for column in (c["name"] for c in table["columns"]):
        if row.get(column) is None:
            continue
        codes = [*(row.get("marks") or {}).get(column, []), *([column_marks[column]] if column in column_marks else [])]
        if codes:
            out[column] = ";".join(dict.fromkeys(codes))
    return out


def library(kind: str, **params: Any) -> tuple[dict[str, Any] | None, Exception | None]:
    """The document's JSON as every face serialises it, or the library's refusal (a Nato3Error)."""
    import json

    from nato3.documents import build
    from nato3.errors import Nato3Error
    from nato3.plain import dumps

    try:
        return json.loads(dumps(build(kind, **params).to_dict())), None
    except Nato3Error as exc:
        return None, exc
