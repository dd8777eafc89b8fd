"""Import a publisher's workbook: read it, validate it, compare it with what is loaded, commit it.

``prepare`` does everything that can fail on the file (open, detect NATO or SIPRI, parse,
validate against the schema) and computes the diff, without writing anything. ``commit``
(:mod:`nato3.imports.commit`) then makes the new tables part of the data in one atomic step.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato3 import paths
from nato3.errors import DataValidationError, Nato3Error
from nato3.imports import descriptors
from nato3.imports.diff import Diff, diff, typed_rows
from nato3.imports.workbook import WorkbookError, open_workbook

KINDS = ("nato", "sipri")
EDITION_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
NATO_FILE_DATE = re.compile(r"^(?P<y>\d{2})(?P<m>\d{2})(?P<d>\d{2})-")


@dataclass
class Prepared:
    """A read and validated workbook, ready to commit: its tables and their diffs."""

    file: Path
    kind: str
    source: descriptors.Source
    datasets: list[descriptors.Dataset]
    diffs: list[Diff]
    detected: dict[str, Any] = field(default_factory=dict)
    committed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.source.file,
            "sha256": self.source.sha256,
            "kind": self.kind,
            "detected": self.detected,
            "datasets": [
                {"name": d.name, "edition": d.edition, "rows": d.descriptor["rows"], "diff": x.to_json()}
                for d, x in zip(self.datasets, self.diffs, strict=True)
            ],
            "committed": self.committed,
        }


def _countries() -> dict[str, str]:
    with open(paths.REFERENCE_DIR / "countries.csv", encoding="utf-8", newline="") as fh:
        return {r["iso3"]: r["kind"] for r in csv.DictReader(fh)}


def _published(path: Path, wb, kind: str) -> tuple[str | None, str]:
    """The publication date: NATO's file names start with it (``240617-…``); else the workbook's
    creation date from its document properties."""
    m = NATO_FILE_DATE.match(path.name)
    if kind == "nato" and m:
        return f"20{m['y']}-{m['m']}-{m['d']}", "file name (NATO names its files YYMMDD-…)"
    created = getattr(wb.properties, "created", None)
    if created:
        return created.date().isoformat(), "workbook's document properties (creation date)"
    return None, "nowhere: no date in the file name or the document properties"


def detect(wb, file: str, as_: str | None) -> str:
    """``nato`` or ``sipri``: ``as_`` if given (checked), else what the workbook's titles say.

    Raises:
        WorkbookError: neither layout is recognised, or it contradicts ``as_``.
    """
    from nato3.imports.nato_locate import looks_like_nato
    from nato3.imports.sipri_workbook import looks_like_sipri

    found = [k for k, test in (("nato", looks_like_nato), ("sipri", looks_like_sipri)) if test(wb)]
    sheets = ", ".join(repr(ws.title) for ws in wb.worksheets)
    if as_ is not None:
        if as_ not in found:
            expected = (
                "a sheet titled like 'Table 3 : Defence expenditure as a share of GDP'"
                if as_ == "nato"
                else "a sheet whose cell A1 reads 'Military expenditure by country as percentage of GDP …'"
            )
            raise WorkbookError(
                file, f"does not look like a {as_.upper()} workbook: expected {expected}; sheets: {sheets}"
            )
        return as_
    if len(found) != 1:
        raise WorkbookError(
            file,
            "is neither NATO's 'Defence Expenditure of NATO Countries' workbook (sheets titled 'Table 1 : …') "
            f"nor SIPRI's Milex workbook (a 'Share of GDP' sheet); sheets: {sheets}. Use --as nato|sipri to say which",
        )
    return found[0]


def _bundled_edition(label: str, definition: str) -> dict:
    """The bundled descriptor of the same NATO edition and definition, if nato3 ships one: its
    publication date and data cut-off are NATO's, which the workbook itself does not state."""
    from nato3.store.resources import bundled_resources
    from nato3.store.views import NATO_KIND, definition_of

    for r in bundled_resources():
        if r.kind == NATO_KIND and r.edition == label and definition_of(r.descriptor) == definition:
            return r.descriptor
    return {}


def _nato_caveats(parsed) -> list[str]:
    from nato3.imports.nato_tables import TABLES
    from nato3.store.views import DEFINITIONS

    est = ", ".join(f"{y}e" for y in parsed.estimate_years) or "none"
    caveats = [
        f"Figures for {est} are NATO estimates (is_estimate = e).",
        f"Definition: {DEFINITIONS[parsed.definition]}, as the tables' titles say; never compared across a "
        "change of definition.",
        f"Constant-price columns are in {parsed.price_base_year} prices; editions with another price base "
        "are not comparable row for row in money terms.",
    ]
    if parsed.missing_tables:
        names = ", ".join(f"Table {s.key} ({s.title.strip('^$()?')})" for s in TABLES if s.key in parsed.missing_tables)
        caveats.append(f"Not in the workbook, so empty here: {names}.")
    if any(r["iso3"] == "ISL" for r in parsed.table.rows):
        caveats.append("Iceland has GDP columns only: NATO publishes no defence figures for Iceland.")
    if parsed.footnotes.get("*") and "footnote_star" in parsed.table.columns:
        caveats.append(f"'*' in footnote_star is NATO's footnote: {parsed.footnotes['*']}")
    caveats.append("Imported from the publisher's workbook by nato3; values kept at the precision stored in the file.")
    return caveats


def _nato_datasets(wb, path, source, edition, published) -> tuple[list[descriptors.Dataset], dict]:
    from nato3.imports.nato_workbook import parse_nato

    parsed = parse_nato(wb, path)
    label = edition or parsed.edition
    detected = {
        "publisher": "NATO",
        "edition": parsed.edition,
        "definition": parsed.definition,
        "price_base_year": parsed.price_base_year,
        "years": [parsed.first_year, parsed.last_year],
        "estimate_years": parsed.estimate_years,
        "tables": parsed.tables,
        "missing_tables": parsed.missing_tables,
        "footnotes": parsed.footnotes,
    }
    bundled = _bundled_edition(label, parsed.definition)
    if bundled.get("published") and not NATO_FILE_DATE.match(Path(path).name):
        published = (bundled["published"], f"bundled descriptor of NATO's {label} edition ({bundled['name']})")
    which = "all tables" if not parsed.missing_tables else "Tables " + ", ".join(parsed.tables)
    d = descriptors.build(
        "nato_expenditure",
        label,
        parsed.table.to_csv(),
        len(parsed.table.rows),
        source,
        title=f"Defence Expenditure of NATO Countries ({parsed.first_year}-{parsed.last_year}), {which}",
        published=published[0],
        published_from=published[1],
        price_base_year=parsed.price_base_year,
        years=(parsed.first_year, parsed.last_year),
        detected=detected,
        edition_from="--edition" if edition else "the newest year in the tables",
        caveats=_nato_caveats(parsed),
        definition=parsed.definition,
        data_cutoff=bundled.get("data_cutoff"),
        footnotes=parsed.footnotes,
        columns=parsed.table.columns,
    )
    return [d], detected


def _sipri_datasets(wb, path, source, edition, published) -> tuple[list[descriptors.Dataset], dict]:
    from nato3.imports.sipri_workbook import parse_sipri

    parsed = parse_sipri(wb, path)
    label = edition or parsed.edition
    detected = {
        "publisher": "SIPRI",
        "edition": parsed.edition,
        "price_base_year": parsed.price_base_year,
        "years": [parsed.first_year, parsed.last_year],
        "sheets": parsed.sheets,
    }
    common = dict(
        published=published[0],
        published_from=published[1],
        detected=detected,
        edition_from="--edition" if edition else "the last year in the titles + 1 (SIPRI releases each April)",
    )
    years = (parsed.first_year, parsed.last_year)
    milex = descriptors.build(
        "sipri_milex",
        label,
        parsed.milex.to_csv(),
        len(parsed.milex.rows),
        source,
        title=f"SIPRI Military Expenditure Database {parsed.first_year}-{parsed.last_year}, NATO allies",
        price_base_year=parsed.price_base_year,
        years=years,
        caveats=[
            "Blank where SIPRI has '. .' or where the country did not exist ('xxx').",
            "Blue figures in the workbook are SIPRI estimates (flag 'estimate'); "
            "red are highly uncertain ('uncertain').",
            "SIPRI's definition, calendar years and GDP data differ from NATO's, so shares differ from NATO's tables.",
        ],
        **common,
    )
    notes = descriptors.build(
        "sipri_country_notes",
        label,
        parsed.notes.to_csv(),
        len(parsed.notes.rows),
        source,
        title=f"SIPRI Military Expenditure Database {parsed.first_year}-{parsed.last_year}: "
        "fiscal years and footnotes for the NATO allies",
        price_base_year=None,
        years=years,
        caveats=["The marks apply to a country's whole series; a numbered footnote may concern only some years."],
        **common,
    )
    return [milex, notes], detected


def prepare(
    path: Path | str,
    as_: str | None = None,
    edition: str | None = None,
    address: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Prepared:
    """Read, validate and diff ``path`` without changing anything.

    Raises:
        Nato3Error: bad ``as_`` or ``edition``.
        WorkbookError: the file cannot be read or is not a complete NATO/SIPRI workbook.
    """
    say = progress or (lambda _message: None)
    path = Path(path).expanduser()
    if as_ is not None and as_ not in KINDS:
        raise Nato3Error(f"unknown --as {as_!r}; allowed: {', '.join(KINDS)}")
    if edition is not None and not EDITION_LABEL.fullmatch(edition):
        raise Nato3Error(f"bad --edition {edition!r}; use letters, digits, '.', '_' or '-' (e.g. 2025)")
    say("reading")
    wb = open_workbook(path)
    kind = detect(wb, path.name, as_)
    source = descriptors.Source.of(path, address)
    published = _published(path, wb, kind)
    build = _nato_datasets if kind == "nato" else _sipri_datasets
    datasets, detected = build(wb, path, source, edition, published)
    detected["published"] = published[0]
    say("comparing")
    countries = _countries()
    diffs = []
    for d in datasets:
        try:
            rows = typed_rows(d, countries)
        except DataValidationError as exc:
            raise WorkbookError(path.name, f"the table read from it breaks nato3's schema: {exc}") from None
        diffs.append(diff(d, rows))
    return Prepared(path, kind, source, datasets, diffs, detected)


def run(prepared: Prepared, progress: Callable[[str], None] | None = None) -> Prepared:
    """Commit a prepared import (see :func:`nato3.imports.commit.commit`)."""
    from nato3.imports.commit import commit

    commit(prepared.datasets, progress)
    prepared.committed = True
    return prepared
