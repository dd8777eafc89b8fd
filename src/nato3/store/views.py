"""The harmonised series every analysis reads, derived from the stored tables when the database
is built.

They are written as tables, not views: the database is rebuilt whenever its data changes, and a
view of every NATO edition cost each query ~10 ms of planning (a ``count(*)`` on the table:
under 1 ms). Nothing in them is filled in: they rename and stack what the stored tables hold.

``nato_series`` stacks every edition of NATO's tables into one shape keyed by
(edition, iso3, year), renaming price-base-specific columns (``*_const2015``) to neutral ones
(``*_const``) with the price base in its own column. Each descriptor's ``harmonised`` map says
which of its columns feed which harmonised column; columns an edition lacks are NULL, never
filled from another edition.

Every row also says what its edition measures: the ``definition`` (``total`` defence expenditure
up to the 2025 edition, ``core`` defence expenditure — the Hague definition — from the 2026
edition), the price base year, the publication date and the data cut-off. An edition may come in
several bundled tables (the 2025 edition's share of GDP and its real change); they are joined on
(iso3, year) and must agree on that metadata.

``sipri_series`` is SIPRI's newest release in the store (see :func:`sipri_in_effect`), with its
constant-price columns renamed the same way (``milex_musd_const2023`` → ``milex_musd_const``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nato3.errors import DataValidationError
from nato3.store.resources import Resource

NATO_KIND = "nato_expenditure"
DEFINITIONS = {
    "total": "total defence expenditure (NATO's definition before the 2026 edition)",
    "core": "core defence expenditure (the Hague definition, NATO editions from 2026)",
}
FIRST_CORE_EDITION = 2026  # NATO's first edition on the Hague 'core defence' basis

# Harmonised NATO columns, in order, with their SQL type.
NATO_COLUMNS: dict[str, str] = {
    "is_estimate": "BOOLEAN",
    "national_2pct_commitment": "BOOLEAN",
    "defence_share_gdp_pct": "DOUBLE",
    "defence_exp_real_change_pct": "DOUBLE",
    "defence_exp_musd_current": "DOUBLE",
    "defence_exp_musd_const": "DOUBLE",
    "gdp_musd_current": "DOUBLE",
    "gdp_musd_const": "DOUBLE",
    "gdp_per_capita_kusd_const": "DOUBLE",
    "defence_exp_per_capita_usd_const": "DOUBLE",
    "military_personnel_thousands": "DOUBLE",
    "equipment_share_pct": "DOUBLE",
    "personnel_share_pct": "DOUBLE",
    "infrastructure_share_pct": "DOUBLE",
    "other_share_pct": "DOUBLE",
    "source_ref": "VARCHAR",  # where a value came from, when the dataset names it per row
}
# Flags stored as a marker character in the published tables.
FLAG_MARKERS = {"is_estimate": "e", "national_2pct_commitment": "*"}
# What every row says about its edition, from the descriptors (in this order, before iso3/year).
EDITION_COLUMNS = ("edition", "definition", "price_base_year", "published", "cutoff", "dataset", "datasets")


def _quote(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def definition_of(descriptor: dict) -> str:
    """``total`` or ``core``: the descriptor's ``definition``, else (tables imported by an older
    nato3) what NATO used for that edition — core from the 2026 edition on."""
    if descriptor.get("definition") in DEFINITIONS:
        return descriptor["definition"]
    year = re.match(r"\d{4}", str(descriptor.get("edition") or ""))
    return "core" if year and int(year.group()) >= FIRST_CORE_EDITION else "total"


def edition_metadata(descriptor: dict) -> dict:
    """Definition, price base, publication date and data cut-off of a NATO table's edition."""
    return {
        "definition": definition_of(descriptor),
        "price_base_year": descriptor.get("price_base_year"),
        "published": descriptor.get("published") or "",
        "cutoff": descriptor.get("data_cutoff"),
    }


def _check_agree(edition: str, group: Sequence[Resource]) -> dict:
    meta = edition_metadata(group[0].descriptor)
    for r in group[1:]:
        other = edition_metadata(r.descriptor)
        for key, value in meta.items():
            if other[key] is not None and value is not None and other[key] != value:
                raise DataValidationError(
                    r.descriptor_path.name,
                    None,
                    key,
                    f"edition {edition}: {other[key]!r} here but {value!r} in {group[0].descriptor_path.name}; "
                    "tables of one edition must agree",
                )
            if value is None:
                meta[key] = other[key]
    return meta


def _column_expr(name: str, sql_type: str, sources: list[tuple[int, str]]) -> str:
    if not sources:
        return f"CAST(NULL AS {sql_type})"
    if name in FLAG_MARKERS:
        marker = _quote(FLAG_MARKERS[name])
        return "coalesce(" + ", ".join(f't{i}."{src}" = {marker}' for i, src in sources) + ", false)"
    parts = [f't{i}."{src}"' for i, src in sources]
    return f"CAST({parts[0] if len(parts) == 1 else 'coalesce(' + ', '.join(parts) + ')'} AS {sql_type})"


def _nato_select(edition: str, group: Sequence[Resource]) -> str:
    """One edition's rows: its tables joined on (iso3, year), harmonised, with the edition's metadata."""
    meta = _check_agree(edition, group)
    base = meta["price_base_year"]
    cols = [
        f"{_quote(edition)} AS edition",
        f"{_quote(meta['definition'])} AS definition",
        f"CAST({int(base) if base is not None else 'NULL'} AS INTEGER) AS price_base_year",
        f"{_quote(meta['published'])} AS published",
        f"CAST({_quote(meta['cutoff']) if meta['cutoff'] else 'NULL'} AS VARCHAR) AS cutoff",
        f"{_quote(group[0].name)} AS dataset",
        f"{_quote(';'.join(r.name for r in group))} AS datasets",
        "k.iso3",
        "k.year",
    ]
    for name, sql_type in NATO_COLUMNS.items():
        sources = [
            (i, src)
            for i, r in enumerate(group)
            for src, target in r.descriptor.get("harmonised", {}).items()
            if target == name
        ]
        cols.append(f"{_column_expr(name, sql_type, sources)} AS {name}")
    keys = " UNION ".join(f'SELECT iso3, year FROM "{r.name}"' for r in group)
    joins = " ".join(
        f'LEFT JOIN "{r.name}" t{i} ON t{i}.iso3 = k.iso3 AND t{i}.year = k.year' for i, r in enumerate(group)
    )
    return f"SELECT {', '.join(cols)} FROM ({keys}) k {joins}"


def _leads(r: Resource) -> tuple:
    """Sort key: the table with the edition's share of GDP first (it names the edition's dataset)."""
    return ("defence_share_gdp_pct" not in r.descriptor.get("harmonised", {}).values(), r.name)


def in_effect(resources: Sequence[Resource]) -> dict[str, list[Resource]]:
    """The NATO tables that make up each edition. An imported edition supersedes every bundled
    table with the same label (``nato3 data import`` of NATO's full 2025 workbook replaces the
    bundled Table 3 extracts); otherwise all bundled tables of the edition are joined."""
    groups: dict[str, list[Resource]] = {}
    for r in resources:
        if r.kind == NATO_KIND:
            groups.setdefault(str(r.edition), []).append(r)
    chosen = {}
    for edition, group in groups.items():
        imported = [r for r in group if "imported" in r.descriptor]
        chosen[edition] = sorted(imported[-1:] or group, key=_leads)
    return chosen


def create_series(con, resources: Sequence[Resource]) -> None:
    """Write ``nato_series``, ``sipri_series`` and ``country_groups`` in an open, writable connection.

    Raises:
        DataValidationError: two tables of one edition disagree on its definition, price base,
            publication date or cut-off.
    """
    nato = in_effect(resources)
    con.execute("CREATE TABLE nato_series AS " + " UNION ALL ".join(_nato_select(e, g) for e, g in nato.items()))
    create_sipri_series(con, resources)
    con.execute(
        "CREATE TABLE country_groups AS SELECT group_id, unnest(string_split(members, ';')) AS iso3 FROM groups"
    )


# --- SIPRI: the release in effect, as one table (sipri_series) ---------------------------------

SIPRI_KIND = "sipri_milex"
_SIPRI_CONST = re.compile(r"(?<=^milex_musd_const)\d{4}(?=$|_)")


def sipri_in_effect(resources: Sequence[Resource]) -> Resource | None:
    """SIPRI's newest release: the highest edition label; an imported table supersedes a bundled
    one of the same edition (``nato3 data import`` of SIPRI's workbook). None if none is loaded."""
    pool = [r for r in resources if r.kind == SIPRI_KIND]
    return max(pool, key=lambda r: (str(r.edition), "imported" in r.descriptor), default=None)


def _sipri_select(r: Resource) -> str:
    cols = [
        f"{_quote(r.edition)} AS edition",
        f"CAST({r.descriptor.get('price_base_year') or 'NULL'} AS INTEGER) AS price_base_year",
        f"{_quote(r.descriptor.get('published', ''))} AS published",
        f"{_quote(r.name)} AS dataset",
    ]
    cols += [f'"{f.name}" AS {_SIPRI_CONST.sub("", f.name)}' for f in r.fields]
    return f'SELECT {", ".join(cols)} FROM "{r.name}"'


def create_sipri_series(con, resources: Sequence[Resource]) -> None:
    """``sipri_series``: every row of the SIPRI release in effect, constant-price columns named
    ``milex_musd_const*`` with the price base in ``price_base_year``. Every analysis reads SIPRI
    through it, so an imported release is used everywhere at once."""
    chosen = sipri_in_effect(resources)
    if chosen is not None:
        con.execute("CREATE TABLE sipri_series AS " + _sipri_select(chosen))
