"""Fan chart of a projection: the deterministic path of each series, the Monte Carlo 5–95 %
band and median when there are draws, the target line, every ally's path in light grey for
context, and a source line saying it is a projection and from which editions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nato3.projection.engine import SHARE

if TYPE_CHECKING:
    from nato3.projection.result import Projection

DEFAULT_SERIES = ("NATO_EUR_CAN", "NATO_TOTAL")


def source_line(p: Projection) -> str:
    base = p.setup.base
    text = (
        f"Projection, not data: scenario '{p.name}'. Source: shares, {base.edition.describe()}; GDP, "
        f"{base.gdp_edition.describe()}. Aggregates by NATO's rules."
    )
    if p.montecarlo is not None:
        m = p.montecarlo.params
        text += f" Bands: 5–95 % of {m.draws:,} Monte Carlo draws (seed {m.seed})."
    return text + " Made with nato3."


def fan_chart(p: Projection, path: str | Path, series: list[str] | None = None) -> Path:
    """Write the fan chart of ``series`` (ISO3 codes or aggregate codes; default NATO Europe and
    Canada and NATO total) to ``path`` (.png, .svg or .pdf).

    Raises:
        Nato3Error: unwritable path or unsupported file type.
    """
    from nato3.charts.static import PALETTE, SERIES, add_source, check_chart_path, new_figure, save

    path = check_chart_path(path)
    series = list(series or DEFAULT_SERIES)
    fig, ax = new_figure(8.0, 5.0)
    shares = p.wide(SHARE)
    years = [int(y) for y in p.setup.compiled.years]
    for iso3 in p.setup.base.iso3:
        if iso3 in shares.index and iso3 not in series:
            ax.plot(years, shares.loc[iso3, years], color=PALETTE["grey"], alpha=0.25, linewidth=0.7)
    names = dict(zip(p.summary["iso3"], p.summary["country"], strict=True))
    names |= dict(zip(p.aggregates["iso3"], p.aggregates["name"], strict=True))
    for k, code in enumerate(series):
        colour = SERIES[k % len(SERIES)]
        if p.montecarlo is not None and code in p.montecarlo.codes:
            row = p.montecarlo.codes.index(code)
            q = p.montecarlo.quantiles
            ax.fill_between(years, q[0.05][row], q[0.95][row], color=colour, alpha=0.18, linewidth=0)
            ax.plot(years, q[0.5][row], color=colour, linestyle=":", linewidth=1.2)
        if code in shares.index:
            ax.plot(years, shares.loc[code, years], color=colour, linewidth=2, label=names.get(code, code))
    ax.axhline(p.target_pct, color=PALETTE["target"], linestyle="--", linewidth=1)
    ax.annotate(
        f"target {p.target_pct:g} %",
        (years[0], p.target_pct),
        textcoords="offset points",
        xytext=(2, 4),
        color=PALETTE["target"],
        fontsize=8,
    )
    ax.set_title(f"Paths to {p.horizon}: {p.name} (projection)")
    ax.set_ylabel("Defence spending, % of GDP")
    ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    band = ", shaded: 5–95 % of draws, dotted: median" if p.montecarlo is not None else ""
    ax.legend(title=f"solid: deterministic path{band}; grey: other allies", title_fontsize=7, fontsize=8, loc="best")
    add_source(fig, source_line(p))
    return save(fig, path)
