"""The table document: the rows of any stored table or view, filtered, with its columns declared
from the descriptor's fields (type, unit, description) and its estimates marked.

Rendered by ``nato3 data show TABLE``. ``nato3.load`` and ``nato3 data export`` read the same rows
through the same reader (:func:`nato3.store.tables.read`), with the values exactly as stored; this
document adds the country names rows are sorted by and the marks.
"""

from __future__ import annotations

from nato3.documents import data_common as common
from nato3.documents.model import Document, EditionUse, Table
from nato3.documents.table_columns import declare
from nato3.errors import Nato3Error
from nato3.store.sources import sources


def build(
    name: str,
    iso3: str | list[str] | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
    limit: int | None = None,
) -> Document:
    """The rows of table or view ``name`` for ``iso3`` (allies or NATO's aggregates), the years
    ``from_year``–``to_year`` and ``edition`` (tables with an edition column), sorted by country
    name, edition and year; only the first ``limit`` rows when given (0 or None: all).

    Raises:
        Nato3Error: naming its parameter: unknown table (``name``), code, a filter the table
            does not have, an inverted range or a year outside the table's years.
    """
    from nato3.store import tables

    tables.check(name)
    codes = common.check_codes(iso3) or None
    if limit is not None and int(limit) < 0:
        raise Nato3Error(f"limit {limit} is negative; allowed: 0 (all rows) or more", parameter="limit")
    filters = {"iso3": codes, "from_year": from_year, "to_year": to_year, "edition": edition}
    filters = {k: v for k, v in filters.items() if v is not None}
    frame = tables.read(name, **filters)
    tables.check_years(name, frame, **filters)
    total = len(frame)
    if "iso3" in frame.columns:
        if "country" not in frame.columns and "name" not in frame.columns:
            frame.insert(0, "country", [common.name_of(c) for c in frame["iso3"]])
        then = [c for c in ("edition", "year", "group_id") if c in frame.columns]
        frame = common.sort_key(frame, then, descending=("edition",))
    frame = frame.reset_index(drop=True)
    shown = frame.head(int(limit)) if limit else frame
    shown = shown.copy()
    columns = declare(name, shown)
    shown["marks"] = _marks(shown, columns)
    notes = []
    if len(shown) < total:
        notes.append(f"The first {len(shown)} of {total} rows (a limit of 0 shows every row).")
    datasets = _datasets(name, frame)
    return Document(
        kind="table",
        title=name,
        parameters={
            "name": name,
            "iso3": codes,
            "from_year": None if from_year is None else int(from_year),
            "to_year": None if to_year is None else int(to_year),
            "edition": None if edition is None else str(edition),
            "limit": int(limit) if limit else None,
        },
        tables={"rows": Table("rows", f"{name}: {total:,} rows", columns, shown)},
        sources=sources(*datasets, *(["countries"] if "iso3" in frame.columns else [])),
        editions=_editions(name, frame),
        caveats=_caveats(name, frame, datasets),
        notes=notes,
    )


def _marks(frame, columns) -> list[dict]:
    """NATO's ``e`` on every figure of the row; SIPRI's estimate flag on the figure it flags."""
    figures = [c.name for c in columns if c.kind == "number"]
    marks = common.row_marks(frame, figures)
    for c in frame.columns:
        flag = f"{c}_sipri_flag"
        if flag in frame.columns:
            for m, value, present in zip(marks, frame[flag], frame[c].notna(), strict=True):
                if value == "estimate" and present:
                    m[c] = ("estimate",)
    return marks


def _datasets(name: str, frame) -> list[str]:
    """The stored tables behind the rows (a view's datasets)."""
    if "datasets" in frame.columns:
        return sorted({d for joined in frame["datasets"].dropna() for d in str(joined).split(";")})
    if "dataset" in frame.columns:
        return sorted(set(frame["dataset"].dropna()))
    return ["groups"] if name == "country_groups" else [name]


def _editions(name: str, frame) -> list[EditionUse]:
    """The NATO editions (and the SIPRI release) the rows come from."""
    if name == "sipri_series" and len(frame):
        return [common.sipri_use("SIPRI's release in effect (an imported release supersedes the bundled table)")]
    if name != "nato_series" or "edition" not in frame.columns:
        return []
    from nato3.standing.editions import get_edition

    labels = sorted(set(frame["edition"]), reverse=True)
    return [common.nato_use(get_edition(label), "an edition of the rows shown, kept apart") for label in labels]


def _caveats(name: str, frame, datasets: list[str]) -> list[str]:
    out = []
    if "definition" in frame.columns and frame["definition"].nunique() > 1:
        note = common.core_break_note()
        if note:
            out.append(note)
    return out
