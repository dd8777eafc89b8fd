"""One year of burden sharing, assembled for people and programs (``nato3 burden``).

:func:`year_report` gathers, for one year and one source, the alliance's totals, every group's
and every ally's shares, the Olson–Zeckhauser test and the joint-product diagnostic, the
editions used, how derived figures were derived, and the sources. :meth:`YearReport.to_dict`
is the JSON document of ``nato3 burden --format json``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from nato3.alliance.groups import Group
from nato3.alliance.membership import accession_year
from nato3.burden import exploitation, joint_product
from nato3.burden.analysis import load
from nato3.burden.groups import group_metrics, resolve_groups
from nato3.burden.inputs import (
    DERIVED,
    Prices,
    Source,
    as_prices,
    as_source,
    price_base,
    provenance,
    years_available,
)
from nato3.burden.metrics import INDICATORS, alliance_metrics, ally_metrics, derived_indicators, missing_figures
from nato3.errors import Nato3Error

SHARE_KEYS = INDICATORS  # every metric, in the order the tables show them


@dataclass
class YearReport:
    year: int
    source: Source
    edition: str
    prices: Prices
    price_base: str
    alliance: dict[str, Any]
    groups: pd.DataFrame
    allies: pd.DataFrame
    olson_zeckhauser: pd.DataFrame
    joint_product: pd.DataFrame
    sources: list[dict[str, Any]]
    derived: dict[str, str]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document: year, source, edition, groups, allies, olson_zeckhauser, sources, …"""
        tests = self.olson_zeckhauser.to_dict("records")
        oz = {(r["test"], r["sample"]): _plain(r, exploitation.STATISTICS) for r in tests}
        jp = {r["proxy"]: _plain(r, joint_product.STATISTICS) for r in self.joint_product.to_dict("records")}
        groups = self.groups.to_dict("records")
        return {
            "year": self.year,
            "source": self.source.value,
            "edition": self.edition,
            "prices": self.prices.value,
            "price_base": self.price_base if self.prices is Prices.constant else "current prices",
            "alliance": _plain(self.alliance, list(self.alliance)),
            "groups": [{**_plain(r, list(r)), "members": r["members"].split(";")} for r in groups],
            "allies": [_plain(r, list(r)) for r in self.allies.to_dict("records")],
            "olson_zeckhauser": {
                **oz[("levels", "all")],
                "test": "Spearman and Kendall rank correlation of GDP with burden (spending ÷ GDP), all allies",
                "without_usa": oz[("levels", "without_usa")],
                "growth": {**oz[("growth", "all")], "without_usa": oz[("growth", "without_usa")]},
                "hypothesis": exploitation.HYPOTHESIS,
                "ratio_bias": exploitation.RATIO_BIAS,
            },
            "joint_product": {**jp, "interpretation": joint_product.INTERPRETATION},
            "derived": self.derived,
            "notes": self.notes,
            "sources": self.sources,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per group, then per ally (``kind``, ``id``, ``name``), with source, edition and year:
        the CSV of ``nato3 burden --format csv``."""
        groups = self.groups.rename(columns={"group": "id"}).assign(kind="group")
        allies = self.allies.rename(columns={"iso3": "id", "country": "name"}).assign(kind="ally")
        out = pd.concat([groups, allies], ignore_index=True)
        out["n_members"] = out["n_members"].astype("Int64")
        out = out.assign(source=self.source.value, edition=self.edition, year=self.year)
        # Which of the row's figures rest on a derived quantity (the `derived` notes say how).
        derived = {kind: ";".join(sorted(derived_indicators(self.source, kind))) for kind in ("group", "ally")}
        out["derived_columns"] = out["kind"].map(derived)
        first = ["source", "edition", "year", "kind", "id", "name"]
        return out[first + [c for c in out.columns if c not in first]]


def _plain(row: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """Plain Python values for JSON: numpy scalars unwrapped, NaN and NA as None."""
    out = {}
    for key in keys:
        value = row[key]
        if hasattr(value, "item"):
            value = value.item()
        missing = value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
        out[key] = None if missing else value
    return out


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
    a note.

    Raises:
        Nato3Error: unknown source, edition, group or member; empty group; a user-defined group
            none of whose members was an ally in ``year``; a year without data.
    """
    source, prices = as_source(source), as_prices(prices)
    chosen = resolve_groups(groups)  # checks group specs before any data is read
    year = default_year(source, edition) if year is None else int(year)
    loaded = load(source, year, year, edition)
    allies = loaded.within(ally_metrics(loaded.rows, prices))
    grouped = loaded.within(group_metrics(loaded.rows, chosen, prices))
    alliance = loaded.within(alliance_metrics(loaded.rows, prices)).iloc[0].to_dict()
    notes = _empty_groups(grouped, chosen, year)
    grouped = grouped[grouped["n_members"] > 0].reset_index(drop=True)
    grouped.insert(2, "members", grouped["group"].map({g.group_id: ";".join(g.members) for g in chosen}))
    notes += _accession_notes(chosen, year, grouped)
    notes += _gap_notes(loaded.rows, year, source)
    edition_used = str(allies["edition"].iloc[0])
    allies = allies.sort_values("spending_share_pct", ascending=False, na_position="last", kind="stable")
    return YearReport(
        year=year,
        source=source,
        edition=edition_used,
        prices=prices,
        price_base=price_base(source, [edition_used]),
        alliance={k: v for k, v in alliance.items() if k != "iso3"},
        groups=grouped.drop(columns=["iso3", "year", "edition"]),
        allies=allies.drop(columns=["year", "edition"]).reset_index(drop=True),
        olson_zeckhauser=exploitation.olson_zeckhauser(allies),
        joint_product=joint_product.joint_product(allies),
        sources=provenance(source, [edition_used]),
        derived=dict(DERIVED[source]),
        notes=notes,
    )


def _empty_groups(grouped: pd.DataFrame, chosen: list[Group], year: int) -> list[str]:
    empty = set(grouped.loc[grouped["n_members"] == 0, "group"])
    for group in chosen:
        if group.group_id in empty and group.definition == "user-defined":
            joined = ", ".join(f"{m} {accession_year(m)}" for m in group.members)
            raise Nato3Error(f"group {group.group_id!r} had no member in the alliance in {year} (joined: {joined})")
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
    lacking = missing_figures(rows).loc[year]
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
