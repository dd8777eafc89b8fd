"""Where each ally stands: the status document (share of GDP, real change, equipment share,
pledges met), rendered as ``nato3 status`` shows it, and a bar chart of every ally's share of GDP
against the pledges measured on it.

Nothing here computes or re-flags a figure: the table is the document's, marks included.
"""

from __future__ import annotations

from nato3.report.charts import chart
from nato3.report.context import HEADLINE, ReportContext
from nato3.report.format import pct, plain, threshold, words
from nato3.report.section import Chart, Section

ID = "standing"
TITLE = "Where each ally stands"
ORDER = 20


def _chart(ctx: ReportContext, citation: str) -> Chart:
    """Horizontal bars, highest share on top; the US in its own colour; pledge lines."""
    from nato3.charts.static import PALETTE, new_figure

    status = ctx.status
    allies = status[(status["kind"] == "ally") & status[HEADLINE].notna()].iloc[::-1]
    total = plain(status.set_index("iso3").loc["NATO_TOTAL", HEADLINE])
    pledge_lines = [p for p in ctx.pledges.values() if p.metric == HEADLINE]

    def make():
        fig, ax = new_figure(7.0, 1.4 + 0.24 * len(allies))
        colours = [PALETTE["united_states"] if c == "USA" else PALETTE["europe_and_canada"] for c in allies["iso3"]]
        positions = range(len(allies))
        ax.barh(positions, allies[HEADLINE], color=colours, height=0.72)
        ax.set_yticks(list(positions), allies["country"])
        ax.tick_params(axis="y", length=0)
        for y, (value, marks) in enumerate(zip(allies[HEADLINE], allies["marks"], strict=True)):
            ax.text(value + 0.04, y, pct(value) + (" e" if "estimate" in marks.get(HEADLINE, ()) else ""), va="center",
                    fontsize=8)  # fmt: skip
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
        return fig

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
    inputs = (allies, total, pledge_lines, ctx.year)
    return chart(make, "chart-standing-share", alt, caption, citation, inputs=inputs)


def build(ctx: ReportContext) -> Section:
    doc = ctx.status_doc
    citation = "; ".join(source.cite() for source in doc.sources if source.kind != "reference")
    return Section(
        id=ID,
        title=TITLE,
        values={"doc": doc, "year": ctx.year, "pledges": list(ctx.pledges.values())},
        charts={"share": _chart(ctx, citation)},
        sources=[source.table for source in doc.sources],
    )
