"""Headline figures: the alliance total, the US and Europe-and-Canada shares of NATO's defence
spending, how many allies meet each pledge, which are at or above the Hague core pledge, and
(once projections exist) how many allies the report's scenario puts at the target by 2035.

Every figure comes from a document (the status document for shares of GDP and pledges, the burden
document for the alliance's spending and its split, as ``nato3 burden`` prints them) or, for the
projection card, the projection document through the context, and names the edition it came
from. A figure no edition publishes for the year is listed as not published, never shown as
zero; the projection card says it is a projection.
"""

from __future__ import annotations

from typing import Any

from nato3.report.context import EUROPE_CANADA, HEADLINE, TOTAL, ReportContext
from nato3.report.format import pct, plain, pledge_short, threshold, usd_bn, words
from nato3.report.section import Section, SummaryRow

ID = "headline"
TITLE = "Headline figures"
ORDER = 10

CORE_PLEDGE = "hague-core-3.5"
PRICES = ("current", "constant")  # the burden documents of the money figures; who pays reads the constant one


SHORT = {  # labels for the terminal summary
    "nato-total-share-gdp": "NATO Total, % of GDP",
    "europe-canada-share-gdp": "Europe and Canada, % of GDP",
    "nato-total-spending": "NATO Total spending",
    "us-share-of-spending": "US share of spending",
    "europe-canada-share-of-spending": "Europe and Canada share",
    "paths-allies-at-target": "Allies at target (projection)",
}


def _figure(key: str, label: str, value: Any, text: str, edition: Any, estimate: Any, note: str) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "short": SHORT[key],
        "value": plain(value),
        "text": text,
        "edition": edition.label if edition is not None else None,
        "edition_text": edition.describe() if edition is not None else "",
        "estimate": bool(plain(estimate)),
        "note": note,
        "projection": False,
    }


def _alliance_figures(ctx: ReportContext) -> tuple[list[dict[str, Any]], list[str]]:
    """NATO Total and Europe-and-Canada figures; the second list names those not published."""
    status = ctx.status.set_index("iso3")
    share_edition = ctx.edition_for(HEADLINE)
    figures, missing = [], []
    for code, key, label, missing_label in (
        (TOTAL, "nato-total-share-gdp", "NATO Total: defence spending as a share of GDP", "NATO Total's share of GDP"),
        (
            EUROPE_CANADA,
            "europe-canada-share-gdp",
            "NATO Europe and Canada: defence spending as a share of GDP",
            "NATO Europe and Canada's share of GDP",
        ),
    ):
        value = plain(status.loc[code, HEADLINE])
        if value is None:
            missing.append(missing_label)
            continue
        method = status.loc[code, "aggregate_method"]
        estimate = "estimate" in status.loc[code, "marks"].get(HEADLINE, ())
        figures.append(_figure(key, label, value, pct(value), share_edition, estimate, method[:1].upper() + method[1:]))

    money = _money_documents(ctx)
    if money is None:
        missing.append("NATO's defence spending in US$ and its split between the US and Europe and Canada")
        return figures, missing
    current, constant = money
    alliance = current.tables["alliance"].records()[0]
    groups = {r["group"]: r for r in constant.tables["group_shares"].records()}
    base = constant.editions[0].price_base_year
    money_note = f"Share of the alliance's spending at constant {base} prices and exchange rates (nato3 burden)"
    if current.parameters["year"] != ctx.year:
        money_note += f"; {constant.editions[0].why}"
    figures.append(
        _figure(
            "nato-total-spending",
            "NATO Total defence spending",
            alliance["spending_musd"],
            usd_bn(alliance["spending_musd"]),
            current.editions[0],
            _estimate(alliance, "spending_musd"),
            "Current prices and exchange rates"
            + ("" if current.parameters["year"] == ctx.year else f"; {current.editions[0].why}"),
        )
    )
    for group, key, label in (
        ("united_states", "us-share-of-spending", "United States: share of NATO's defence spending"),
        ("europe_and_canada", "europe-canada-share-of-spending", "Europe and Canada: share of NATO's defence spending"),
    ):
        row = groups[group]
        share = row["spending_share_pct"]
        estimate = _estimate(row, "spending_share_pct")
        figures.append(_figure(key, label, share, pct(share, 1), constant.editions[0], estimate, money_note))
    return figures, missing


def _money_documents(ctx: ReportContext):
    """The burden documents of the report's year in current and constant prices (the alliance's
    spending, the split between the US and Europe and Canada); None where NATO publishes no
    spending in US$ for that year (or the report's edition has none)."""
    from nato3.errors import Nato3Error

    try:
        return tuple(ctx.document("burden", year=ctx.year, edition=ctx.edition, prices=p) for p in PRICES)
    except Nato3Error:
        if ctx.edition is not None:
            return None
    # The report's year has no spending in US$: the money view's own year, which the figures then name.
    return tuple(ctx.document("burden", prices=p) for p in PRICES)


def _estimate(row: dict[str, Any], column: str) -> bool:
    return "estimate" in (row.get("marks") or {}).get(column, [])


def _projection_figure(ctx: ReportContext) -> dict[str, Any] | None:
    """How many allies the scenario puts at or above its target in the horizon year, as the
    projection document's summary counts them."""
    doc = ctx.projection_doc
    settings = doc.tables["paths_settings"].records()[0]
    summary = doc.tables["paths_summary"].records()[0]
    target, horizon = settings["target_pct"], settings["horizon"]
    count, of = summary["allies_at_target"], summary["allies_projected"]
    return {
        "key": "paths-allies-at-target",
        "label": f"Allies at or above {threshold(target)} of GDP in {horizon}: a projection",
        "short": f"Allies at {threshold(target)} in {horizon}",
        "value": count,
        "text": f"{count} of {of}",
        "edition": settings["edition"],
        "edition_text": f"Starting from {doc.editions[0].describe()}",
        "estimate": False,
        "note": f"Projection, not data: scenario {settings['scenario']}, of the {of} allies with NATO figures "
        f"(see Paths to {horizon})",
        "projection": True,
        "scenario": settings["scenario"],
    }


def _pledge_counts(ctx: ReportContext) -> list[dict[str, Any]]:
    allies = ctx.status[ctx.status["kind"] == "ally"]
    out = []
    for pledge in ctx.pledges.values():
        marks = [plain(v) for v in allies[f"meets_{pledge.pledge_id}"]]
        edition = ctx.edition_for(pledge.metric) if pledge.metric in allies.columns else None
        out.append(
            {
                "pledge": pledge,
                "threshold": threshold(pledge.threshold_pct),
                "met": marks.count(True),
                "not_met": marks.count(False),
                "unknown": marks.count(None),
                "allies": len(marks),
                "edition": edition.label if edition is not None else None,
                "edition_text": edition.describe() if edition is not None else "",
            }
        )
    return out


def _core(ctx: ReportContext) -> dict[str, Any]:
    pledge = ctx.pledges[CORE_PLEDGE]
    allies = ctx.status[(ctx.status["kind"] == "ally") & (ctx.status[f"meets_{CORE_PLEDGE}"].fillna(False))]
    return {
        "pledge": pledge,
        "threshold": threshold(pledge.threshold_pct),
        "allies": [
            {
                "iso3": r["iso3"],
                "name": r["country"],
                "value": plain(r[HEADLINE]),
                "estimate": "estimate" in r["marks"].get(HEADLINE, ()),
            }
            for r in allies.to_dict("records")
        ],
    }


def _newer(ctx: ReportContext) -> dict[str, Any] | None:
    """The newest year with any share of GDP, when it is after the report's year."""
    from nato3.standing.editions import latest_year

    newest = latest_year() if ctx.edition is None else ctx.year
    if newest <= ctx.year:
        return None
    status = ctx.status_for(newest).tables["allies"].frame
    allies = status[status["kind"] == "ally"]
    total = plain(status.set_index("iso3").loc[TOTAL, HEADLINE])
    return {
        "year": newest,
        "with_figures": int(allies[HEADLINE].notna().sum()),
        "allies": len(allies),
        "has_total": total is not None,
    }


def build(ctx: ReportContext) -> Section:
    figures, missing = _alliance_figures(ctx)
    pledges = _pledge_counts(ctx)
    core = _core(ctx)
    summary = [
        SummaryRow(f["short"], f["text"] + (" e" if f["estimate"] else ""), f"edition {f['edition']}") for f in figures
    ]
    projected = _projection_figure(ctx)
    if projected is not None:
        figures.append(projected)
    for p in pledges:
        counted = f"{p['met']} of {p['allies']}" + (f", {p['unknown']} unknown" if p["unknown"] else "")
        note = f"edition {p['edition']}" if p["edition"] else "not published"
        summary.append(SummaryRow(f"Allies at {pledge_short(p['pledge'])} ({p['pledge'].summit})", counted, note))
    summary.append(
        SummaryRow(
            f"At or above {core['threshold']}",
            words(a["name"] for a in core["allies"]),
            f"edition {ctx.edition_for(HEADLINE).label}",
        )
    )
    if projected is not None:
        summary.append(
            SummaryRow(projected["short"], projected["text"], f"projection, scenario {projected['scenario']}")
        )
    return Section(
        id=ID,
        title=TITLE,
        values={"figures": figures, "missing": missing, "pledges": pledges, "core": core, "newer": _newer(ctx)},
        sources=[
            *ctx.datasets_for(HEADLINE, *{p.metric for p in ctx.pledges.values()}),
            *(s.table for doc in _money_documents(ctx) or () for s in doc.sources if s.kind != "reference"),
            "pledges",
            "countries",
        ],
        summary=summary,
    )
