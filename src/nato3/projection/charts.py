"""Fan chart of a projection: the deterministic path of each series, the Monte Carlo 5–95 % band
and median when there are draws, the target line, every ally's path in light grey for context,
and a source line saying it is a projection and from which editions.

:func:`draw_fan` draws from a table of paths year by year (the projection document's ``paths``
table, or :func:`paths_of` a :class:`~nato3.projection.Projection`), so every face draws the
figures it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nato3.projection.engine import SHARE

if TYPE_CHECKING:
    import pandas as pd

    from nato3.projection.result import Projection

DEFAULT_SERIES = ("NATO_EUR_CAN", "NATO_TOTAL")


def source_line(p: Projection) -> str:
    base = p.setup.base
    draws = (p.montecarlo.params.draws, p.montecarlo.params.seed) if p.montecarlo is not None else None
    return describe_source(p.name, base.edition.describe(), base.gdp_edition.describe(), draws)


def describe_source(scenario: str, shares: str, gdp: str, draws: tuple[int, int] | None) -> str:
    """The chart's source line: a projection, of which scenario, from which editions."""
    text = f"Projection, not data: scenario '{scenario}'. Source: shares, {shares}; GDP, {gdp}."
    text += " Aggregates by NATO's rules."
    if draws:
        text += f" Bands: 5–95 % of {draws[0]:,} Monte Carlo draws (seed {draws[1]})."
    return text + " Made with nato3."


def paths_of(p: Projection) -> pd.DataFrame:
    """A projection's paths year by year, as the projection document's ``paths`` table holds them:
    ``iso3``, ``country``, ``kind``, ``year``, the share and, with draws, its percentiles."""
    long = p.long[p.long["indicator"].isin([SHARE, "share_p05", "share_p50", "share_p95"])]
    wide = long.pivot_table(index=["iso3", "year"], columns="indicator", values="value").reset_index()
    names = dict(zip(p.setup.base.iso3, p.setup.base.names, strict=True))
    names |= dict(zip(p.aggregates["iso3"], p.aggregates["name"], strict=True))
    wide["country"] = wide["iso3"].map(names)
    wide["kind"] = ["ally" if c in p.setup.base.iso3 else "aggregate" for c in wide["iso3"]]
    return wide


def fan_chart(p: Projection, path: str | Path, series: list[str] | None = None) -> Path:
    """Write the fan chart of ``series`` (ISO3 codes or aggregate codes; default NATO Europe and
    Canada and NATO total) to ``path`` (.png, .svg or .pdf).

    Raises:
        Nato3Error: unwritable path or unsupported file type.
    """
    title = f"Paths to {p.horizon}: {p.name} (projection)"
    return draw_fan(paths_of(p), path, p.target_pct, title, source_line(p), series)


def draw_fan(
    paths: pd.DataFrame,
    path: str | Path,
    target_pct: float,
    title: str,
    source: str,
    series: list[str] | None = None,
) -> Path:
    """Write the fan chart of ``paths`` (``iso3``, ``country``, ``kind``, ``year``, the share and
    optionally ``share_p05``/``share_p50``/``share_p95``) for ``series`` to ``path``.

    Raises:
        Nato3Error: unwritable path or unsupported file type.
    """
    from nato3.charts.static import PALETTE, SERIES, add_source, check_chart_path, new_figure, save

    path = check_chart_path(path)
    series = list(series or DEFAULT_SERIES)
    fig, ax = new_figure(8.0, 5.0)
    years = sorted(int(y) for y in paths["year"].unique())
    by_code = {code: rows.sort_values("year") for code, rows in paths.groupby("iso3")}
    for code, rows in by_code.items():
        if rows["kind"].iloc[0] == "ally" and code not in series:
            ax.plot(rows["year"], rows[SHARE], color=PALETTE["grey"], alpha=0.25, linewidth=0.7)
    banded = False
    for k, code in enumerate(c for c in series if c in by_code):
        rows, colour = by_code[code], SERIES[k % len(SERIES)]
        band = rows.dropna(subset=["share_p05", "share_p95"]) if "share_p05" in rows else rows.iloc[0:0]
        if len(band):
            banded = True
            ax.fill_between(band["year"], band["share_p05"], band["share_p95"], color=colour, alpha=0.18, linewidth=0)
            ax.plot(band["year"], band["share_p50"], color=colour, linestyle=":", linewidth=1.2)
        ax.plot(rows["year"], rows[SHARE], color=colour, linewidth=2, label=rows["country"].iloc[0])
    ax.axhline(target_pct, color=PALETTE["target"], linestyle="--", linewidth=1)
    ax.annotate(
        f"target {target_pct:g} %",
        (years[0], target_pct),
        textcoords="offset points",
        xytext=(2, 4),
        color=PALETTE["target"],
        fontsize=8,
    )
    ax.set_title(title)
    ax.set_ylabel("Defence spending, % of GDP")
    ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    band = ", shaded: 5–95 % of draws, dotted: median" if banded else ""
    ax.legend(title=f"solid: deterministic path{band}; grey: other allies", title_fontsize=7, fontsize=8, loc="best")
    add_source(fig, source)
    return save(fig, path)
