"""Where each ally stands: the status table (share of GDP, real change, equipment share, pledges
met) and a bar chart of every ally's share of GDP against the pledges measured on it.

The numbers are :func:`nato3.status`'s. Each column names the edition it came from, and NATO's
estimates keep their ``e`` in the table and the chart, for every figure (a figure taken from an
older edition carries that edition's estimate flags).
"""

from __future__ import annotations

from typing import Any

from nato3.report.charts import chart
from nato3.report.context import HEADLINE, ReportContext, aggregate_value
from nato3.report.format import number, pct, plain, pledge_short, threshold, words
from nato3.report.section import Chart, Section

ID = "standing"
TITLE = "Where each ally stands"
ORDER = 20

COLUMNS = [  # figure, header, digits
    (HEADLINE, "Share of GDP (%)", 2),
    ("defence_exp_real_change_pct", "Real change (%)", 1),
    ("equipment_share_pct", "Equipment share (%)", 1),
]


def available() -> bool:
    """Needs only the Foundation's status table."""
    return True


def _estimate_flags(ctx: ReportContext, figure: str) -> dict[str, bool]:
    """iso3 → NATO's estimate flag for ``figure`` in the report's year, from the figure's edition."""
    from nato3.api import load
    from nato3.standing.editions import edition_for

    chosen = ctx.edition_for(figure)
    if chosen is None:
        return {}
    if chosen == edition_for(HEADLINE, ctx.year, ctx.edition):
        flags = ctx.status.set_index("iso3")["is_estimate"]
        return {k: bool(plain(v)) for k, v in flags.items()}
    rows = load("nato_series", edition=chosen.label, year=ctx.year)
    flags = {r["iso3"]: bool(r["is_estimate"]) for r in rows.to_dict("records")}
    for code in ("NATO_TOTAL", "NATO_EUR_CAN"):
        flags[code] = bool(plain(aggregate_value(chosen.label, ctx.year, code, "is_estimate")))
    return flags


def _columns(ctx: ReportContext) -> list[dict[str, Any]]:
    shown = []
    for figure, header, digits in COLUMNS:
        chosen = ctx.edition_for(figure)
        if chosen is None or ctx.status[figure].isna().all():
            continue
        shown.append(
            {
                "figure": figure,
                "header": header,
                "digits": digits,
                "edition": chosen.label,
                "edition_text": chosen.describe(),
                "flags": _estimate_flags(ctx, figure),
            }
        )
    return shown


def _rows(ctx: ReportContext, columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in ctx.status.to_dict("records"):
        cells = []
        for column in columns:
            value = plain(r[column["figure"]])
            estimate = value is not None and column["flags"].get(r["iso3"], False)
            cells.append({"value": value, "text": number(value, column["digits"]), "estimate": estimate})
        marks = [{"pledge": p, "met": plain(r[f"meets_{p.pledge_id}"])} for p in ctx.pledges.values()]
        rows.append(
            {"iso3": r["iso3"], "name": r["country"], "kind": r["kind"], "rank": plain(r["rank"]), "cells": cells}
            | {"marks": marks}
        )
    return rows


def _chart(ctx: ReportContext, citation: str) -> Chart:
    """Horizontal bars, highest share on top; the US in its own colour; pledge lines."""
    from nato3.charts.static import PALETTE, new_figure

    status = ctx.status
    allies = status[(status["kind"] == "ally") & status[HEADLINE].notna()].iloc[::-1]
    total = plain(status.set_index("iso3").loc["NATO_TOTAL", HEADLINE])
    fig, ax = new_figure(7.0, 1.4 + 0.24 * len(allies))
    colours = [PALETTE["united_states"] if c == "USA" else PALETTE["europe_and_canada"] for c in allies["iso3"]]
    positions = range(len(allies))
    ax.barh(positions, allies[HEADLINE], color=colours, height=0.72)
    ax.set_yticks(list(positions), allies["country"])
    ax.tick_params(axis="y", length=0)
    for y, (value, estimate) in enumerate(zip(allies[HEADLINE], allies["is_estimate"], strict=True)):
        ax.text(value + 0.04, y, pct(value) + (" e" if plain(estimate) else ""), va="center", fontsize=8)
    pledge_lines = [p for p in ctx.pledges.values() if p.metric == HEADLINE]
    for pledge in pledge_lines:
        ax.axvline(pledge.threshold_pct, color=PALETTE["target"], linestyle="--", linewidth=1)
        ax.text(pledge.threshold_pct, len(allies) - 0.3, f" {threshold(pledge.threshold_pct)} ({pledge.summit})",
                color=PALETTE["target"], fontsize=8, va="bottom")  # fmt: skip
    if total is not None:
        ax.axvline(total, color=PALETTE["grey"], linestyle=":", linewidth=1)
        ax.text(total, -1.1, f" NATO Total {pct(total)}", color=PALETTE["grey"], fontsize=8, va="center")
    ax.set_ylim(-1.6, len(allies) + 0.4)
    ax.set_xlim(0, max(allies[HEADLINE].max(), *(p.threshold_pct for p in pledge_lines)) * 1.15)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Defence expenditure, % of GDP")
    ax.set_title(f"Defence spending as a share of GDP, {ctx.year}", loc="left")

    top, bottom = allies.iloc[-1], allies.iloc[0]
    counts = [
        f"{int((allies[HEADLINE] >= p.threshold_pct).sum())} at or above {threshold(p.threshold_pct)}"
        for p in pledge_lines
    ]
    alt = (
        f"Bar chart of defence spending as a share of GDP in {ctx.year} for {len(allies)} allies, from "
        f"{top['country']} ({pct(top[HEADLINE])}) to {bottom['country']} ({pct(bottom[HEADLINE])}); "
        f"{words(counts)}. The United States is shown in blue, the other allies in orange."
    )
    caption = f"Allies by defence spending as a share of GDP, {ctx.year}. Dashed lines: the pledges; e: NATO estimate."
    return chart(fig, "chart-standing-share", alt, caption, citation)


def build(ctx: ReportContext) -> Section:
    columns = _columns(ctx)
    status = ctx.status
    allies = status[status["kind"] == "ally"]
    headline_edition = ctx.edition_for(HEADLINE)
    citation = ctx.citation(headline_edition.dataset)
    editions = {c["edition"]: c["edition_text"] for c in columns}
    values = {
        "year": ctx.year,
        "columns": columns,
        "rows": _rows(ctx, columns),
        "pledges": [{"pledge": p, "short": pledge_short(p)} for p in ctx.pledges.values()],
        "no_figure": allies.loc[allies[HEADLINE].isna(), "country"].tolist(),
        "allies": len(allies),
        "editions": editions,
        "hidden": [h for f, h, _ in COLUMNS if f not in {c["figure"] for c in columns}],
        "citation": citation,
    }
    return Section(
        id=ID,
        title=TITLE,
        values=values,
        charts={"share": _chart(ctx, citation)},
        sources=[*ctx.datasets_for(*(c["figure"] for c in columns)), "pledges", "countries"],
    )
