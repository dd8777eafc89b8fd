"""The burden-sharing charts, drawn from the burden documents' tables, with a source line under
each (via :mod:`nato3.charts.static`):

* :func:`us_vs_europe_chart`: United States against Europe and Canada, spending over time
  (stacked area), with the US share in the last year (the ``burden_series`` document);
* :func:`burden_scatter`: burden (spending ÷ GDP) against GDP on a log scale, one point per ally,
  with Spearman's ρ and Kendall's τ of the Olson–Zeckhauser test annotated (``burden``);
* :func:`fair_share_bars`: the fair-share index (spending share ÷ GDP share) of every ally.

Each function writes ``path`` (.png, .svg or .pdf) and returns it; a bad path raises
:class:`~nato3.errors.Nato3Error` before anything is drawn. Nothing here computes a figure: the
values are the documents'.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nato3.charts.static import PALETTE, add_source, check_chart_path, new_figure, save
from nato3.errors import Nato3Error

KINDS = ("fair-share", "scatter", "us-europe")
LABELS = {
    "us-europe": ("Year", "Defence spending, billion US$ ({base})"),
    "scatter": ("GDP, million US$ ({base}), log scale", "Defence spending, % of GDP"),
    "fair-share": ("Fair-share index (spending share ÷ GDP share)", "Ally"),
}


def cited(doc) -> str:
    """The datasets and editions a document's figures come from, in a few words."""
    named = []
    for e in doc.editions:
        if e.publisher == "SIPRI":
            named.append(f"SIPRI Military Expenditure Database ({e.label} release)")
        else:
            named.append(f"NATO, Defence Expenditure of NATO Countries (edition {e.label})")
    if any(s.table.startswith("worldbank") for s in doc.sources):
        named.append("World Bank WDI population")
    derived = "; GDP derived as SIPRI spending ÷ share of GDP" if doc.parameters["source"] == "sipri" else ""
    return "; ".join(named) + derived


def source_line(doc) -> str:
    """The line under a chart: its sources, and the command that draws it."""
    return f"Source: {cited(doc)}. Chart: nato3 burden."


def price_base(doc) -> str:
    """ "2015 prices" (constant prices of the document's edition) or "current prices"."""
    if doc.parameters["prices"] != "constant":
        return "current prices"
    return f"{doc.editions[0].price_base_year} prices"


def us_vs_europe_chart(series: pd.DataFrame, path: Path | str, base: str, line: str):
    """Stacked area of the United States' and Europe and Canada's spending (``us_europe`` table of
    the ``burden_series`` document) in billion US$; the legend names the US share of the last year."""
    path = check_chart_path(path)
    wide = series.set_index("year")
    us = wide["united_states_spending_musd"] / 1000
    total = us + wide["europe_and_canada_spending_musd"] / 1000
    known = wide["united_states_share_pct"].notna().to_numpy()
    if not known.any():
        raise Nato3Error("no year with spending known for both the United States and Europe and Canada")
    fig, ax = new_figure()
    # Stacked by hand so that a year with an unknown total stays a gap instead of being bridged.
    for low, high, label, colour in (
        (0 * us, us, "United States", PALETTE["united_states"]),
        (us, total, "Europe and Canada", PALETTE["europe_and_canada"]),
    ):
        ax.fill_between(wide.index, low, high, where=known, label=label, color=colour, alpha=0.9, linewidth=0)
    last = wide.index[known].max()
    if not known.all():
        missing = ", ".join(str(y) for y in wide.index[~known])
        line = f"{line} Gaps ({missing}): the source lacks an ally's spending, so the total is unknown."
    xlabel, ylabel = LABELS["us-europe"]
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel.format(base=base))
    ax.set_title("Who pays for NATO: United States vs Europe and Canada")
    ax.set_xlim(wide.index[known].min(), last)
    ax.set_ylim(bottom=0)
    share = wide.loc[last, "united_states_share_pct"]
    ax.legend(loc="upper left", title=f"US share {last}: {share:.1f} %", alignment="left")
    add_source(fig, line)
    return save(fig, path)


def burden_scatter(allies: pd.DataFrame, oz: dict, year: int, path: Path | str, base: str, line: str):
    """Burden against GDP (log scale) for ``allies`` (the burden document's table) of one year;
    ``oz`` holds ``spearman_rho``, ``spearman_p``, ``kendall_tau``, ``kendall_p`` and ``n``."""
    path = check_chart_path(path)
    data = allies.dropna(subset=["gdp_musd", "defence_share_gdp_pct"])
    data = data[data["gdp_musd"] > 0]
    fig, ax = new_figure()
    colours = [PALETTE["united_states"] if i == "USA" else PALETTE["europe_and_canada"] for i in data["iso3"]]
    ax.scatter(data["gdp_musd"], data["defence_share_gdp_pct"], c=colours, s=28, zorder=3)
    for row in data.itertuples():
        point = (row.gdp_musd, row.defence_share_gdp_pct)
        ax.annotate(row.iso3, point, xytext=(3, 3), textcoords="offset points", fontsize=7)
    ax.set_xscale("log")
    xlabel, ylabel = LABELS["scatter"]
    ax.set_xlabel(xlabel.format(base=base))
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
        raise Nato3Error(
            f"no fair-share index for {year}: the alliance's spending or GDP total is unknown that year",
            parameter="year",
        )
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


def draw(kind: str, doc, path: Path | str, series=None) -> Path:
    """Draw chart ``kind`` (one of :data:`KINDS`) of a ``burden`` document; ``us-europe`` draws
    the ``burden_series`` document ``series`` (same source, edition and prices).

    Raises:
        Nato3Error: unknown kind, a bad path, a year without a known total.
    """
    if kind not in KINDS:
        raise Nato3Error(f"unknown chart kind {kind!r}; allowed: {', '.join(KINDS)}", parameter="chart_kind")
    check_chart_path(path)
    year = doc.parameters["year"]
    allies = doc["ally_shares"]
    if kind == "fair-share":
        return fair_share_bars(allies, year, path, source_line(doc))
    if kind == "scatter":
        tests = doc["olson_zeckhauser"]
        levels = tests[(tests["test"] == "levels") & (tests["sample"] == "all")].iloc[0].to_dict()
        return burden_scatter(allies, levels, year, path, price_base(doc), source_line(doc))
    return us_vs_europe_chart(series["us_europe"], path, price_base(series), source_line(series))
