"""Defence production capacity: output, capacity and stated targets over time; a ramp-up
projection from a growth assumption; years to reach a target; Europe vs the US vs Russia.

Built from ``defence_production_capacity``. What each row is stays visible:

* ``measure``: output (produced), capacity (able to produce) or target (a stated goal);
* ``region`` (Europe, USA, Russia, USA+Europe) and ``producer_type`` (region or company): company
  rows (Rheinmetall, Lockheed Martin, Diehl, KNDS, Uralvagonzavod) are never added to regions;
* ``calibre``: '155mm', or 'all calibres' for Russia's artillery estimates (mostly 152/122 mm,
  including refurbished rounds: **not comparable one-for-one** with 155 mm output), or
  'not stated' (Rheinmetall all plants);
* ``monthly_rate``: US 155 mm rows are 12 × a stated monthly rate (the only transformation in
  the data), with the monthly figure parsed back from ``notes``;
* ``range_value``: 'midpoint' or 'upper bound' where the source gave a range;
* ``scope``: Europe's figures mix 'EU' (Commission, ASAP) and 'Europe' (NATO SG, Breton).

Projections (:func:`ramp_up`) are marked ``measure = 'projection'`` and ``is_projection = True``;
the growth rate, a percentage a year (``growth=10`` is 10 % a year, as in scenarios), is an
assumption of the caller, not a figure from any source.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from nato3.errors import Nato3Error
from nato3.ledger.provenance import load_table, mark_sources

TABLE = "defence_production_capacity"
REGIONS = {"EU": "Europe", "Europe": "Europe", "USA": "USA", "RUS": "Russia", "USA+Europe": "USA+Europe"}
COMPANY_COUNTRY = {"Rheinmetall": "DEU", "Rheinmetall Unterluss plant": "DEU"}
COUNTRY_REGION = {"DEU": "Europe", "USA": "USA", "RUS": "Russia"}
ITEMS = {"155mm": "artillery shell", "pac3": "PAC-3", "iris-t": "IRIS-T", "tanks": "tank"}
ALL_CALIBRE_CAVEAT = (
    "Russia: intelligence estimates of artillery shells of all calibres (mostly 152/122 mm, including refurbished "
    "rounds): not comparable one-for-one with 155 mm output."
)
PROJECTION_NOTE = "Projection: latest non-target figure grown at an assumed constant rate; not a source figure."
GROWTH_RANGE = (-50.0, 200.0)  # % a year
UNTIL_MAX = 2100
DEFAULT_GROWTH, DEFAULT_UNTIL, DEFAULT_REGION = 10.0, 2035, "Europe"
_MONTHLY = re.compile(r"12 x ([\d,]+) a month")


def _region(producer: str) -> tuple[str, str]:
    if producer in REGIONS:
        return REGIONS[producer], "region"
    code = COMPANY_COUNTRY.get(producer) or (re.search(r"\(([A-Z]{3})\)", producer) or [None, None])[1]
    return COUNTRY_REGION.get(code, "other"), "company"


def _calibre(item: str) -> str:
    if item.startswith("155mm"):
        return "155mm"
    if "all calibres" in item:
        return "all calibres"
    return "not stated" if "shell" in item else "n/a"


def production(item: str | None = None) -> pd.DataFrame:
    """Every production row, classified (see the module docstring), optionally one item family.

    ``item``: '155mm' (every artillery-shell row: 155 mm, and Russia's all-calibre and Rheinmetall's
    all-plant figures for comparison, marked in ``calibre``), 'pac3', 'iris-t',
    'tanks', or None for all. Sorted by region, producer type, year and measure.

    Raises:
        Nato3Error: unknown item (parameter ``item``).
    """
    df = mark_sources(load_table(TABLE))
    if item is not None:
        if item not in ITEMS:
            raise Nato3Error(f"unknown item {item!r}; allowed: {', '.join(ITEMS)}", parameter="item")
        df = df[df["item"].str.contains(ITEMS[item], case=False, regex=False)]
    regions = df["producer"].map(_region)
    df = df.assign(region=[r[0] for r in regions], producer_type=[r[1] for r in regions])
    df["scope"] = df["producer"].where(df["producer"].isin(["EU", "Europe"]))
    df["calibre"] = df["item"].map(_calibre)
    notes = df["notes"].fillna("")
    df["monthly_rate"] = notes.str.extract(_MONTHLY)[0].str.replace(",", "").astype("Float64")
    df["range_value"] = notes.str.extract(r"\((midpoint|upper bound)")[0]
    df["comparable_with_155mm"] = df["calibre"] == "155mm"
    df["is_projection"] = False
    return df.sort_values(["region", "producer_type", "year", "measure"], kind="stable").reset_index(drop=True)


def shells_by_region() -> pd.DataFrame:
    """Artillery shells a year by region (no companies), one row per figure, never averaged or summed.

    Europe's 'EU' and 'Europe' figures sit side by side under ``scope``; where one region has two
    figures for a year (Russia 2024: 3.0 and 4.5 million; USA 2023: Breton's and the US Army's),
    both are kept. Russia's rows are all calibres and say so in ``calibre`` and ``caveat``.
    """
    df = production("155mm")
    regions = df[df["producer_type"] == "region"].copy()
    regions["scope"] = regions["scope"].fillna(regions["region"])
    regions["caveat"] = regions["calibre"].map({"all calibres": ALL_CALIBRE_CAVEAT}).fillna("")
    cols = ["region", "scope", "calibre", "year", "measure", "quantity_per_year", "monthly_rate", "range_value"]
    cols += ["caveat", "source_title", "source_url", "source_kind", "is_secondary"]
    return regions[cols].sort_values(["region", "year", "measure"], kind="stable").reset_index(drop=True)


def _base(region: str, item: str) -> pd.Series:
    df = production(item)
    candidates = df[(df["producer_type"] == "region") & (df["measure"] != "target")]
    candidates = candidates[candidates["calibre"] == "155mm"] if item == "155mm" else candidates
    by_name = {name.lower(): name for name in candidates["region"].unique()}
    rows = candidates[candidates["region"] == by_name.get(region.strip().lower(), region)]
    if rows.empty:
        which = f"{item} " if item == "155mm" else ""
        raise Nato3Error(
            f"no {which}output or capacity figure for {region!r}; regions with such figures: "
            f"{', '.join(sorted(by_name.values()))}",
            parameter="region",
        )
    return rows.sort_values(["year", "quantity_per_year"]).iloc[-1]


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def latest_target(region: str, item: str = "155mm") -> pd.Series | None:
    """The region's stated target for the latest year, highest if several; None if it has none."""
    df = production(item)
    rows = df[(df["region"] == region) & (df["producer_type"] == "region") & (df["measure"] == "target")]
    return None if rows.empty else rows.sort_values(["year", "quantity_per_year"]).iloc[-1]


def years_to_target(base: float, target: float, growth: float) -> int | None:
    """Whole years for ``base`` growing at ``growth`` % a year to reach ``target``; 0 if already
    there, None if never (growth ≤ 0)."""
    if base >= target:
        return 0
    if growth <= 0:
        return None
    return math.ceil(math.log(target / base) / math.log1p(growth / 100) - 1e-12)


def check_growth(growth: float) -> float:
    """``growth`` (% a year) as a float within :data:`GROWTH_RANGE`.

    Raises:
        Nato3Error: outside the range or not a finite number (parameter ``growth``).
    """
    low, high = GROWTH_RANGE
    if not (isinstance(growth, (int, float)) and math.isfinite(growth) and low <= growth <= high):
        raise Nato3Error(
            f"growth {growth} is outside {low:g}..{high:g} (a percentage a year: 10 = 10 % a year)", parameter="growth"
        )
    return float(growth)


@dataclass(frozen=True)
class RampUp:
    """A ramp-up projection: one row per year in ``frame`` (the first is the observed base figure),
    the base row used, the target and how it was chosen, and when the target is reached."""

    frame: pd.DataFrame
    region: str
    growth: float  # % a year, an assumption
    base: dict
    target: float
    target_label: str
    years_to_target: int | None
    reached_in: int | None
    caveats: tuple[str, ...]


def ramp_up(
    region: str = DEFAULT_REGION,
    growth: float = DEFAULT_GROWTH,
    target: float | None = None,
    until: int = DEFAULT_UNTIL,
    item: str = "155mm",
) -> RampUp:
    """A ramp-up projection: the region's latest output or capacity grown at ``growth`` % a year.

    Returns one row per year from the base year to ``until`` with ``projected`` quantities and the
    target. Every row but the first has ``is_projection = True``; the base year's row is the
    observed figure.

    Raises:
        Nato3Error: naming the parameter: unknown region or item, growth outside -50..200 (% a
            year), a target that is not a positive number, ``until`` before the base year or after
            2100, or no target given and none stated for the region.
    """
    growth = check_growth(growth)
    if target is not None and not (math.isfinite(target) and target > 0):
        raise Nato3Error(f"target {target} is not a positive number of units a year", parameter="target")
    base = _base(region, item)
    region = base["region"]  # as the data spells it ("usa" → "USA")
    stated = latest_target(region, item)
    if target is None:
        if stated is None:
            raise Nato3Error(f"{region} has no stated target for {item}; give a target", parameter="target")
        target, target_label = float(stated["quantity_per_year"]), f"{region} target for {int(stated['year'])}"
    else:
        target, target_label = float(target), "given"
    start = int(base["year"])
    if not start <= until <= UNTIL_MAX:
        raise Nato3Error(
            f"until {until} is outside {start}..{UNTIL_MAX} (from the base year {start}, {base['producer']}'s "
            f"{base['measure']})",
            parameter="until",
        )
    years = list(range(start, until + 1))
    values = [float(base["quantity_per_year"]) * (1 + growth / 100) ** (y - start) for y in years]
    n = years_to_target(float(base["quantity_per_year"]), target, growth)
    frame = pd.DataFrame(
        {
            "region": region,
            "year": years,
            "measure": ["base (" + base["measure"] + ")"] + ["projection"] * (len(years) - 1),
            "projected": values,
            "target": target,
            "growth": growth,
            "is_projection": [False] + [True] * (len(years) - 1),
        }
    )
    caveats = [PROJECTION_NOTE, f"Growth {growth:g} % a year is an assumption, not a source figure."]
    if region == "Russia" or "Russia" in target_label:
        caveats.append(ALL_CALIBRE_CAVEAT)
    keys = ("producer", "year", "measure", "quantity_per_year", "source_title", "source_url", "is_secondary")
    return RampUp(
        frame=frame,
        region=region,
        growth=growth,
        base={k: _plain(base[k]) for k in keys},
        target=target,
        target_label=target_label,
        years_to_target=n,
        reached_in=None if n is None else start + n,
        caveats=tuple(caveats),
    )
