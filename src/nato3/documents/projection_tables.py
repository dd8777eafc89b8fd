"""The tables of the projection document: what they hold, how their cells are marked.

Every projected figure carries the cell mark ``projection``; an observed starting figure carries
the marks ``nato3 status`` gives it for that year and edition (``estimate``, ``secondary``), and a
money figure computed from observed shares and GDP carries ``derived``. Columns are named as in
the library (:class:`~nato3.projection.Projection` ``summary``, its long format and
:mod:`nato3.projection.money`), the same in JSON, CSV, the API and the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from nato3.documents.model import Column

if TYPE_CHECKING:
    from nato3.projection import Projection
    from nato3.projection.montecarlo import Result

PROJECTION = ("projection",)
DERIVED = ("derived",)
MONEY = "million US$, constant prices"


def ally_columns(horizon: int, mid: int | None, money_unit: str) -> list[Column]:
    """The per-ally summary: start, path, the year reaching the target, odds, gap, verdict."""
    return [
        Column("country", "Ally", kind="text"),
        Column("iso3", "ISO3", kind="text", display=False),
        Column("kind", "Kind", kind="text", display=False, description="ally or aggregate"),
        Column(
            "base_share_pct", "Start %", "% of GDP", description="Share of GDP in the base year, as status shows it"
        ),
        Column("base_share_year", "Start year", kind="year", display=False),
        Column("share_mid_pct", str(mid or ""), "% of GDP", priority=3, description=f"Share of GDP in {mid}"),
        Column("share_horizon_pct", str(horizon), "% of GDP", description=f"Share of GDP in {horizon}"),
        Column("year_reaching_target", "Reaches", kind="year", description="First year at or above the target"),
        Column("p_reach_by_horizon", "P(reach)", kind="probability", description=f"Draws at the target in {horizon}"),
        Column("share_p05_horizon", "5 %", "% of GDP", priority=2, description=f"5th percentile of draws, {horizon}"),
        Column("share_p95_horizon", "95 %", "% of GDP", priority=2, description=f"95th percentile of draws, {horizon}"),
        Column("gap_horizon_musd", f"Gap {horizon}, US$ m", money_unit, digits=0, priority=4),
        Column("credibility", "Path vs straight line", kind="text", priority=1),
        Column("largest_shortfall_pp", "Shortfall, pp", "percentage points", priority=6),
        Column("shortfall_year", "Shortfall year", kind="year", priority=6),
        Column(
            "announcement_used", "Announced (used)", kind="text", priority=5, description="target year: share (date)"
        ),
        Column("announcement", "Announcements used", kind="text", display=False, description="with their sources"),
        Column("policy", "Policy", kind="text", display=False, description="what the scenario does for the ally"),
        Column("gdp_growth_pct", "GDP growth %", "% a year", priority=7),
        Column("p_ever_by_horizon", "P(ever)", kind="probability", display=False),
        Column("share_p50_horizon", "Median", "% of GDP", display=False),
        Column("expected_gap_horizon_musd", "Expected gap", money_unit, digits=0, display=False),
        Column("policy_kind", "Policy kind", kind="text", display=False),
        Column("gdp_growth_method", "GDP growth method", kind="text", display=False),
        Column("fell_back", "Fell back", kind="flag", display=False, description="no usable announcement"),
        Column("has_nato_figures", "Has NATO figures", kind="flag", display=False),
    ]


PATHS = [
    Column("country", "Ally or group", kind="text"),
    Column("iso3", "Code", kind="text", display=False),
    Column("kind", "Kind", kind="text", display=False, description="ally, aggregate or group"),
    Column("year", "Year", kind="year"),
    Column("defence_share_gdp_pct", "% of GDP", "% of GDP"),
    Column("share_p05", "5 %", "% of GDP", description="5th percentile of the Monte Carlo draws"),
    Column("share_p50", "Median", "% of GDP", priority=2),
    Column("share_p95", "95 %", "% of GDP", description="95th percentile of the Monte Carlo draws"),
    Column("p_reach_by", "P(reach)", kind="probability", description="Draws at or above the target that year"),
    Column("p_ever_by", "P(ever)", kind="probability", priority=3, description="… in that year or an earlier one"),
    Column("defence_exp_musd_const", "Spending, US$ m", MONEY, digits=0, priority=1),
    Column("gdp_musd_const", "GDP, US$ m", MONEY, digits=0, priority=4),
    Column("gap_musd", "Gap, US$ m", MONEY, digits=0, priority=1, description="(target − share) × GDP"),
    Column("expected_gap_musd", "Expected gap", MONEY, digits=0, priority=4),
]
HISTORY = [
    Column("country", "Ally or aggregate", kind="text"),
    Column("iso3", "Code", kind="text", display=False),
    Column("kind", "Kind", kind="text", display=False),
    Column("year", "Year", kind="year"),
    Column("defence_share_gdp_pct", "% of GDP", "% of GDP", description="published by NATO (the start's edition)"),
]
MONEY_COLUMNS = [
    Column("year", "Year", kind="year"),
    Column("europe_canada_musd", "Europe and Canada, US$ m", MONEY, digits=0),
    Column("united_states_musd", "United States, US$ m", MONEY, digits=0),
    Column("europe_canada_minus_us_musd", "Difference, US$ m", MONEY, digits=0, priority=2),
    Column("europe_canada_share_of_nato_pct", "Europe and Canada % of NATO", "% of NATO spending", digits=1),
    Column("p_outspend", "P(Europe and Canada spend more)", kind="probability"),
    Column("p_outspend_ever", "P(by then)", kind="probability", priority=1),
]
SUMMARY = [
    Column("outspend_year", "Europe and Canada spend more from", kind="year", description="null: not by the horizon"),
    Column("p_outspend_in_year", "P(that year)", kind="probability"),
    Column("p_outspend_by_horizon", "P(by the horizon)", kind="probability"),
    Column("europe_canada_share_of_nato_start_pct", "% of NATO at the start", "% of NATO spending", digits=1),
    Column("europe_canada_share_of_nato_horizon_pct", "% of NATO at the horizon", "% of NATO spending", digits=1),
    Column("p_outspend_at_horizon", "P(in the horizon year)", kind="probability", display=False),
    Column("europe_canada_musd_start", "Europe and Canada, start", MONEY, digits=0, display=False),
    Column("united_states_musd_start", "United States, start", MONEY, digits=0, display=False),
    Column("europe_canada_musd_horizon", "Europe and Canada, horizon", MONEY, digits=0, display=False),
    Column("united_states_musd_horizon", "United States, horizon", MONEY, digits=0, display=False),
    Column("allies_projected", "Allies projected", kind="integer", display=False),
    Column("allies_at_target", "Allies at the target at the horizon", kind="integer", display=False),
    Column("allies_at_target_names", "Which", kind="list", display=False),
    Column("europe_canada_share_horizon_pct", "Europe and Canada, % of GDP", "% of GDP", display=False),
    Column("p_europe_canada_at_target", "P(Europe and Canada at the target)", kind="probability", display=False),
]
GAPS = [
    Column("year", "Year", kind="year"),
    Column("gap_europe_canada_musd", "NATO Europe and Canada", MONEY, digits=0),
    Column("shortfall_below_target_musd", "European allies and Canada below the target", MONEY, digits=0),
    Column("gap_united_states_musd", "United States", MONEY, digits=0),
    Column("gap_total_musd", "NATO Total", MONEY, digits=0),
    Column("expected_gap_europe_canada_musd", "NATO Europe and Canada, Monte Carlo mean", MONEY, digits=0),
]
VERDICTS = [
    Column("credibility", "Path against the straight line", kind="text"),
    Column("allies", "Allies", kind="integer"),
    Column("names", "Which", kind="list"),
]
ANNOUNCEMENTS = [
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("announced_on", "Announced", kind="text"),
    Column("target_year", "For", kind="year"),
    Column("share_gdp_pct", "% of GDP", "% of GDP"),
    Column("scope", "Scope", kind="text", priority=2),
    Column("used", "Used", kind="flag"),
    Column("reason", "Why (not) used", kind="text", priority=1),
    Column("amount", "Amount", kind="text", display=False),
    Column("amount_unit", "Amount unit", kind="text", display=False),
    Column("statement", "Statement", kind="text", display=False),
    Column("source_title", "Source", kind="text", display=False),
    Column("source_url", "Source address", kind="text", display=False),
    Column("source_kind", "Kind of source", kind="text", display=False),
]
SETTINGS = [
    Column("scenario", "Scenario", kind="text"),
    Column("description", "What it assumes", kind="text"),
    Column("file", "File", kind="text", description="a built-in's file in the nato3 package, or the file given"),
    Column("target", "Target", kind="text"),
    Column("target_pct", "Target, % of GDP", "% of GDP"),
    Column("base_year", "Base year", kind="year"),
    Column("mid_year", "Year between", kind="year"),
    Column("horizon", "Horizon", kind="year"),
    Column("edition", "Edition of the shares", kind="text"),
    Column("gdp_edition", "Edition of GDP", kind="text"),
    Column("gdp_anchor_year", "GDP projected from", kind="year"),
    Column("money_unit", "Money unit", kind="text"),
    Column("draws", "Monte Carlo draws", kind="integer"),
    Column("seed", "Seed", kind="integer"),
    Column("gdp_growth_sd", "GDP growth sd", "percentage points of annual real GDP growth"),
    Column("correlation", "Correlation", "between allies' growth shocks"),
    Column("execution_sd", "Execution sd", "% of planned spending a year"),
    Column("execution_sd_by_ally", "Execution sd by ally", kind="text"),
    Column("fitted", "Fitted settings", kind="text"),
    Column("scenario_json", "The scenario as JSON", kind="text", description="edit and send it to the API"),
]


ODDS = ["share_p05", "share_p50", "share_p95", "p_reach_by", "p_ever_by", "expected_gap_musd"]


def marks(frame: pd.DataFrame, projected: dict[str, pd.Series], observed: list[dict] | None = None) -> list[dict]:
    """Per row: ``projection`` on each column of ``projected`` whose flag is true and that has a
    value; ``observed`` (the row's other marks, e.g. a start figure's estimate) on the rest."""
    marked = {c: (np.asarray(f, dtype=bool) & frame[c].notna().to_numpy()).tolist() for c, f in projected.items()}
    out = []
    for i in range(len(frame)):
        row = {k: tuple(v) for k, v in (observed[i] if observed is not None else {}).items()}
        row |= {c: PROJECTION for c, flags in marked.items() if flags[i]}
        out.append(row)
    return out


@dataclass(frozen=True, eq=False)
class PathsSkeleton:
    """The paths table without its Monte Carlo columns, rows in their order, and where each row's
    odds are in the Monte Carlo's ``(rows, years)`` arrays: the same for every seed and draws."""

    frame: pd.DataFrame  # sorted, without the odds columns and marks
    marks: list[dict]  # each row's marks but the odds'
    odds_at: tuple[np.ndarray, np.ndarray, np.ndarray]  # (Monte Carlo row, year index, has odds) per row


def paths_skeleton(p: Projection, start_marks: dict[str, dict], names: dict[str, str]) -> PathsSkeleton:
    """Every ally with figures, NATO's two aggregates and the built-in groups, year by year: the
    path, spending, GDP and the gap, and where the Monte Carlo bands and odds go (projected years)."""
    from nato3.projection.engine import GDP, SHARE, SPENDING

    base = p.setup.base
    with_figures = [c for c, h in zip(base.iso3, base.has_share, strict=True) if h]
    allies = p.allies[p.allies["iso3"].isin(with_figures)]
    allies = allies.assign(kind="ally", share_observed=~allies["share_projected"])
    kinds = ["aggregate" if c.startswith("NATO_") else "group" for c in p.aggregates["iso3"]]
    frame = pd.concat([allies, p.aggregates.assign(kind=kinds)], ignore_index=True)
    frame["country"] = [names.get(c) or n for c, n in zip(frame["iso3"], frame.get("name"), strict=True)]
    frame["_order"] = frame["kind"].map({"ally": 0, "aggregate": 1, "group": 2})
    frame = frame.sort_values(["_order", "country", "year"], kind="stable").drop(columns="_order")
    frame = frame.reset_index(drop=True)
    projected = ~frame["share_observed"].astype(bool)
    gdp = frame["gdp_projected"].astype(bool)
    flags = {SHARE: projected, GDP: gdp, SPENDING: projected | gdp, "gap_musd": projected | gdp}
    observed = []
    for code, kind, share_p, gdp_p in zip(frame["iso3"], frame["kind"], projected, gdp, strict=True):
        row = {SHARE: start_marks[code][SHARE]} if not share_p and SHARE in start_marks.get(code, {}) else {}
        if not (share_p or gdp_p):  # computed by nato3 from published shares and GDP
            row |= {SPENDING: DERIVED, "gap_musd": DERIVED} | ({GDP: DERIVED} if kind != "ally" else {})
        observed.append(row)
    codes, years = p.setup.kernel.codes, p.setup.kernel.years
    row_of, year_of = {c: i for i, c in enumerate(codes)}, {int(y): t for t, y in enumerate(years)}
    cells = [(row_of.get(c, -1), year_of.get(y, -1)) for c, y in zip(frame["iso3"], frame["year"], strict=True)]
    r, t = np.array(cells, dtype=np.intp).reshape(-1, 2).T
    return PathsSkeleton(frame, marks(frame, flags, observed), (r, t, (r >= 0) & (t >= 0) & projected.to_numpy()))


def paths_frame(skeleton: PathsSkeleton, m: Result | None, shown: list[str]) -> pd.DataFrame:
    """The paths table of one run: the skeleton (only the allies ``shown``, when given, and the
    aggregates and groups) with the Monte Carlo bands and odds of ``m`` (projected years only;
    none without a Monte Carlo run), marked ``projection``."""
    frame, marks = skeleton.frame, skeleton.marks
    r, t, keep = skeleton.odds_at
    if shown:
        kept = ((frame["kind"] != "ally") | frame["iso3"].isin(shown)).to_numpy()
        frame, r, t, keep = frame[kept].reset_index(drop=True), r[kept], t[kept], keep[kept]
        marks = [row for row, k in zip(marks, kept.tolist(), strict=True) if k]
    else:
        frame = frame.copy()
    rows = [dict(row) for row in marks]
    sources = (None,) * len(ODDS)
    if m is not None:
        sources = (*(m.quantiles[q] for q in (0.05, 0.5, 0.95)), m.p_reach_by, m.p_ever_by, m.expected_gap)
    kept = keep.nonzero()[0].tolist()
    for column, values in zip(ODDS, sources, strict=True):
        odds = np.full(len(frame), np.nan)
        if values is not None:
            odds[keep] = values[r[keep], t[keep]]
            for i, value in zip(kept, odds[keep].tolist(), strict=True):
                if value == value:
                    rows[i][column] = PROJECTION
        frame[column] = odds
    frame["marks"] = rows
    return frame


def history_frame(p: Projection, names: dict[str, str]) -> pd.DataFrame:
    """The published shares before the projection, from the start's edition: every ally with
    figures and NATO's two aggregates (the edition's own), up to the base year, estimates marked."""
    from nato3.alliance.aggregates import AGGREGATES, nato_aggregates
    from nato3.store.database import query

    edition, year = p.setup.base.edition.label, p.setup.resolved.base_year
    allies = query(
        "SELECT iso3, year, defence_share_gdp_pct, is_estimate FROM nato_series WHERE edition = ? AND year <= ? "
        "AND defence_share_gdp_pct IS NOT NULL AND iso3 NOT LIKE 'NATO\\_%' ESCAPE '\\'",
        [edition, year],
    ).assign(kind="ally")
    agg = nato_aggregates(edition)
    agg = agg[(agg["year"] <= year) & agg["iso3"].isin(list(AGGREGATES)) & agg["defence_share_gdp_pct"].notna()]
    agg = agg[["iso3", "year", "defence_share_gdp_pct", "is_estimate"]].assign(kind="aggregate")
    frame = pd.concat([allies, agg], ignore_index=True)
    frame["country"] = frame["iso3"].map({**names, **AGGREGATES})
    estimate = frame["is_estimate"].astype("boolean").fillna(False)
    frame["marks"] = [{"defence_share_gdp_pct": ("estimate",)} if e else {} for e in estimate]
    frame["_order"] = frame["kind"].map({"ally": 0, "aggregate": 1})
    return frame.sort_values(["_order", "country", "year"], kind="stable").drop(columns="_order")
