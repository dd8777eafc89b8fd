"""Narrowed spending documents answered from memory: the API's hot path for country-year queries.

``GET /api/v1/spending`` is asked for thousands of country × year × source × edition
combinations, far more than a response cache holds, and building each as a document takes two
DuckDB queries and a dozen pandas steps. Every row of every such answer is a row of one
document, the spending document of every ally and NATO's aggregates, in the same order. So
:func:`index` builds that document once per data generation and keeps its rows as plain records
with their JSON, per country; :meth:`SpendingIndex.answer` filters them and writes the JSON of
``build("spending", …).to_dict()`` for the same parameters, byte for byte (the tests compare
them), without a DataFrame. The parameters are checked by the builder's own functions.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from nato3.documents import data_common as common
from nato3.documents import spending
from nato3.documents.model import MARKS
from nato3.errors import Nato3Error
from nato3.store.cache import data_cache


@dataclass(frozen=True)
class _Row:
    position: int  # in the whole document: its order
    source: str
    edition: str
    year: int
    dataset: str
    record: dict[str, Any]  # plain values, as Table.records() gives them
    json: bytes  # the record as JSON
    marks: frozenset[str]  # the mark codes of its cells


@dataclass(frozen=True, eq=False)
class _Series:
    """The rows of one country in one source and edition, by year."""

    source: str
    edition: str
    years: list[int]
    rows: list[_Row]


class SpendingIndex:
    """The rows of the whole spending document, per country, with what a narrowed answer repeats."""

    def __init__(self, document):
        import orjson

        table = document.tables["spending"]
        self.title, self.table_title, self.notes = document.title, table.title, document.notes
        self.columns = [c.to_dict() for c in table.columns]
        self.column_marks = {c.mark for c in table.columns if c.mark}
        self.caveat = common.core_break_note()
        kinds = {c: kind for c, (_, kind) in common.countries().items()}
        self.allowed = {c for c, kind in kinds.items() if kind in ("ally", "aggregate")}
        self.series: dict[str, list[_Series]] = {}  # per country, in the document's order
        self.allies: list[_Row] = []
        for position, record in enumerate(table.records()):
            codes = {code for marks in record["marks"].values() for code in marks}
            json = orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS)
            row = _Row(
                position, record["source"], record["edition"], record["year"], record["dataset"], record, json, codes
            )
            of_country = self.series.setdefault(record["iso3"], [])
            if not of_country or (of_country[-1].source, of_country[-1].edition) != (row.source, row.edition):
                of_country.append(_Series(row.source, row.edition, [], []))
            of_country[-1].years.append(row.year)
            of_country[-1].rows.append(row)
            if kinds.get(record["iso3"]) != "aggregate":
                self.allies.append(row)
        self._sources: dict[tuple[str, ...], list[dict]] = {}
        self._editions: dict[tuple, list[dict]] = {}
        self._pivots: dict[_Series, tuple] = {}

    def answer(
        self,
        iso3: str | list[str] | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        source: str | list[str] | None = None,
        edition: str | None = None,
    ) -> bytes | None:
        """The JSON of ``build("spending", …)`` for these parameters, or None when it holds no rows
        (the builder then says which year is outside the data, or answers an empty document).

        Raises:
            Nato3Error: the builder's errors, naming the parameter.
        """
        codes = self._codes(iso3)
        chosen = spending._sources(source)
        low, high = (None if y is None else int(y) for y in (from_year, to_year))
        if low is not None and high is not None and low > high:
            raise Nato3Error(f"from_year {low} is after to_year {high}; allowed: from_year <= to_year", "from_year")
        edition = None if edition is None else spending._edition(str(edition), chosen)
        series: list[_Series] = []  # the series the rows come from (when one country's)
        if codes:
            rows, series = self._rows(codes, chosen, edition, low, high)
        else:  # every ally
            rows = [
                r
                for r in self.allies
                if r.source in chosen
                and (edition is None or r.edition == edition)
                and (low is None or r.year >= low)
                and (high is None or r.year <= high)
            ]
        if not rows:
            return None
        parameters = {"iso3": codes or None, "from_year": low, "to_year": high, "source": list(chosen)}
        one = series[0] if len(codes) == 1 and len(series) == 1 else None
        return self._json(
            {**parameters, "edition": edition}, rows, "nato" in chosen, self._shares(rows, one, low, high)
        )

    def _codes(self, iso3) -> list[str]:
        """The builder's normalised codes (:func:`common.check_codes`, which raises on an unknown one)."""
        values = [iso3] if isinstance(iso3, str) else list(iso3 or ())
        codes = list(dict.fromkeys(c.strip().upper() for v in values for c in str(v).split(",") if c.strip()))
        return codes if all(c in self.allowed for c in codes) else common.check_codes(iso3)

    def _rows(self, codes: list[str], chosen, edition: str | None, low: int | None, high: int | None):
        """The rows of these countries in the chosen series and years, in the document's order, and
        the series they come from."""
        rows: list[_Row] = []
        hits: list[_Series] = []
        for code in codes:
            for series in self.series.get(code, ()):
                if series.source in chosen and (edition is None or series.edition == edition):
                    start = 0 if low is None else bisect_left(series.years, low)
                    stop = len(series.years) if high is None else bisect_right(series.years, high)
                    if start < stop:
                        rows += series.rows[start:stop]
                        hits.append(series)
        return (rows if len(codes) == 1 else sorted(rows, key=lambda r: r.position)), hits

    def _shares(self, rows: list[_Row], one: _Series | None, low: int | None, high: int | None) -> dict | None:
        """The shares table (:func:`spending.share_pivot`). For years of one country's series, the
        whole series' pivot is made once and its rows of those years taken (one row a year)."""
        if one is not None:
            if one not in self._pivots:
                self._pivots[one] = _pivot_json(spending.share_pivot([r.record for r in one.rows]))
            title, columns, cells = self._pivots[one]
            chosen = [c for year, c in cells if (low is None or year >= low) and (high is None or year <= high)]
            if chosen:
                return {"title": title, "columns": columns, "rows": chosen}
        pivot = spending.share_pivot([r.record for r in rows])
        if pivot is None:
            return None
        title, columns, cells = _pivot_json(pivot)
        return {"title": title, "columns": columns, "rows": [c for _, c in cells]}

    def _json(self, parameters: dict, rows: list[_Row], nato: bool, shares: dict | None) -> bytes:
        """The document's JSON, in the order and shape of :meth:`Document.to_dict`."""
        import orjson

        tables = {"spending": {"title": self.table_title, "columns": self.columns, "rows": _fragments(rows)}}
        if shares is not None:
            tables["shares"] = shares
        used = set(self.column_marks).union(*(r.marks for r in rows))
        document = {
            "kind": "spending",
            "title": self.title,
            "parameters": parameters,
            "tables": tables,
            "sources": self._sources_of(tuple(sorted({r.dataset for r in rows}))),
            "editions": self._editions_of(rows),
            "marks": {m: {"symbol": MARKS[m].symbol, "meaning": MARKS[m].meaning} for m in MARKS if m in used},
            "caveats": [self.caveat] if self.caveat and nato else [],
            "notes": self.notes,
        }
        return orjson.dumps(document, option=orjson.OPT_NON_STR_KEYS)

    def _sources_of(self, datasets: tuple[str, ...]) -> list[dict]:
        if datasets not in self._sources:
            from nato3.store.sources import sources

            self._sources[datasets] = [s.to_dict() for s in sources(*datasets, "countries")]
        return self._sources[datasets]

    def _editions_of(self, rows: list[_Row]) -> list[dict]:
        key = (frozenset(r.edition for r in rows if r.source == "nato"), any(r.source == "sipri" for r in rows))
        if key not in self._editions:
            self._editions[key] = [e.to_dict() for e in spending.edition_uses(*key)]
        return self._editions[key]


def _pivot_json(pivot) -> tuple[str, list[dict], list[tuple[int, Any]]]:
    """A shares table's title, columns as JSON values, and rows (year, stored JSON) in the shape of
    ``Table.records()``: the columns in order, then ``marks``."""
    import orjson

    title, columns, cells = pivot
    names = [c.name for c in columns]
    rows = [
        (cell["year"], orjson.Fragment(orjson.dumps({**{n: cell.get(n) for n in names}, "marks": cell["marks"]})))
        for cell in cells
    ]
    return title, [c.to_dict() for c in columns], rows


def _fragments(rows: list[_Row]) -> list:
    """Each row's stored JSON, for orjson to copy rather than encode again."""
    import orjson

    return [orjson.Fragment(r.json) for r in rows]


@data_cache(maxsize=1)
def index() -> SpendingIndex:
    """The index of this data generation (built on first use; emptied when the data change)."""
    from nato3.documents import build

    every = [c for c, (_, kind) in common.countries().items() if kind in ("ally", "aggregate")]
    return SpendingIndex(build("spending", iso3=every))
