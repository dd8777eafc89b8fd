"""Charts of the NATO-vs-SIPRI table (the ``reconcile`` document's table): every ally in one
year, or one ally over the years.

Every chart names both sources and editions under it (:func:`nato3.charts.static.add_source`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nato3.charts.static import PALETTE, add_source, check_chart_path, new_figure, save
from nato3.errors import Nato3Error


def source_line(nato_editions: list[str], sipri_edition: str) -> str:
    nato = ", ".join(sorted(nato_editions))
    return (
        f"Sources: NATO, Defence Expenditure of NATO Countries (edition {nato}; share of real GDP); "
        f"SIPRI Military Expenditure Database (edition {sipri_edition}; share of GDP). Open marker = NATO estimate. "
        "Chart: nato3."
    )


def _one_year(df: pd.DataFrame, year: int):
    rows = df[df["year"] == year].sort_values("nato_share_gdp_pct")
    fig, ax = new_figure(8.0, max(4.0, 0.24 * len(rows) + 1.5))
    y = range(len(rows))
    for i, r in zip(y, rows.itertuples(), strict=False):
        ax.plot([r.sipri_share_gdp_pct, r.nato_share_gdp_pct], [i, i], color=PALETTE["grey"], linewidth=1, zorder=1)
    est = rows["nato_is_estimate"].to_numpy()
    ax.scatter(rows["sipri_share_gdp_pct"], list(y), color=PALETTE["europe"], label="SIPRI", zorder=2, s=22)
    ax.scatter(
        rows["nato_share_gdp_pct"],
        list(y),
        facecolors=["none" if e else PALETTE["united_states"] for e in est],
        edgecolors=PALETTE["united_states"],
        label="NATO",
        zorder=3,
        s=26,
    )
    ax.set_yticks(list(y), rows["country"].tolist())
    ax.set_xlabel("Defence spending, % of GDP")
    ax.set_title(f"NATO vs SIPRI: defence spending as a share of GDP, {year}")
    ax.legend(loc="lower right")
    return fig


def _one_country(df: pd.DataFrame, iso3: str):
    rows = df[df["iso3"] == iso3].sort_values("year")
    fig, ax = new_figure()
    ax.plot(rows["year"], rows["sipri_share_gdp_pct"], color=PALETTE["europe"], marker="o", label="SIPRI")
    ax.plot(rows["year"], rows["nato_share_gdp_pct"], color=PALETTE["united_states"], label="NATO")
    est = rows[rows["nato_is_estimate"]]
    done = rows[~rows["nato_is_estimate"]]
    ax.scatter(done["year"], done["nato_share_gdp_pct"], color=PALETTE["united_states"], zorder=3)
    ax.scatter(est["year"], est["nato_share_gdp_pct"], facecolors="none", edgecolors=PALETTE["united_states"], zorder=3)
    ax.set_ylabel("Defence spending, % of GDP")
    ax.set_title(f"{rows['country'].iloc[0]}: NATO vs SIPRI share of GDP")
    ax.legend()
    return fig


def reconcile_chart(
    df: pd.DataFrame, path: Path | str, source: str, iso3: str | None = None, year: int | None = None
) -> Path:
    """Draw the NATO-vs-SIPRI rows ``df`` (the ``reconcile`` document's table) to ``path``, with
    ``source`` (:func:`source_line`) under it.

    One ally (``iso3``) gives its series; otherwise every ally in ``year`` (default: the newest).

    Raises:
        Nato3Error: a bad path or nothing to draw.
    """
    path = check_chart_path(path)
    if df.empty:
        raise Nato3Error("nothing to draw: no ally-year has both a NATO and a SIPRI share for this selection")
    if iso3 and year is None:
        fig = _one_country(df, iso3)
    else:
        fig = _one_year(df, int(year if year is not None else df["year"].max()))
    add_source(fig, source)
    return save(fig, path)
