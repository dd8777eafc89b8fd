"""What each table of NATO's "Defence Expenditure of NATO Countries" workbook holds.

A table is recognised by its number and title (after "Table N :") and the unit line under it;
its blocks by their titles; each block becomes one column of nato3's tidy table. Columns in
constant prices carry the price base read from the workbook (``{base}`` → ``2015``). Table 4 is
not read: it repeats Tables 2 and 3. Titles hold both of NATO's definitions: "Defence
expenditure" up to the 2025 edition, "Core defence expenditure" from the 2026 edition. When NATO
changes a title, this is the one place to teach nato3.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE = "{base}"


@dataclass(frozen=True)
class TableSpec:
    """What one NATO table holds: title and unit patterns and its blocks (title pattern → column)."""

    key: str
    title: str
    unit: str
    blocks: tuple[tuple[str, str], ...]
    flags: bool = False  # the '*' national-commitment flag is read from these tables
    currency: bool = False  # row labels carry the national currency in brackets


TABLES = (
    TableSpec(
        "1",
        r"^(core )?defence expenditure$",
        r"million national currency",
        (
            (r"^current prices$", "defence_exp_mnc_current"),
            (r"^constant \d{4} prices$", "defence_exp_mnc_const" + BASE),
        ),
        flags=True,
        currency=True,
    ),
    TableSpec(
        "2",
        r"^(core )?defence expenditure$",
        r"million us dollars",
        (
            (r"^current prices and exchange rates$", "defence_exp_musd_current"),
            (r"^constant \d{4} prices and exchange rates$", "defence_exp_musd_const" + BASE),
        ),
        flags=True,
    ),
    TableSpec(
        "3",
        r"share of gdp",
        r"\d{4} prices",
        (
            (r"^share of real gdp \(%\)$", "defence_share_real_gdp_pct"),
            (r"^annual real change \(%\)$", "defence_exp_real_change_pct"),
        ),
        flags=True,
    ),
    TableSpec(
        "5",
        r"^gdp$",
        r"million us dollars",
        (
            (r"^current prices and exchange rates$", "gdp_musd_current"),
            (r"^constant \d{4} prices and exchange rates$", "gdp_musd_const" + BASE),
        ),
    ),
    TableSpec(
        "6",
        r"^gdp per capita and (core )?defence expenditure per capita$",
        r"\d{4} prices",
        (
            (r"^gdp per capita \(thousand us dollars\)$", "gdp_per_capita_kusd_const" + BASE),
            (r"^(core )?defence expenditure per capita \(us dollars\)$", "defence_exp_per_capita_usd_const" + BASE),
        ),
    ),
    TableSpec("7", r"^military personnel$", r"^thousands$", ((r"", "military_personnel_thousands"),)),
    TableSpec(
        "8",
        r"^distribution of (core )?defence expenditure by main category$",
        r"percentage of total (core )?defence expenditure",
        (
            (r"^equipment \(a\)$", "equipment_share_of_defexp_pct"),
            (r"^personnel \(b\)$", "personnel_share_of_defexp_pct"),
            (r"^infrastructure \(c\)$", "infrastructure_share_of_defexp_pct"),
            (r"^other \(d\)$", "other_share_of_defexp_pct"),
        ),
    ),
)
# Tables whose title names the definition ("Defence expenditure" / "Core defence expenditure").
DEFINING = ("1", "2", "3", "8")
REQUIRED = ("3",)  # the share of GDP; the other tables are read when present
BREAKDOWN = (
    "equipment_share_of_defexp_pct",
    "personnel_share_of_defexp_pct",
    "infrastructure_share_of_defexp_pct",
    "other_share_of_defexp_pct",
)
FOOTNOTE_COLUMN = "footnote_star"  # a '*' whose footnote is not the 2 % national-commitment note
COLUMN_ORDER = [
    "iso3",
    "country",
    "year",
    "is_estimate",
    "national_2pct_commitment_flag",
    "national_currency",
    "defence_exp_mnc_current",
    "defence_exp_mnc_const" + BASE,
    "defence_exp_musd_current",
    "defence_exp_musd_const" + BASE,
    "defence_share_real_gdp_pct",
    "defence_exp_real_change_pct",
    "gdp_musd_current",
    "gdp_musd_const" + BASE,
    "gdp_per_capita_kusd_const" + BASE,
    "defence_exp_per_capita_usd_const" + BASE,
    "military_personnel_thousands",
    "equipment_share_of_defexp_pct",
    "personnel_share_of_defexp_pct",
    "infrastructure_share_of_defexp_pct",
    "other_share_of_defexp_pct",
]
