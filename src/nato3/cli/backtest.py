"""``nato3 backtest``: how good the projection's methods and odds were, from past origins.

A thin renderer: every number comes from :func:`nato3.backtest.backtest`; this module formats.
"""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, OutputFormat, console, fmt_number, write_csv, write_json

METHOD_LABELS = {"constant_share": "Constant share", "linear_trend": "Linear trend", "real_growth": "Real growth"}
POLICY_LABELS = {"constant_share": "keeps 2014 share", "straight_line_to_2pct": "straight line to 2 %"}


def backtest(
    source: str = typer.Option("sipri", "--source", help="sipri (1949-2024) or nato (each NATO edition apart)."),
    origins: str = typer.Option(None, "--origins", help="Origin years FROM:TO, e.g. 1990:2014. Default: all."),
    horizons: str = typer.Option("1-10", "--horizons", help="Years ahead: 1-10, 5 or 1,3,5."),
    draws: int = typer.Option(10_000, "--draws", "-n", help="Monte Carlo draws per origin (0: no bands or odds)."),
    seed: int = typer.Option(2035, "--seed", "-s", help="Random seed."),
    fit: bool = typer.Option(
        False, "--fit", help="Fit the Monte Carlo settings to these hindcasts and write them for the scenarios."
    ),
    chart: Path = typer.Option(None, "--chart", help="Also write a reliability chart (.png, .svg or .pdf)."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """How good are the odds? Hindcasts of the projection's methods from past origins, scored.

    From every origin year, constant share, linear trend and real growth project each ally's
    share of GDP 1-10 years ahead using only the data up to that year, with the projection's own
    Monte Carlo bands, and are compared with what the same edition says happened: error by
    horizon, coverage of the 50/80/95 % bands, Brier score and reliability of "at or above 2 %"
    odds, and the Wales case (2014 to 2024). Every figure is a hindcast.

    --fit fits the Monte Carlo settings (GDP growth sd, correlation, execution sd) to the
    errors, writes them with their provenance to the bundled data (the built-in scenarios use
    them) and reports the 80 % band coverage before and after.

    Output: table (people), json (every table), csv (the long format
    source x edition x method x iso3 x indicator x horizon).

    Examples:

      nato3 backtest

      nato3 backtest --source nato --draws 2000 --chart reliability.png

      nato3 backtest --fit
    """
    from nato3.backtest.run import backtest as run
    from nato3.backtest.run import parse_horizons, parse_origins
    from nato3.cli.common import fail

    if seed < 0:
        fail(f"--seed {seed} must be 0 or more")
    if chart is not None:
        from nato3.charts.static import check_chart_path

        check_chart_path(chart)
        if draws == 0:
            fail("--chart needs Monte Carlo draws: use --draws 1 or more")
    result = run(source, parse_origins(origins), parse_horizons(horizons), draws, seed, fit=fit)
    if chart is not None:
        from nato3.backtest.charts import reliability_chart

        reliability_chart(result, chart)
    if fmt is OutputFormat.json:
        write_json(result.to_json())
    elif fmt is OutputFormat.csv:
        write_csv(result.long)
    else:
        _print(result)
        if chart is not None:
            console(stderr=True).print(f"Chart written to {chart}", style="dim")


def _pct(value) -> str:
    return "–" if value is None or value != value else f"{value:.0%}"


def _print(b) -> None:
    from rich.table import Table

    out = console()
    for (source, edition), errors in b.errors.groupby(["source", "edition"], sort=False):
        label = next(h.history.label for h in b.hindcasts if (h.history.source, h.history.edition) == (source, edition))
        methods = list(dict.fromkeys(errors["method"]))
        table = Table(title=f"{label}: error of the share (pp) and 80 % band coverage by years ahead (hindcast)")
        table.add_column("Years ahead", justify="right")
        for m in methods:
            table.add_column(f"{METHOD_LABELS.get(m, m)}\nMAE (bias)", justify="right")
        for m in methods:
            table.add_column(f"{METHOD_LABELS.get(m, m)}\n80 % band", justify="right")
        cover = b.coverage[(b.coverage["source"] == source) & (b.coverage["edition"] == edition)]
        for h in sorted(errors["horizon"].unique()):
            maes, bands = [], []
            for m in methods:
                e = errors[(errors["method"] == m) & (errors["horizon"] == h)]
                c = cover[(cover["method"] == m) & (cover["horizon"] == h)]
                maes.append(f"{e['mae_pp'].iloc[0]:.2f} ({e['bias_pp'].iloc[0]:+.2f})" if len(e) else "–")
                bands.append(_pct(c["coverage_80"].iloc[0]) if len(c) else "–")
            table.add_row(str(h), *maes, *bands)
        out.print(table)
        out.print(_summary(b, source, edition))
    if not b.reliability.empty:
        out.print(_reliability(b))
    if b.wales is not None:
        out.print(_wales(b))
    if b.fit is not None:
        out.print(_fit(b))
    out.print(_footer(b), style="dim")


def _summary(b, source: str, edition: str):
    from rich.table import Table

    table = Table(title="All horizons together (hindcast)")
    for header in ("Method", "Forecasts", "50 % band", "80 % band", "95 % band", "Brier", "Climatology"):
        table.add_column(header, justify="left" if header == "Method" else "right")
    over = b.coverage_overall
    errors = b.errors[(b.errors["source"] == source) & (b.errors["edition"] == edition)]
    brier = b.brier_overall[(b.brier_overall["source"] == source) & (b.brier_overall["edition"] == edition)]
    for m in dict.fromkeys(errors["method"]):
        c = over[(over["source"] == source) & (over["edition"] == edition) & (over["method"] == m)]
        br = brier[brier["method"] == m]
        table.add_row(
            METHOD_LABELS.get(m, m),
            f"{int(errors.loc[errors['method'] == m, 'forecasts'].sum()):,}",
            *(_pct(c[f"coverage_{k}"].iloc[0]) if len(c) else "–" for k in (50, 80, 95)),
            fmt_number(br["brier"].iloc[0], 3) if len(br) else "–",
            fmt_number(br["brier_climatology"].iloc[0], 3) if len(br) else "–",
        )
    return table


def _reliability(b):
    from rich.table import Table

    r = b.reliability
    threshold = r["threshold_pct"].iloc[0]
    r = r[(r["threshold_pct"] == threshold) & (r["method"] == "constant_share")]
    table = Table(title=f"Reliability of P(at or above {threshold:g} %), constant share, all horizons (hindcast)")
    for header in ("Series", "Forecast P", "Events", "Mean forecast", "Observed"):
        table.add_column(header, justify="left" if header == "Series" else "right")
    for row in r.to_dict("records"):
        series = f"{'SIPRI' if row['source'] == 'sipri' else 'NATO'} {row['edition']}"
        table.add_row(
            series,
            f"{row['bin_low']:.0%}–{row['bin_high']:.0%}",
            f"{row['events']:,}",
            _pct(row["mean_probability"]),
            _pct(row["observed_frequency"]),
        )
    return table


def _wales(b):
    from rich.table import Table

    from nato3.backtest.wales import wales_summary

    w = b.wales
    wide = w.pivot(
        index=["iso3", "country", "share_2014_pct", "share_2024_pct", "reached"],
        columns="policy",
        values="p_reach_2024",
    )
    table = Table(
        title="Wales 2014: the engine's P(at or above 2 % in 2024) from 2014, against NATO's 2024 edition (hindcast)"
    )
    for header in ("Ally", "2014", *(f"P, {POLICY_LABELS.get(p, p)}" for p in wide.columns), "2024", "Reached"):
        table.add_column(header, justify="left" if header == "Ally" else "right")
    for (_, country, start, end, reached), row in wide.sort_values("share_2014_pct").iterrows():
        table.add_row(country, fmt_number(start), *(_pct(v) for v in row), fmt_number(end), "✔" if reached else "✗")
    table.add_section()
    for s in wales_summary(w).to_dict("records"):
        table.add_row(
            f"Brier, {POLICY_LABELS.get(s['policy'], s['policy'])}",
            "",
            f"{s['brier']:.3f}",
            f"expected {s['expected_at_2pct_2024']:.1f} allies",
            f"{s['at_2pct_2024']} of {s['allies']}",
            f"({s['at_2pct_2014']} in 2014)",
        )
    return table


def _fit(b):
    from rich.table import Table

    f = b.fit
    table = Table(title=f"Monte Carlo settings fitted to hindcasts ({f.label})")
    for header in ("Settings", "Series", "Method", "50 % band", "80 % band", "95 % band"):
        table.add_column(header, justify="left" if header in ("Settings", "Series", "Method") else "right")
    for row in f.coverage.to_dict("records"):
        series = f"{'SIPRI' if row['source'] == 'sipri' else 'NATO'} {row['edition']}"
        table.add_row(
            row["settings"],
            series,
            METHOD_LABELS.get(row["method"], row["method"]),
            *(_pct(row[f"coverage_{k}"]) for k in (50, 80, 95)),
        )
    caption = "; ".join(f.summary()) + f". {f.holdout[0].upper()}{f.holdout[1:]}."
    if f.path is not None:
        caption += f" Written to {f.path}."
    table.caption, table.caption_justify = caption, "left"
    return table


def _footer(b) -> str:
    lines = [f"  {note}" for note in b.notes()]
    lines.insert(0, "Hindcasts, not forecasts. Shares of GDP in %; pp = percentage points.")
    lines.append("Sources: " + "; ".join(f"{s['producer']}, {s['title']}" for s in b.sources()))
    return "\n".join(lines)
