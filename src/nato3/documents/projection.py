"""The projection document: every ally's path to the horizon under one scenario, with Monte Carlo
odds, the money gap, the credible-path verdicts, and the NATO 3.0 question in money (do Europe
and Canada come to spend more than the United States, and when?).

Every ally starts from one base year: the scenario's, or the year and edition ``nato3 status``
shows (:mod:`nato3.standing.defaults`), so the start figures are the status document's for that
year and edition, aggregates included, marks and all. Rendered by ``nato3 project``,
``POST /api/v1/projections``, the scenario builder page and the report's "Paths to 2035".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from nato3.documents import projection_notes as notes
from nato3.documents import projection_tables as pt
from nato3.documents.model import Column, Document, EditionUse, Table
from nato3.errors import DataValidationError, Nato3Error
from nato3.store.sources import sources

if TYPE_CHECKING:
    from nato3.projection import Projection
    from nato3.projection.resolve import Resolved

MID_YEAR = 2030  # a column between the start and the horizon, when the horizon is after it
AGGREGATES = ("NATO_EUR_CAN", "NATO_TOTAL")


def build(
    scenario: str | dict = "hague-linear",
    draws: int | None = None,
    seed: int | None = None,
    countries: list[str] | None = None,
    name: str | None = None,
) -> Document:
    """Project ``scenario`` (a built-in name, a scenario file, or a scenario as a mapping, named
    ``name``) with ``draws`` Monte Carlo draws and ``seed`` (default: the scenario's), showing only
    ``countries`` among the allies when given (the aggregates always).

    Raises:
        Nato3Error: unknown scenario, draws or seed out of range, unknown country (naming it).
        DataValidationError: a bad scenario (naming the file or field).
    """
    from nato3.projection.runner import project

    checked_countries(countries)
    return document(project(load(scenario, name), draws, seed), scenario, countries, seed)


def load(scenario: str | dict, name: str | None = None) -> Resolved:
    """A scenario by built-in name, file path or mapping (the JSON form of a scenario file; plan
    years may be strings), checked against the data."""
    from nato3.projection.builtin import load_scenario

    if not isinstance(scenario, dict):
        return load_scenario(scenario)
    from pydantic import ValidationError

    from nato3.projection.resolve import resolve
    from nato3.projection.scenario import Scenario, plan_years

    try:
        model = Scenario.model_validate(plan_years(scenario))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or None
        raise DataValidationError("<scenario>", None, field, first["msg"]) from None
    return resolve(model, name=name)


def checked_countries(countries: list[str] | None) -> list[str]:
    from nato3.alliance.membership import check_country

    try:
        return [check_country(c) for c in countries or []]
    except Nato3Error as exc:
        raise Nato3Error(str(exc), parameter="countries") from None


def document(
    p: Projection, scenario: Any = None, countries: list[str] | None = None, seed: int | None = None
) -> Document:
    """The document of a finished projection ``p`` (run with any backend)."""
    from nato3.documents.registry import build as build_document
    from nato3.projection import money

    r, base = p.setup.resolved, p.setup.base
    shown = checked_countries(countries)
    status = build_document("status", year=r.base_year, edition=base.edition.label)
    start = {row["iso3"]: row.get("marks") or {} for row in status.tables["allies"].records()}
    names = dict(zip(base.iso3, base.names, strict=True))
    mid = MID_YEAR if r.base_year < MID_YEAR < r.horizon else None

    allies = _allies(p, start, mid, shown)
    cash = money.money_by_year(p)
    summary = {**money.outspend(p, cash), **_reaching(p, allies)}
    paths = pt.paths_frame(p, start, names)
    if shown:
        paths = paths[(paths["kind"] != "ally") | paths["iso3"].isin(shown)].reset_index(drop=True)
    target = f"target {r.target_pct:g} % of GDP"
    tables = {
        "paths_allies": _table(
            "paths_allies",
            f"Paths to {r.horizon}: {r.name} (projection), from {r.base_year}, {target}",
            pt.ally_columns(r.horizon, mid, p.setup.money_unit),
            allies,
            section_by="kind",
        ),
        "paths_summary": _table(
            "paths_summary",
            _outspend_title(summary, r.horizon),
            pt.SUMMARY,
            _summary_frame(summary, cash),
        ),
        "paths_money": _table(
            "paths_money",
            f"Europe and Canada against the United States, {p.setup.money_unit} (projection)",
            pt.MONEY_COLUMNS,
            _marked_by_year(
                cash, [c.name for c in pt.MONEY_COLUMNS[1:5]], ["p_outspend", "p_outspend_ever"], cash["projected"]
            ),
        ),
        "paths": _table(
            "paths", f"Paths year by year, {r.base_year}–{r.horizon} (projection)", pt.PATHS, paths, display=False
        ),
        "paths_history": _table(
            "paths_history",
            f"Published shares of GDP up to {r.base_year}, NATO {base.edition.label} edition",
            pt.HISTORY,
            pt.history_frame(p, names),
            display=False,
        ),
        "paths_gaps": _table(
            "paths_gaps",
            f"The gap to {r.target_pct:g} % of GDP each year, {p.setup.money_unit}; negative: above it (projection)",
            pt.GAPS,
            _marked_by_year(money.gaps_by_year(p), [c.name for c in pt.GAPS[1:]], [], cash["projected"]),
            display=False,
        ),
        "paths_verdicts": _table(
            "paths_verdicts",
            "Each path against the straight line to the target",
            pt.VERDICTS,
            _verdicts(allies),
            display=False,
        ),  # fmt: skip
        "paths_settings": _table(
            "paths_settings", f"Scenario {r.name}", pt.SETTINGS, _settings(p, mid, seed), display=False
        ),
    }
    if p.setup.compiled.announced_rows is not None:
        tables["paths_announcements"] = _table(
            "paths_announcements",
            "Announcements in national_defence_plans, used or not",
            pt.ANNOUNCEMENTS,
            _announcements(p, names),
            display=False,
        )
    return Document(
        kind="projection",
        title=f"Paths to {r.horizon}: {r.name} (projection)",
        parameters=_parameters(p, scenario, shown, seed),
        tables=tables,
        sources=sources(*p.source_tables()),
        editions=_editions(p),
        caveats=notes.caveats(p, status),
        notes=notes.notes(p),
    )


def _outspend_title(summary: dict[str, Any], horizon: int) -> str:
    if summary["outspend_year"] is None:
        return (
            f"Europe and Canada do not come to spend more than the United States by {horizon} on this path (projection)"
        )
    return f"Europe and Canada spend more than the United States from {summary['outspend_year']} (projection)"


def _table(name: str, title: str, columns: list[Column], frame: pd.DataFrame, **kwargs) -> Table:
    out = frame.reindex(columns=[*(c.name for c in columns), "marks"]).reset_index(drop=True)
    out["marks"] = [m if isinstance(m, dict) else {} for m in out["marks"]]
    return Table(name, title, columns, out, **kwargs)


def _parameters(p: Projection, scenario: Any, shown: list[str], seed: int | None) -> dict[str, Any]:
    from nato3.plain import plain

    m = p.montecarlo
    own_seed = p.setup.resolved.scenario.monte_carlo.seed
    given = scenario if isinstance(scenario, (str, dict)) else p.setup.resolved.name
    return plain(
        {
            "scenario": str(given) if not isinstance(given, dict) else given,
            "draws": m.params.draws if m is not None else 0,
            "seed": m.params.seed if m is not None else (own_seed if seed is None else seed),
            "countries": shown or None,
            "name": p.setup.resolved.name,
        }
    )  # fmt: skip


def _allies(p: Projection, start: dict[str, dict], mid: int | None, shown: list[str]) -> pd.DataFrame:
    """The summary per ally (by start share, then name; no figures last) and NATO's aggregates."""
    from nato3.projection.engine import GAP, SHARE

    r = p.setup.resolved
    from nato3.projection.announced import describe_used

    used = p.setup.compiled.announcements
    allies = p.summary.assign(kind="ally")
    allies["announcement_used"] = [describe_used(used[c], short=True) if c in used else None for c in allies["iso3"]]
    shares = p.allies.pivot(index="iso3", columns="year", values=SHARE)
    allies["share_mid_pct"] = [shares.loc[c, mid] if mid and h else None for c, h in
                               zip(allies["iso3"], allies["has_nato_figures"], strict=True)]  # fmt: skip
    if shown:
        allies = allies[allies["iso3"].isin(shown)]
    allies = allies.assign(_none=allies["base_share_pct"].isna(), _share=-allies["base_share_pct"].fillna(0))
    allies = allies.sort_values(["_none", "_share", "country"], kind="stable").drop(columns=["_none", "_share"])
    rows = []
    codes = p.montecarlo.codes if p.montecarlo is not None else ()
    for code in AGGREGATES:
        agg = p.aggregates[p.aggregates["iso3"] == code].set_index("year")
        path = agg[SHARE]
        reached = path[path >= r.target_pct]
        row = {
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
        }
        if code in codes:
            row |= p.horizon_odds(codes.index(code))
        rows.append(row)
    frame = pd.concat([allies, pd.DataFrame(rows)], ignore_index=True)
    for column in ("year_reaching_target", "shortfall_year", "base_share_year"):
        frame[column] = frame[column].astype("Int64")
    frame["marks"] = [_ally_marks(row, start, r.base_year) for row in frame.to_dict("records")]
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


def _ally_marks(row: dict, start: dict[str, dict], base_year: int) -> dict[str, tuple[str, ...]]:
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


def _reaching(p: Projection, allies: pd.DataFrame) -> dict[str, Any]:
    """How many of the allies with figures are at or above the target at the horizon (all allies,
    whatever ``countries`` shows), and NATO Europe and Canada there."""
    summary = p.summary[p.summary["has_nato_figures"]]
    at = summary[summary["share_horizon_pct"] >= p.target_pct].sort_values("country")
    europe = allies[allies["iso3"] == "NATO_EUR_CAN"].iloc[0]
    return {
        "allies_projected": len(summary),
        "allies_at_target": len(at),
        "allies_at_target_names": at["country"].tolist(),
        "europe_canada_share_horizon_pct": europe["share_horizon_pct"],
        "p_europe_canada_at_target": europe.get("p_reach_by_horizon"),
    }


def _summary_frame(summary: dict[str, Any], cash: pd.DataFrame) -> pd.DataFrame:
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


def _marked_by_year(frame: pd.DataFrame, money: list[str], odds: list[str], projected: pd.Series) -> pd.DataFrame:
    """``projection`` on the money of ``projected`` years and on every odds; ``derived`` on money
    computed from observed shares and GDP (the start, when GDP there is NATO's)."""
    out = frame.copy()
    rows = []
    for i, flag in enumerate(projected.tolist()):
        marks = {c: (pt.PROJECTION if flag else pt.DERIVED) for c in money if out[c].iat[i] == out[c].iat[i]}
        marks |= {c: pt.PROJECTION for c in odds if out[c].iat[i] == out[c].iat[i]}
        rows.append(marks)
    out["marks"] = rows
    return out


def _verdicts(allies: pd.DataFrame) -> pd.DataFrame:
    from nato3.projection.credibility import CATEGORIES

    rows = []
    for category in CATEGORIES:
        names = sorted(allies.loc[allies["credibility"] == category, "country"])
        if names:
            rows.append({"credibility": category, "allies": len(names), "names": names})
    frame = pd.DataFrame(rows, columns=["credibility", "allies", "names"])
    frame["marks"] = [{"allies": pt.PROJECTION} for _ in range(len(frame))]
    return frame


def _announcements(p: Projection, names: dict[str, str]) -> pd.DataFrame:
    rows = [{**row.to_dict(), "country": names.get(row.iso3, row.iso3)} for row in p.setup.compiled.announced_rows]
    frame = pd.DataFrame(rows, columns=[c.name for c in pt.ANNOUNCEMENTS])
    frame["target_year"] = frame["target_year"].astype("Int64")
    return frame.sort_values(["country", "target_year", "announced_on"], kind="stable")


def _settings(p: Projection, mid: int | None, seed: int | None) -> pd.DataFrame:
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


def _editions(p: Projection) -> list[EditionUse]:
    from nato3.standing.defaults import standing_view

    r, base = p.setup.resolved, p.setup.base
    shares, gdp = base.edition, base.gdp_edition
    default = standing_view()
    why = (
        f"every ally's {r.base_year} share of GDP: the year and edition of where each ally stands by default"
        if (default.year, default.edition.label) == (r.base_year, shares.label)
        else f"every ally's {r.base_year} share of GDP, as the scenario sets"
    )
    out = [_use(shares, ("defence_share_gdp_pct",), why)]
    money = "the newest edition with constant-price GDP: spending and gaps in constant US$, default growth rates"
    if gdp.label == shares.label:
        return [_use(shares, ("defence_share_gdp_pct", "gdp_musd_const"), f"{why}; GDP: {money}")]
    return [*out, _use(gdp, ("gdp_musd_const",), f"GDP from {base.anchor_year}: {money}")]


def _use(edition, figures: tuple[str, ...], why: str) -> EditionUse:
    return EditionUse(
        edition.label,
        definition=getattr(edition, "definition", None),
        published=edition.published,
        price_base_year=edition.price_base_year,
        figures=figures,
        why=why,
    )


def fan_chart(doc: Document, path, series: list[str] | None = None):
    """Write the fan chart of a projection document's paths (``series``: ISO3 or aggregate codes,
    default NATO Europe and Canada and NATO Total) to ``path`` (.png, .svg or .pdf).

    Raises:
        Nato3Error: unwritable path or unsupported file type.
    """
    from nato3.projection.charts import describe_source, draw_fan

    settings = doc.tables["paths_settings"].records()[0]
    shares, gdp = doc.editions[0].describe(), doc.editions[-1].describe()
    draws = (settings["draws"], settings["seed"]) if settings["draws"] else None
    source = describe_source(settings["scenario"], shares, gdp, draws)
    return draw_fan(doc.tables["paths"].frame, path, settings["target_pct"], doc.title, source, series)
