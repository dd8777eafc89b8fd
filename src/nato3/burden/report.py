"""One year of burden sharing (``nato3 burden``), as frames.

:func:`year_report` gathers, for one year and one source, the alliance's totals, every group's
and every ally's shares, the Olson–Zeckhauser test and the joint-product diagnostic, the
edition used, how derived figures were derived, and the tables behind them. The burden
document (:mod:`nato3.documents.burden`) is made from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from nato3.alliance.groups import Group
from nato3.alliance.membership import accession_year
from nato3.burden import exploitation, joint_product
from nato3.burden.analysis import load
from nato3.burden.choices import Prices, Source, as_prices, as_source, years_available
from nato3.burden.groups import alliance_and_group_totals, group_metrics, resolve_groups
from nato3.burden.metrics import alliance_metrics, ally_metrics, missing_figures
from nato3.burden.rows import derived, price_base, tables
from nato3.errors import Nato3Error


@dataclass
class YearReport:
    """One year of burden sharing as frames: what :mod:`nato3.documents.burden` turns into the
    document every face renders."""

    year: int
    source: Source
    edition: str
    prices: Prices
    price_base: str
    alliance: pd.DataFrame  # one row: the alliance's totals
    groups: pd.DataFrame
    allies: pd.DataFrame
    olson_zeckhauser: pd.DataFrame
    joint_product: pd.DataFrame
    tables: list[str]  # the store's tables the figures come from
    derived: dict[str, str]
    notes: list[str] = field(default_factory=list)  # groups left out, members who joined that year
    caveats: list[str] = field(default_factory=list)  # totals unknown because an ally lacks a figure


def default_year(source: Source | str, edition: str | None = None) -> int:
    """The newest year with spending in US$ for ``source`` (NATO: in ``edition`` or any edition)."""
    source = as_source(source)
    return years_available(source, None if source is Source.sipri else edition)[-1]


def year_report(
    year: int | None = None,
    source: Source | str = Source.nato,
    edition: str | None = None,
    groups: Sequence[str] | None = None,
    prices: Prices | str = Prices.constant,
) -> YearReport:
    """Everything ``nato3 burden`` shows for one year (see the module docstring).

    Without ``groups`` every built-in group is shown; with them, the United States and Europe
    and Canada plus each group given. Built-in groups with no ally in ``year`` are left out with
    a note. Allies are sorted by share of spending (largest first), then by name.

    Raises:
        Nato3Error: naming its parameter: unknown source, edition, group or member; empty group;
            a user-defined group none of whose members was an ally in ``year``; a year without data.
    """
    source, prices = as_source(source), as_prices(prices)
    chosen = resolve_groups(groups)  # checks group specs before any data is read
    year = default_year(source, edition) if year is None else int(year)
    loaded = load(source, year, year, edition, names=("year", "year"))
    # The alliance's totals, shared by the three measures below, and the groups' in the same pass.
    whole, parts = alliance_and_group_totals(loaded.rows, chosen)
    allies = loaded.within(ally_metrics(loaded.rows, prices, whole))
    grouped = loaded.within(group_metrics(loaded.rows, chosen, prices, whole, parts))
    alliance = loaded.within(alliance_metrics(loaded.rows, prices, whole))
    notes = _empty_groups(grouped, chosen, year)
    grouped = grouped[grouped["n_members"] > 0].reset_index(drop=True)
    grouped.insert(2, "members", grouped["group"].map({g.group_id: list(g.members) for g in chosen}))
    notes += _accession_notes(chosen, year, grouped)
    edition_used = str(allies["edition"].iloc[0])
    allies = allies.sort_values(["spending_share_pct", "country"], ascending=[False, True], na_position="last")
    return YearReport(
        year=year,
        source=source,
        edition=edition_used,
        prices=prices,
        price_base=price_base(source, [edition_used]),
        alliance=alliance.drop(columns=["iso3"]).reset_index(drop=True),
        groups=grouped.drop(columns=["iso3"]),
        allies=allies.reset_index(drop=True),
        olson_zeckhauser=exploitation.olson_zeckhauser(allies),
        joint_product=joint_product.joint_product(allies),
        tables=tables(source, [edition_used]),
        derived=derived(source),
        notes=notes,
        caveats=_gap_notes(loaded.rows, year, source),
    )


def _empty_groups(grouped: pd.DataFrame, chosen: list[Group], year: int) -> list[str]:
    empty = set(grouped.loc[grouped["n_members"] == 0, "group"])
    for group in chosen:
        if group.group_id in empty and group.definition == "user-defined":
            joined = ", ".join(f"{m} {accession_year(m)}" for m in group.members)
            raise Nato3Error(
                f"group {group.group_id!r} had no member in the alliance in {year} (joined: {joined})",
                parameter="groups",
            )
    names = [g.name for g in chosen if g.group_id in empty]
    return [f"Not shown: no member was an ally in {year}: {', '.join(names)}."] if names else []


def _accession_notes(chosen: list[Group], year: int, grouped: pd.DataFrame) -> list[str]:
    shown = set(grouped["group"])
    affected = [g for g in chosen if g.group_id in shown and any(accession_year(m) == year for m in g.members)]
    if not affected:
        return []
    new = sorted({m for g in affected for m in g.members if accession_year(m) == year})
    names = ", ".join(g.name for g in affected)
    return [
        f"Real change of {names}: this year's members against last year's (NATO's rule), so it includes "
        f"{', '.join(new)}, who joined in {year}."
    ]


GAP_LABELS = {
    "defence_exp_musd_const": "spending",
    "gdp_musd_const": "GDP",
    "population_thousands": "population",
    "military_personnel_thousands": "military personnel",
}


def _gap_notes(rows: pd.DataFrame, year: int, source: Source) -> list[str]:
    """Why a total is unknown in ``year``: the allies the source gives no figure for."""
    lacking = missing_figures(rows, year)
    notes = []
    for column, label in GAP_LABELS.items():
        if source is Source.sipri and column == "military_personnel_thousands":
            continue  # SIPRI has no personnel figures at all
        codes = lacking.get(column, [])
        if codes:
            notes.append(
                f"No {label} figure for {', '.join(codes)} in {year} in this source, so the alliance's {label} "
                "total and the shares that need it are unknown (never a partial sum)."
            )
    return notes
