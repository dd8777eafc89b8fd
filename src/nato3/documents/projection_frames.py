"""The frames of the projection document's tables: the per-ally summary with NATO's aggregates,
the headline figures, the money and gaps by year, the verdicts, the announcements and the
settings, each with the marks of its cells (``projection`` on projected figures, the status
document's marks on the observed start, ``derived`` on money computed from observed figures).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from nato3.documents import projection_tables as pt

if TYPE_CHECKING:
    from nato3.projection import Projection
    from nato3.projection.montecarlo import Result

AGGREGATES = ("NATO_EUR_CAN", "NATO_TOTAL")


def allies_skeleton(p: Projection, mid: int | None) -> pd.DataFrame:
    """The summary per ally (by start share, then name; no figures last) and NATO's aggregates,
    without the Monte Carlo's odds: the same for every seed and draws. ``_row`` is each row's
    row in the Monte Carlo's arrays (allies, then aggregates), or -1 for an ally without figures."""
    from nato3.projection.announced import describe_used
    from nato3.projection.engine import GAP, SHARE
    from nato3.projection.result import MC_SUMMARY

    r = p.setup.resolved
    used = p.setup.compiled.announcements
    allies = p.summary.drop(columns=[c for c in MC_SUMMARY if c in p.summary.columns]).assign(kind="ally")
    allies["announcement_used"] = [describe_used(used[c], short=True) if c in used else None for c in allies["iso3"]]
    at_mid = p.allies[p.allies["year"] == mid] if mid else p.allies.iloc[:0]
    shares = dict(zip(at_mid["iso3"].tolist(), at_mid[SHARE].tolist(), strict=True))
    allies["share_mid_pct"] = [shares[c] if mid and h else None for c, h in
                               zip(allies["iso3"], allies["has_nato_figures"], strict=True)]  # fmt: skip
    allies["_row"] = np.where(allies["has_nato_figures"].to_numpy(dtype=bool), np.arange(len(allies)), -1)
    allies = allies.assign(_none=allies["base_share_pct"].isna(), _share=-allies["base_share_pct"].fillna(0))
    allies = allies.sort_values(["_none", "_share", "country"], kind="stable").drop(columns=["_none", "_share"])
    rows = []
    for k, code in enumerate(AGGREGATES):
        agg = p.aggregates[p.aggregates["iso3"] == code].set_index("year")
        path = agg[SHARE]
        reached = path[path >= r.target_pct]
        rows.append(
            {
                "iso3": code,
                "country": agg["name"].iloc[0],
                "kind": "aggregate",
                "has_nato_figures": True,
                "base_share_pct": path.loc[r.base_year],
                "base_share_year": r.base_year,
                "share_mid_pct": path.loc[mid] if mid else None,
                "share_horizon_pct": path.loc[r.horizon],
                "year_reaching_target": int(reached.index[0]) if len(reached) else None,
                "gap_horizon_musd": agg.loc[r.horizon, GAP],
                "_row": len(p.setup.base.iso3) + k,
            }
        )
    frame = pd.concat([allies, pd.DataFrame(rows)], ignore_index=True)
    for column in ("year_reaching_target", "shortfall_year", "base_share_year"):
        frame[column] = frame[column].astype("Int64")
    return frame


def allies_frame(
    skeleton: pd.DataFrame, m: Result | None, start: dict[str, dict], base_year: int, shown: list[str]
) -> pd.DataFrame:
    """The summary of one run: the skeleton (only the allies ``shown``, when given, and the
    aggregates) with the Monte Carlo's odds and band at the horizon, and each row's marks."""
    from nato3.projection.result import horizon_columns

    frame = skeleton
    if shown:
        frame = frame[(frame["kind"] != "ally") | frame["iso3"].isin(shown)].reset_index(drop=True)
    rows = frame["_row"].to_numpy()
    frame = frame.drop(columns="_row")
    if m is not None:
        for column, values in horizon_columns(m).items():
            frame[column] = np.where(rows >= 0, values[rows], np.nan)
    read = [c for c in ("iso3", "base_share_pct", "year_reaching_target", *PROJECTED_SUMMARY) if c in frame.columns]
    records = (dict(zip(read, values, strict=True)) for values in zip(*(frame[c].tolist() for c in read), strict=True))
    frame["marks"] = [ally_marks(row, start, base_year) for row in records]
    return frame


PROJECTED_SUMMARY = (
    "share_mid_pct",
    "share_horizon_pct",
    "p_reach_by_horizon",
    "p_ever_by_horizon",
    "share_p05_horizon",
    "share_p50_horizon",
    "share_p95_horizon",
    "gap_horizon_musd",
    "expected_gap_horizon_musd",
    "largest_shortfall_pp",
)


def ally_marks(row: dict, start: dict[str, dict], base_year: int) -> dict[str, tuple[str, ...]]:
    marks = {}
    own = start.get(row["iso3"], {}).get("defence_share_gdp_pct")
    if own and row["base_share_pct"] == row["base_share_pct"]:
        marks["base_share_pct"] = tuple(own)
    for column in PROJECTED_SUMMARY:
        value = row.get(column)
        if value is not None and value == value and value is not pd.NA:
            marks[column] = pt.PROJECTION
    reach = row.get("year_reaching_target")
    if reach is not None and reach is not pd.NA and int(reach) > base_year:
        marks["year_reaching_target"] = pt.PROJECTION
    return marks


def allies_reaching(p: Projection) -> dict[str, Any]:
    """How many of the allies with figures are at or above the target at the horizon on the
    scenario's path (all allies, whatever ``countries`` shows), and which."""
    summary = p.summary[p.summary["has_nato_figures"]]
    at = summary[summary["share_horizon_pct"] >= p.target_pct].sort_values("country")
    names = at["country"].tolist()
    return {"allies_projected": len(summary), "allies_at_target": len(names), "allies_at_target_names": names}


def reaching(allies_reaching: dict[str, Any], allies: pd.DataFrame) -> dict[str, Any]:
    """:func:`allies_reaching`, and NATO Europe and Canada at the horizon in the run's ``allies``."""
    europe = allies[allies["iso3"] == "NATO_EUR_CAN"].iloc[0]
    return {
        **allies_reaching,
        "allies_at_target_names": list(allies_reaching["allies_at_target_names"]),
        "europe_canada_share_horizon_pct": europe["share_horizon_pct"],
        "p_europe_canada_at_target": europe.get("p_reach_by_horizon"),
    }


def summary_frame(summary: dict[str, Any], cash: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame([summary])
    frame["outspend_year"] = frame["outspend_year"].astype("Int64")
    start = pt.PROJECTION if bool(cash["projected"].iloc[0]) else pt.DERIVED
    marks = {}
    for column, value in summary.items():
        if value is None or column in ("allies_projected", "allies_at_target_names"):
            continue
        marks[column] = start if column.endswith("_start") or column.endswith("_start_pct") else pt.PROJECTION
    frame["marks"] = [marks]
    return frame


def marked_by_year(frame: pd.DataFrame, money: list[str], odds: list[str], projected: pd.Series) -> pd.DataFrame:
    """``projection`` on the money of ``projected`` years and on every odds; ``derived`` on money
    computed from observed shares and GDP (the start, when GDP there is NATO's)."""
    out = frame.copy()
    values = {c: out[c].tolist() for c in (*money, *odds)}  # a value equals itself unless it is NaN
    rows = []
    for i, flag in enumerate(projected.tolist()):
        marks = {c: (pt.PROJECTION if flag else pt.DERIVED) for c in money if values[c][i] == values[c][i]}
        marks |= {c: pt.PROJECTION for c in odds if values[c][i] == values[c][i]}
        rows.append(marks)
    out["marks"] = rows
    return out


def verdicts_frame(allies: pd.DataFrame) -> pd.DataFrame:
    from nato3.projection.credibility import CATEGORIES

    by_category: dict[str, list[str]] = {}
    for category, country in zip(allies["credibility"].tolist(), allies["country"].tolist(), strict=True):
        by_category.setdefault(category, []).append(country)
    rows = []
    for category in CATEGORIES:
        names = sorted(by_category.get(category, []))
        if names:
            rows.append({"credibility": category, "allies": len(names), "names": names})
    frame = pd.DataFrame(rows, columns=["credibility", "allies", "names"])
    frame["marks"] = [{"allies": pt.PROJECTION} for _ in range(len(frame))]
    return frame


def announcements_frame(p: Projection, names: dict[str, str]) -> pd.DataFrame:
    rows = [{**row.to_dict(), "country": names.get(row.iso3, row.iso3)} for row in p.setup.compiled.announced_rows]
    frame = pd.DataFrame(rows, columns=[c.name for c in pt.ANNOUNCEMENTS])
    frame["target_year"] = frame["target_year"].astype("Int64")
    return frame.sort_values(["country", "target_year", "announced_on"], kind="stable")


def settings_frame(p: Projection, mid: int | None, seed: int | None) -> pd.DataFrame:
    import json

    from nato3.projection.builtin import builtin_scenarios
    from nato3.projection.runner import mc_params
    from nato3.projection.scenario import scenario_json

    r, base = p.setup.resolved, p.setup.base
    params = p.montecarlo.params if p.montecarlo is not None else mc_params(r, 0, seed)
    own = params.execution_sd_by_ally
    builtin = r.path in {str(path) for path in builtin_scenarios().values()}
    row = {
        "scenario": r.name,
        "description": " ".join(r.scenario.description.split()),
        "file": f"nato3/data/scenarios/{r.name}.yaml" if builtin else (r.path or None),
        "target": r.target_label,
        "target_pct": r.target_pct,
        "base_year": r.base_year,
        "mid_year": mid,
        "horizon": r.horizon,
        "edition": base.edition.label,
        "gdp_edition": base.gdp_edition.label,
        "gdp_anchor_year": base.anchor_year,
        "money_unit": p.setup.money_unit,
        "draws": params.draws,
        "seed": params.seed,
        "gdp_growth_sd": params.gdp_growth_sd,
        "correlation": params.correlation,
        "execution_sd": params.execution_sd,
        "execution_sd_by_ally": f"{min(own.values()):g}–{max(own.values()):g} % for {len(own)} allies" if own else None,
        "fitted": params.fitted or None,
        "scenario_json": json.dumps(scenario_json(r.scenario), ensure_ascii=False, sort_keys=True),
    }
    frame = pd.DataFrame([row])
    frame["mid_year"] = frame["mid_year"].astype("Int64")
    return frame
