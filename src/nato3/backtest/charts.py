"""Reliability chart of a backtest: forecast probability against observed frequency, per method.

A calibrated forecast lies on the diagonal: of the events given 30 %, 30 % happened. Points are
the probability bins of :func:`nato3.backtest.metrics.reliability_table` (all horizons), sized
by how many events they hold; the source line says these are hindcasts and of which editions.
:func:`draw_reliability` draws from the table itself (the backtest document's
``backtest_reliability``), so every face draws the figures it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from nato3.backtest.run import Backtest


def source_line(b: Backtest) -> str:
    series = "; ".join(f"{h.history.label}, origins {h.origins[0]}–{h.origins[-1]}" for h in b.hindcasts if h.origins)
    return describe_source(series, b.params.draws if b.params is not None else 0)


def describe_source(series: str, draws: int) -> str:
    """The chart's source line: hindcasts, of which series, with how many draws."""
    how = f"{draws:,} Monte Carlo draws per origin" if draws else "no draws"
    return f"Hindcasts, not forecasts. Source: {series}; {how}. Made with nato3."


def reliability_chart(b: Backtest, path: str | Path, threshold: float | None = None) -> Path:
    """Write the reliability chart of ``b`` (the first threshold unless ``threshold``) to ``path``.

    Raises:
        Nato3Error: unwritable path, unsupported file type, or a backtest without draws.
    """
    from nato3.errors import Nato3Error

    if b.reliability.empty or b.params is None:
        raise Nato3Error(
            "a reliability chart needs Monte Carlo draws: without them there are no probabilities", parameter="draws"
        )
    return draw_reliability(b.reliability, path, source_line(b), threshold)


def draw_reliability(table: pd.DataFrame, path: str | Path, source: str, threshold: float | None = None) -> Path:
    """Write the reliability chart of ``table`` (``source``, ``edition``, ``method``,
    ``threshold_pct``, ``events``, ``mean_probability``, ``observed_frequency``) to ``path``.

    Raises:
        Nato3Error: unwritable path, unsupported file type, or an empty table.
    """
    from nato3.charts.static import SERIES, add_source, check_chart_path, new_figure, save
    from nato3.errors import Nato3Error

    path = check_chart_path(path)
    if table.empty:
        raise Nato3Error("a reliability chart needs Monte Carlo draws: without them there are no probabilities")
    threshold = float(table["threshold_pct"].iloc[0]) if threshold is None else float(threshold)
    table = table[table["threshold_pct"] == threshold]
    fig, ax = new_figure(6.4, 5.6)
    ax.plot([0, 1], [0, 1], color="#7F7F7F", linestyle="--", linewidth=1, label="calibrated")
    groups = list(table.groupby(["source", "edition", "method"], sort=True))
    for k, ((source_name, edition, method), part) in enumerate(groups):
        colour = SERIES[k % len(SERIES)]
        label = f"{method.replace('_', ' ')} ({'NATO' if source_name == 'nato' else 'SIPRI'} {edition})"
        ax.plot(part["mean_probability"], part["observed_frequency"], color=colour, linewidth=1.2, label=label)
        sizes = 10 + 140 * part["events"] / max(float(table["events"].max()), 1.0)
        ax.scatter(part["mean_probability"], part["observed_frequency"], s=sizes, color=colour, alpha=0.7, zorder=3)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"Forecast probability of being at or above {threshold:g} % of GDP")
    ax.set_ylabel("Observed frequency")
    ax.set_title("How good are the odds? Reliability of hindcasts")
    ax.legend(title="points sized by events; all horizons", title_fontsize=7, fontsize=8, loc="upper left")
    add_source(fig, source)
    return save(fig, path)
