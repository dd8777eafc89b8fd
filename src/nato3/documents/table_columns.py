"""The declared columns of any stored table or view, for the ``table`` document: each stored
table's from its descriptor's fields (type, unit, description), the views' from the harmonised
names they define.

What a person needs first stays in narrow terminals (the row's name, year, edition, the first
figures); flags that become marks (NATO's ``e``, SIPRI's estimate flags) and the file mechanics
(dataset names, addresses) are for programs only.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nato3.documents.model import Column

if TYPE_CHECKING:
    import pandas as pd

# The harmonised columns of nato_series: label, unit, priority, description.
NATO_SERIES = {
    "edition": ("Edition", None, 0, "NATO edition (vintage) of the row"),
    "definition": ("Definition", None, 1, "total defence expenditure, or core (the Hague definition, 2026 edition on)"),
    "price_base_year": ("Prices", None, 4, "Base year of the edition's constant prices"),
    "defence_share_gdp_pct": ("% of GDP", "% of GDP", 0, "Defence expenditure as a share of real GDP"),
    "defence_exp_real_change_pct": ("Real change %", "%", 1, "Annual real change of defence expenditure"),
    "defence_exp_musd_current": ("Spending, US$ m", "million US$, current prices", 5, "Defence expenditure"),
    "defence_exp_musd_const": ("Spending, const. US$ m", "million US$, constant prices", 3, "Defence expenditure"),
    "gdp_musd_current": ("GDP, US$ m", "million US$, current prices", 7, "Gross domestic product"),
    "gdp_musd_const": ("GDP, const. US$ m", "million US$, constant prices", 6, "Gross domestic product"),
    "gdp_per_capita_kusd_const": ("GDP a head, US$ k", "thousand US$, constant prices", 8, "GDP per capita"),
    "defence_exp_per_capita_usd_const": ("Spending a head, US$", "US$, constant prices", 8, "Defence per capita"),
    "military_personnel_thousands": ("Personnel, k", "thousands", 7, "Military personnel"),
    "equipment_share_pct": ("Equipment %", "% of defence expenditure", 2, "Major equipment and related R&D"),
    "personnel_share_pct": ("Personnel %", "% of defence expenditure", 4, "Personnel expenditure"),
    "infrastructure_share_pct": ("Infrastructure %", "% of defence expenditure", 5, "Infrastructure expenditure"),
    "other_share_pct": ("Other %", "% of defence expenditure", 5, "Other expenditure"),
    "national_2pct_commitment": ("National 2 % commitment", None, 9, "NATO's * mark in Table 3"),
}
# Always shown: what names a row.
LEADING = {"country": 0, "name": 0, "year": 0, "edition": 0}
# For programs only: flags that become marks, file mechanics, addresses.
PROGRAM_ONLY = {"dataset", "datasets", "source_ref", "is_estimate", "published", "cutoff", "iso3_parent"}
LONG_TEXT = ("url", "notes", "note", "source_title", "description", "quote")


def declare(table: str, frame: pd.DataFrame) -> list[Column]:
    """One column per column of ``frame`` (read from ``table``), in the frame's order: what names a
    row (its key, name, date, year) always shown, then the figures in order, then other text."""
    fields, key = _fields(table)
    out: list[Column] = []
    figures = 0
    for name in frame.columns:
        field = fields.get(name, {})
        kind = _kind(name, field.get("type"), frame[name])
        if name in NATO_SERIES and table == "nato_series":
            label, unit, priority, description = NATO_SERIES[name]
        else:
            label, unit, description = name.replace("_", " "), field.get("unit"), field.get("description")
            if name in LEADING or name in key or name == "date":
                priority = 0
            elif kind in ("number", "integer"):
                figures += 1
                priority = figures
            elif any(part in name for part in LONG_TEXT):
                priority = 20
            else:
                priority = 10
        display = name not in PROGRAM_ONLY and not name.endswith("_sipri_flag")
        if name == "iso3":
            priority = 0 if not {"country", "name"} & set(frame.columns) else 12
        out.append(
            Column(
                name,
                name.capitalize() if name in LEADING else label,
                unit,
                kind=kind,
                digits=_digits(frame[name]) if kind == "number" else 2,
                priority=priority,
                description=description or None,
                display=display,
            )
        )
    return out


def _kind(name: str, declared: str | None, values) -> str:
    numeric = declared in ("integer", "number") or (declared is None and values.dtype.kind in "iuf")
    if name == "year" or (name.endswith("_year") and numeric):
        return "year"
    if declared == "integer" or (declared is None and values.dtype.kind in "iu"):
        return "integer"
    if declared == "number" or (declared is None and values.dtype.kind == "f"):
        return "number"
    if declared == "boolean" or values.dtype.kind == "b":
        return "flag"
    return "text"


def _digits(values) -> int:
    """Two decimals for shares and small figures, none for money in millions."""
    known = values.dropna().abs()
    return 0 if len(known) and known.max() >= 1000 else 2


def _fields(table: str) -> tuple[dict[str, dict], set[str]]:
    """Column name → descriptor field of ``table`` (views: of the tables behind them), and the
    columns of its primary key."""
    from nato3.store.database import query

    if table == "sipri_series":
        found = query("SELECT descriptor FROM _resources WHERE name IN (SELECT DISTINCT dataset FROM sipri_series)")
    elif table in ("nato_series", "country_groups"):
        return {}, set()
    else:
        found = query("SELECT descriptor FROM _resources WHERE name = ?", [table])
    out, key = {}, set()
    for text in found["descriptor"]:
        descriptor = json.loads(text)
        key |= set(descriptor.get("primaryKey") or [])
        for f in descriptor.get("fields", []):
            name = f["name"]
            if table == "sipri_series" and name.startswith("milex_musd_const"):
                name = "milex_musd_const" + name[len("milex_musd_const") + 4 :]
            out[name] = f
    return out, key
