"""The burden-sharing charts, with a source line under each (via :mod:`nato3.charts.static`):

* :func:`us_vs_europe_chart`: United States against Europe and Canada, spending over time at
  constant prices (stacked area), with the US share in the last year;
* :func:`burden_scatter`: burden (spending ÷ GDP) against GDP on a log scale, one point per ally,
  with Spearman's ρ and Kendall's τ of the Olson–Zeckhauser test annotated;
* :func:`fair_share_bars`: the fair-share index (spending share ÷ GDP share) of every ally.

Each function writes ``path`` (.png, .svg or .pdf) and returns it; a bad path raises
:class:`~nato3.errors.Nato3Error` before anything is drawn.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nato3.burden.inputs import Prices, Source
from nato3.charts.static import PALETTE, add_source, check_chart_path, new_figure, save
from nato3.errors import Nato3Error

KINDS = ("fair-share", "scatter", "us-europe")
LABELS = {
    "us-europe": ("Year", "Defence spending, billion US$ ({base})"),
    "scatter": ("GDP, million US$ ({base}), log scale", "Defence spending, % of GDP"),
    "fair-share": ("Fair-share index (spending share ÷ GDP share)", "Ally"),
}


def source_line(source: Source | str, sources: list[dict], extra: str = "") -> str:
    """One short line naming the datasets and editions of ``sources`` (from ``provenance``)."""
    named = []
    for s in sources:
        table = s.get("table", "")
        if table.startswith("nato_"):
            named.append(f"NATO, Defence Expenditure of NATO Countries (edition {s['edition']})")
        elif table == "sipri_milex":
            named.append(f"SIPRI Military Expenditure Database ({s['edition']} release)")
        elif table == "worldbank_population_gdp":
            named.append("World Bank WDI population")
    derived = " GDP derived as SIPRI spending ÷ share of GDP." if Source(source) is Source.sipri else ""
    return f"Source: {'; '.join(named)}.{derived} {extra}Chart: nato3 burden.".replace("  ", " ")


def _base(prices: Prices | str, price_base: str) -> str:
    return price_base if Prices(prices) is Prices.constant else "current prices"


def us_vs_europe_chart(groups: pd.DataFrame, path: Path | str, price_base: str, line: str, prices=Prices.constant):
    """Stacked area of the ``united_states`` and ``europe_and_canada`` rows of ``groups``
    (from :func:`nato3.burden.groups.group_metrics`, several years) in billion US$."""
    path = check_chart_path(path)
    wide = groups.pivot(index="year", columns="group", values="spending_musd")[["united_states", "europe_and_canada"]]
    wide = wide / 1000
    known = wide.notna().all(axis=1).to_numpy()
    if not known.any():
        raise Nato3Error("no year with spending known for both the United States and Europe and Canada")
    fig, ax = new_figure()
    # Stacked by hand so that a year with an unknown total stays a gap instead of being bridged.
    us, total = wide["united_states"], wide["united_states"] + wide["europe_and_canada"]
    for low, high, label, colour in (
        (0 * us, us, "United States", PALETTE["united_states"]),
        (us, total, "Europe and Canada", PALETTE["europe_and_canada"]),
    ):
        ax.fill_between(wide.index, low, high, where=known, label=label, color=colour, alpha=0.9, linewidth=0)
    last = wide.index[known].max()
    us_share = 100 * wide.loc[last, "united_states"] / total[last]
    if not known.all():
        missing = ", ".join(str(y) for y in wide.index[~known])
        line = f"{line} Gaps ({missing}): the source lacks an ally's spending, so the total is unknown."
    xlabel, ylabel = LABELS["us-europe"]
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel.format(base=_base(prices, price_base)))
    ax.set_title("Who pays for NATO: United States vs Europe and Canada")
    ax.set_xlim(wide.index[known].min(), last)
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", title=f"US share {last}: {us_share:.1f} %", alignment="left")
    add_source(fig, line)
    return save(fig, path)


def burden_scatter(allies: pd.DataFrame, oz: dict, year: int, path: Path | str, price_base: str, line: str):
    """Burden against GDP (log scale) for ``allies`` of one year; ``oz`` holds ``spearman_rho``,
    ``spearman_p``, ``kendall_tau``, ``kendall_p`` and ``n`` (all allies)."""
    path = check_chart_path(path)
    data = allies.dropna(subset=["gdp_musd", "burden_pct"])
    data = data[data["gdp_musd"] > 0]
    fig, ax = new_figure()
    colours = [PALETTE["united_states"] if i == "USA" else PALETTE["europe_and_canada"] for i in data["iso3"]]
    ax.scatter(data["gdp_musd"], data["burden_pct"], c=colours, s=28, zorder=3)
    for row in data.itertuples():
        ax.annotate(row.iso3, (row.gdp_musd, row.burden_pct), xytext=(3, 3), textcoords="offset points", fontsize=7)
    ax.set_xscale("log")
    xlabel, ylabel = LABELS["scatter"]
    ax.set_xlabel(xlabel.format(base=price_base))
    ax.set_ylabel(ylabel)
    ax.set_title(f"Do larger allies carry a larger burden? {year}")
    text = (
        f"Spearman ρ = {oz['spearman_rho']:.2f} (p = {oz['spearman_p']:.3f})\n"
        f"Kendall τ = {oz['kendall_tau']:.2f} (p = {oz['kendall_p']:.3f}), n = {oz['n']}\n"
        "Ratio bias: burden has GDP in its denominator"
    )
    ax.text(0.02, 0.97, text, transform=ax.transAxes, va="top", fontsize=8)
    add_source(fig, line)
    return save(fig, path)


def fair_share_bars(allies: pd.DataFrame, year: int, path: Path | str, line: str):
    """Horizontal bars of each ally's fair-share index in one year, with the even-share line at 1."""
    path = check_chart_path(path)
    data = allies.dropna(subset=["fair_share_index"]).sort_values("fair_share_index")
    if data.empty:
        raise Nato3Error(f"no fair-share index for {year}: the alliance's spending or GDP total is unknown that year")
    fig, ax = new_figure(8.0, max(4.8, 0.22 * len(data) + 1.5))
    colours = [PALETTE["united_states"] if i == "USA" else PALETTE["europe_and_canada"] for i in data["iso3"]]
    ax.barh(data["country"], data["fair_share_index"], color=colours, zorder=3)
    ax.axvline(1.0, color=PALETTE["target"], linewidth=1, linestyle="--")
    ax.text(1.0, 0.005, " even share", color=PALETTE["target"], fontsize=8, transform=ax.get_xaxis_transform())
    xlabel, ylabel = LABELS["fair-share"]
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(f"Who pays more than its economic weight? {year}")
    add_source(fig, line)
    return save(fig, path)


def draw(kind: str, report, path: Path | str, edition: str | None = None) -> Path:
    """Draw chart ``kind`` (one of :data:`KINDS`) for a :class:`~nato3.burden.report.YearReport`.

    ``us-europe`` covers every year of the report's source up to the report's year (NATO:
    in ``edition`` or, per year, the newest edition with spending in US$).

    Raises:
        Nato3Error: unknown kind or a bad path.
    """
    if kind not in KINDS:
        raise Nato3Error(f"unknown chart kind {kind!r}; allowed: {', '.join(KINDS)}")
    check_chart_path(path)
    if kind == "fair-share":
        return fair_share_bars(report.allies, report.year, path, source_line(report.source, report.sources))
    if kind == "scatter":
        levels = report.olson_zeckhauser.query("test == 'levels' and sample == 'all'").iloc[0].to_dict()
        line = source_line(report.source, report.sources)
        return burden_scatter(report.allies, levels, report.year, path, report.price_base, line)
    from nato3.alliance.groups import builtin_groups
    from nato3.burden.analysis import load
    from nato3.burden.groups import HEADLINE, group_metrics
    from nato3.burden.inputs import price_base, provenance

    loaded = load(report.source, None, report.year, edition)
    groups = loaded.within(group_metrics(loaded.rows, [builtin_groups()[g] for g in HEADLINE], report.prices))
    editions = sorted(groups["edition"].unique())
    line = source_line(report.source, provenance(report.source, editions))
    base = price_base(report.source, editions)
    return us_vs_europe_chart(groups, path, base, line, report.prices)
