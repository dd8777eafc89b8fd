"""Views that harmonise the stored tables without copying them.

``nato_series`` stacks every edition of NATO's tables into one shape keyed by
(edition, iso3, year), renaming price-base-specific columns (``*_const2015``) to neutral ones
(``*_const``) with the price base in its own column. Each descriptor's ``harmonised`` map says
which of its columns feed which harmonised column; columns an edition lacks are NULL, never
filled from another edition.

``sipri_series`` is SIPRI's newest release in the store (see :func:`sipri_in_effect`), with its
constant-price columns renamed the same way (``milex_musd_const2023`` → ``milex_musd_const``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nato3.store.resources import Resource

NATO_KIND = "nato_expenditure"

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


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _nato_select(r: Resource) -> str:
    source_of = {target: source for source, target in r.descriptor.get("harmonised", {}).items()}
    cols = [
        f"{_quote(r.edition)} AS edition",
        f"CAST({r.descriptor.get('price_base_year') or 'NULL'} AS INTEGER) AS price_base_year",
        f"{_quote(r.descriptor.get('published', ''))} AS published",
        f"{_quote(r.name)} AS dataset",
        "iso3",
        "year",
    ]
    for name, sql_type in NATO_COLUMNS.items():
        src = source_of.get(name)
        if src is None:
            expr = f"CAST(NULL AS {sql_type})"
        elif name in FLAG_MARKERS:
            expr = f'coalesce("{src}" = {_quote(FLAG_MARKERS[name])}, false)'
        else:
            expr = f'CAST("{src}" AS {sql_type})'
        cols.append(f"{expr} AS {name}")
    return f'SELECT {", ".join(cols)} FROM "{r.name}"'


def in_effect(resources: Sequence[Resource]) -> list[Resource]:
    """One NATO resource per edition: an imported edition supersedes a bundled one with the same
    label (``nato3 data import`` of NATO's full 2025 workbook replaces the bundled Table 3 extract)."""
    chosen: dict[str | None, Resource] = {}
    for r in resources:
        if r.kind == NATO_KIND and (r.edition not in chosen or "imported" in r.descriptor):
            chosen[r.edition] = r
    return list(chosen.values())


def create_views(con, resources: Sequence[Resource]) -> None:
    """Create ``nato_series``, ``sipri_series`` and ``country_groups`` in an open, writable connection."""
    nato = in_effect(resources)
    con.execute("CREATE VIEW nato_series AS " + " UNION ALL ".join(_nato_select(r) for r in nato))
    create_sipri_series(con, resources)
    con.execute("CREATE VIEW country_groups AS SELECT group_id, unnest(string_split(members, ';')) AS iso3 FROM groups")


# --- SIPRI: the release in effect, as one view (sipri_series) ---------------------------------

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
        con.execute("CREATE VIEW sipri_series AS " + _sipri_select(chosen))
