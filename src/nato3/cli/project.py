"""``nato3 project``: every ally's path to 2035 under a scenario, with Monte Carlo odds."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, OutputFormat, console, fmt_number, write_csv, write_json

PROGRESS_FROM = 100_000  # draws: show a progress bar on stderr from here on


class BackendName(StrEnum):
    local = "local"
    dask = "dask"


BACKEND_OPTION = typer.Option(BackendName.local, "--backend", "-b", help="local (this process) or dask.")
SCHEDULER_OPTION = typer.Option(
    None, "--scheduler", help="Dask scheduler address (tcp://host:8786). Default: a LocalCluster on this machine."
)
WORKERS_OPTION = typer.Option(None, "--workers", min=1, max=256, help="Workers of the LocalCluster (dask backend).")
CHUNK_OPTION = typer.Option(
    5000, "--chunk-size", min=1, max=1_000_000, help="Draws simulated at a time (memory); never changes results."
)


def project(
    scenario: str = typer.Argument(..., help="A built-in scenario (nato3 scenario list) or a scenario YAML file."),
    draws: int = typer.Option(None, "--draws", "-n", help="Monte Carlo draws (default: the scenario's; 0: none)."),
    seed: int = typer.Option(None, "--seed", "-s", help="Random seed (default: the scenario's)."),
    backend: BackendName = BACKEND_OPTION,
    scheduler: str = SCHEDULER_OPTION,
    workers: int = WORKERS_OPTION,
    chunk_size: int = CHUNK_OPTION,
    country: list[str] = typer.Option(None, "--country", "-c", help="Show only these allies (repeatable)."),
    chart: Path = typer.Option(None, "--chart", help="Also write a fan chart (.png, .svg or .pdf)."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Project each ally's share of GDP, spending and gap to the target, year by year.

    Each ally starts from its latest NATO share and follows the scenario's policy; GDP grows at
    the scenario's rates. With draws, a Monte Carlo adds GDP growth shocks and budget-execution
    noise and gives the probability of reaching the target and a 5-95 % range. Every figure is
    a projection, not data.

    Output: table (people), json (every path by year), csv (the long format
    scenario x iso3 x indicator x year).

    Examples:

      nato3 project hague-linear

      nato3 project announced-plans --draws 100000 --seed 1 --chart paths.png

      nato3 project my-scenario.yaml --backend dask --format json
    """
    from nato3.projection.backends import get_backend
    from nato3.projection.runner import project as run

    countries = _countries(country)
    if chart is not None:
        from nato3.charts.static import check_chart_path

        check_chart_path(chart)
    runner = get_backend(backend.value, scheduler, workers)
    result = with_progress(lambda progress: run(scenario, draws, seed, runner, chunk_size, progress), draws)
    if chart is not None:
        from nato3.projection.charts import fan_chart

        fan_chart(result, chart, countries or None)
    if fmt is OutputFormat.json:
        doc = result.to_json()
        if countries:
            doc["allies"] = [a for a in doc["allies"] if a["iso3"] in countries]
        write_json(doc)
    elif fmt is OutputFormat.csv:
        long = result.long
        write_csv(long[long["iso3"].isin(countries)] if countries else long)
    else:
        _print_table(result, countries)
        if chart is not None:
            console(stderr=True).print(f"Chart written to {chart}", style="dim")


def _countries(codes: list[str] | None) -> list[str]:
    if not codes:
        return []
    from nato3.alliance.membership import check_country

    return [check_country(c) for c in codes]


def with_progress(job, draws: int | None):
    """Run ``job(progress)`` with a Rich progress bar on stderr when ``draws`` is large."""
    if draws is None or draws < PROGRESS_FROM:
        return job(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("Monte Carlo"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("draws", total=draws)
        return job(lambda n: bar.advance(task, n))


def _print_table(result, countries: list[str]) -> None:
    from rich.table import Table

    from nato3.projection.announced import describe_used

    horizon, mid = result.horizon, min(result.horizon, 2030)
    shares = result.wide()
    mc = result.montecarlo is not None
    used = result.setup.compiled.announcements if result.setup.compiled.announced_rows is not None else None
    table = Table(
        title=f"Paths to {horizon}: {result.name} (projection) - target {result.target_pct:g} % of GDP",
        header_style="bold",
    )
    for header, justify in [
        ("Ally", "left"),
        ("Start", "right"),
        (f"{mid}", "right"),
        (f"{horizon}", "right"),
        ("Reaches", "right"),
        (f"Gap {horizon}, US$ bn", "right"),
        ("Path vs straight line", "left"),
        *([("P(reach)", "right"), ("5-95 %", "right")] if mc else []),
        *([("Announced (used)", "left")] if used is not None else []),
    ]:
        table.add_column(header, justify=justify)
    for row in result.summary.to_dict("records"):
        if countries and row["iso3"] not in countries:
            continue
        if row["base_share_pct"] is None or row["base_share_pct"] != row["base_share_pct"]:
            blank = ["–"] * ((2 if mc else 0) + (1 if used is not None else 0))
            table.add_row(row["country"], "–", "–", "–", "–", "–", "no NATO figures", *blank)
            continue
        start = f"{row['base_share_pct']:.2f} ({int(row['base_share_year'])}{' e' if row['base_is_estimate'] else ''})"
        reach = row["year_reaching_target"]
        cells = [
            row["country"] + (" *" if row["fell_back"] else ""),
            start,
            fmt_number(shares.loc[row["iso3"], mid]),
            fmt_number(shares.loc[row["iso3"], horizon]),
            "never" if reach is None or reach != reach else str(int(reach)),
            fmt_number(row[f"gap_{horizon}_musd"] / 1000, 1),
            _credibility(row),
        ]
        if mc:
            cells += [
                f"{row['p_reach_by_horizon']:.0%}",
                f"{row[f'share_p05_{horizon}']:.2f}-{row[f'share_p95_{horizon}']:.2f}",
            ]
        if used is not None:
            cells.append(describe_used(used[row["iso3"]], short=True) if row["iso3"] in used else "none usable")
        table.add_row(*cells)
    table.add_section()
    for code in ("NATO_EUR_CAN", "NATO_TOTAL"):
        agg = result.aggregates[result.aggregates["iso3"] == code].set_index("year")
        cells = [
            agg["name"].iloc[0],
            "",
            fmt_number(agg.loc[mid, "defence_share_gdp_pct"]),
            fmt_number(agg.loc[horizon, "defence_share_gdp_pct"]),
            "",
            fmt_number(agg.loc[horizon, "gap_musd"] / 1000, 1),
            "",
        ]
        if mc:
            row = result.montecarlo.codes.index(code)
            q = result.montecarlo.quantiles
            cells += [
                f"{result.montecarlo.p_reach_by[row, -1]:.0%}",
                f"{q[0.05][row, -1]:.2f}-{q[0.95][row, -1]:.2f}",
            ]
        if used is not None:
            cells.append("")
        table.add_row(*cells)
    out = console()
    out.print(table)
    out.print(_footer(result), style="dim")


def _credibility(row) -> str:
    import pandas as pd

    category = row["credibility"] or ""
    year = row["shortfall_year"]
    if category in ("back-loaded", "misses target", "falls below target") and not pd.isna(year):
        return f"{category} (-{row['largest_shortfall_pp']:.2f} pp in {int(year)})"
    return category


def _footer(result) -> str:
    lines = [
        "Projection, not data. Shares of GDP in %; 'e' = the starting figure is a NATO estimate; "
        "gap = (target - share) x projected GDP (negative: above the target).",
    ]
    lines += [f"  {note}" for note in result.notes()]
    if result.montecarlo is not None:
        m = result.montecarlo.params
        execution = f"{m.execution_sd:g} %"
        if m.execution_sd_by_ally:
            own = m.execution_sd_by_ally.values()
            execution = f"{min(own):g}-{max(own):g} % by ally ({execution} for others)"
        lines.append(
            f"Monte Carlo: {m.draws:,} draws, seed {m.seed}; GDP growth sd {m.gdp_growth_sd:g} pp, correlation "
            f"{m.correlation:g}; budget execution sd {execution}, compounding. P(reach) = share of draws at or "
            f"above the target in {result.horizon}."
        )
        if m.fitted:
            lines.append(f"  Monte Carlo settings: {m.fitted}.")
    if result.setup.compiled.fell_back:
        lines.append("* no usable announcement: keeps its latest share (see --format json, announced_rows).")
    lines.append("Sources: " + "; ".join(f"{s['producer']}, {s['title']}" for s in result.sources()))
    return "\n".join(lines)
