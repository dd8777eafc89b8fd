"""``nato3 ledger``: the NATO 3.0 ledger — US posture, force-posture events, Europe's force share,
command posts, production capacity and drawdown scenarios.

Each command prints a table with a footer naming its sources and caveats, or JSON (``sources`` and
``caveats`` keys) or CSV (one row per figure, with source columns), and can also write a chart.
pandas and matplotlib are imported inside the commands.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, OutputFormat

app = typer.Typer(
    help=(
        "The NATO 3.0 ledger: US forces in Europe and drawdowns, European additions, Europe's share of forces, "
        "command posts, production capacity. Rows from secondary sources are marked †."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

CHART_OPTION = typer.Option(None, "--chart", help="Also write a chart to this file (.png, .svg or .pdf).")


class LedgerView(StrEnum):
    date = "date"
    host = "host"
    total = "total"


class Item(StrEnum):
    shells = "155mm"
    pac3 = "pac3"
    iris_t = "iris-t"
    tanks = "tanks"


def _chart(path: Path | None) -> Path | None:
    if path is None:
        return None
    from nato3.charts.static import check_chart_path

    return check_chart_path(path)


def _wrote(path: Path | None) -> None:
    if path is not None:
        from nato3.cli.common import console

        console(stderr=True).print(f"Wrote chart {path}")


@app.command("posture")
def posture(
    period: str = typer.Option(None, "--period", help="DMDC report period (YYYY-MM). Default: the newest."),
    fmt: OutputFormat = FORMAT_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """US personnel permanently assigned in each host country (DMDC), the US changes on record, and
    the US-in-Europe levels over time (DMDC and EUCOM/DoD reference points, kept apart).

    DMDC excludes rotational forces (since December 2017): Poland shows 382 and Romania 135 although
    thousands of US troops rotate through them. That caveat is printed wherever the numbers are.

    Example: nato3 ledger posture --format json
    """
    from nato3.cli import ledger_views as views
    from nato3.ledger import europe_totals, posture_summary, us_timeline

    chart = _chart(chart)
    hosts, totals, timeline = posture_summary(period), europe_totals(), us_timeline()
    views.emit(fmt, views.posture_sections(hosts, totals, timeline), csv="hosts")
    if chart:
        from nato3.ledger.charts import posture_chart

        _wrote(posture_chart(chart, period))


@app.command("events")
def events(
    by: LedgerView = typer.Option(LedgerView.date, "--by", help="Sum the ledger by date, host or in total."),
    host: str = typer.Option(None, "--host", help="Only events in this host (ISO3 code, or EUR)."),
    fmt: OutputFormat = FORMAT_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """Force-posture events and the ledger: US change vs European change, by date, host or in total.

    Level rows (strengths, not changes) and overlapping rows are listed but never added; the
    'counted' column and the note say why. Executed changes are kept apart from announced ones.

    Example: nato3 ledger events --by host --host ROU
    """
    from nato3.cli import ledger_views as views
    from nato3.ledger import events as all_events
    from nato3.ledger import ledger

    chart = _chart(chart)
    table = ledger(by=by.value, host=host)
    rows = all_events()
    if host:
        code = host.strip().upper()
        rows = rows[rows["host_iso3"].str.split(";").map(lambda codes: code in codes)]
    totals = ledger(by="total", host=host)
    views.emit(fmt, views.events_sections(rows, table, totals), csv="events")
    if chart:
        from nato3.ledger.charts import events_chart

        _wrote(events_chart(chart))


@app.command("forces")
def forces(fmt: OutputFormat = FORMAT_OPTION, chart: Path = CHART_OPTION) -> None:
    """Europe's share of the forces in Europe: European allies' military personnel (NATO Table 7)
    against every dated level of US forces in Europe. Personnel is a proxy, not capability.

    Example: nato3 ledger forces --chart forces.png
    """
    from nato3.cli import ledger_views as views
    from nato3.ledger import europe_personnel, force_share

    chart = _chart(chart)
    views.emit(fmt, views.forces_sections(europe_personnel(), force_share()), csv="share")
    if chart:
        from nato3.ledger.charts import forces_chart

        _wrote(forces_chart(chart))


@app.command("commands")
def commands(fmt: OutputFormat = FORMAT_OPTION, chart: Path = CHART_OPTION) -> None:
    """NATO's senior posts: holders' nationality now and after the reallocation agreed on
    6 February 2026, and Europe's share of them (a DEU;POL rotation counts as European).

    Example: nato3 ledger commands --format csv
    """
    from nato3.cli import ledger_views as views
    from nato3.ledger import command_changes, command_share, command_timeline

    chart = _chart(chart)
    views.emit(fmt, views.commands_sections(command_changes(), command_share(), command_timeline()), csv="posts")
    if chart:
        from nato3.ledger.charts import commands_chart

        _wrote(commands_chart(chart))


@app.command("industry")
def industry(
    item: Item = typer.Option(Item.shells, "--item", help="155mm (artillery shells), pac3, iris-t or tanks."),
    region: str = typer.Option("Europe", "--region", help="Region to project (155mm): Europe or USA."),
    growth: float = typer.Option(0.10, "--growth", help="Assumed growth a year for the projection (0.10 = 10 %)."),
    target: float = typer.Option(
        None, "--target", min=1, help="Target a year. Default: the region's latest stated target."
    ),
    until: int = typer.Option(2035, "--until", min=2025, max=2100, help="Last year of the projection (up to 2100)."),
    fmt: OutputFormat = FORMAT_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """Production capacity vs stated targets; for 155 mm shells, a ramp-up projection at an assumed
    growth rate (marked as a projection) and the years to reach the target; Europe vs US vs Russia
    (Russia's figures are all calibres, not comparable one-for-one, and say so).

    Example: nato3 ledger industry --growth 0.15 --target 3000000
    """
    from nato3.cli import ledger_views as views
    from nato3.ledger import production, ramp_up, shells_by_region

    chart = _chart(chart)
    if item is Item.shells:
        rows = shells_by_region()
        projection = ramp_up(region, growth=growth, target=target, until=until)
        companies = production("155mm")
        companies = companies[companies["producer_type"] == "company"]
        sections = views.industry_sections(rows, companies, projection)
    else:
        sections = views.industry_sections(production(item.value), None, None)
    views.emit(fmt, sections, csv=next(iter(sections)))
    if chart:
        from nato3.ledger.charts import industry_chart

        _wrote(industry_chart(chart, growth=growth, target=target))


@app.command("drawdown")
def drawdown(
    scenario: str = typer.Argument(None, help="Built-in drawdown name, or a YAML file. Omit to list the built-ins."),
    fmt: OutputFormat = FORMAT_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """Withdraw US personnel or units from European hosts: Europe's backfill need in personnel and
    money (cost per soldier from NATO's personnel spending ÷ personnel, 2024 edition) and the effect
    on Europe's share, beside published replacement estimates (IISS 2025, Bruegel/Kiel 2025).

    Examples:

      nato3 ledger drawdown                       # list the built-in drawdowns

      nato3 ledger drawdown germany-2026

      nato3 ledger drawdown my-drawdown.yaml --format json
    """
    from nato3.cli import ledger_views as views

    chart = _chart(chart)
    if scenario is None:
        views.list_drawdowns(fmt)
        return
    from nato3.ledger import run_drawdown

    result = run_drawdown(scenario)
    views.emit_drawdown(fmt, result)
    if chart:
        from nato3.ledger.charts import drawdown_chart

        _wrote(drawdown_chart(result, chart))
