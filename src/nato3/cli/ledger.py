"""``nato3 ledger``: the NATO 3.0 ledger — US posture, force-posture events, Europe's force share,
command posts, production capacity and drawdown scenarios.

Each command prints its document (:mod:`nato3.documents`, kinds ``ledger_*``) through
:func:`nato3.cli.common.emit`: a table fitted to the terminal with a footer naming sources,
editions, marks and caveats; the JSON the API serves; or one table as CSV (``--table``). Options
are the document's parameters under the same names. ``--chart FILE`` also draws the document.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, TABLE_OPTION, WIDE_OPTION, OutputFormat, emit

app = typer.Typer(
    help=(
        "The NATO 3.0 ledger: US forces in Europe and drawdowns, European additions, Europe's share of forces, "
        "command posts, production capacity. Figures from secondary sources are marked †."
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
    """Check the chart's file name before anything is computed."""
    if path is None:
        return None
    from nato3.charts.static import check_chart_path

    return check_chart_path(path)


def _show(kind: str, fmt: OutputFormat, wide: bool, table: str | None, chart: Path | None, draw, **params) -> None:
    """Build document ``kind``, print it, and draw it to ``chart`` with ``draw`` (a ledger chart)."""
    from nato3.documents import build

    chart = _chart(chart)
    doc = build(kind, **params)
    emit(doc, fmt, wide, table)
    if chart is not None:
        from nato3.cli.common import console

        console(stderr=True).print(f"Wrote chart {draw(doc, chart)}")


def _draw(name: str):
    def draw(doc, path):
        from nato3.ledger import charts

        return getattr(charts, name)(doc, path)

    return draw


@app.command("posture")
def posture(
    period: str = typer.Option(None, "--period", help="DMDC report period (YYYY-MM). Default: the newest."),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """US personnel permanently assigned in each host country (DMDC), the US changes on record, and
    the US-in-Europe levels over time (DMDC and EUCOM/DoD reference points, kept apart).

    DMDC excludes rotational forces (since December 2017): Poland shows 382 and Romania 135 although
    thousands of US troops rotate through them. That caveat travels with the numbers.

    Tables: hosts (default for CSV), europe_totals, timeline.

    Example: nato3 ledger posture --format json
    """
    _show("ledger_posture", fmt, wide, table, chart, _draw("posture_chart"), period=period)


@app.command("events")
def events(
    by: LedgerView = typer.Option(LedgerView.date, "--by", help="Sum the ledger by date, host or in total."),
    host: str = typer.Option(None, "--host", help="Only events in this host (ISO3 code, or EUR)."),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """Force-posture events and the ledger: US change vs European change, by date, host or in total.

    Level rows (strengths, not changes) and overlapping rows are listed but never added; 'Counted'
    and the notes under the events say why. Executed changes are kept apart from announced ones.

    Tables: ledger (default for CSV), totals, events.

    Example: nato3 ledger events --by host --host ROU
    """
    _show("ledger_events", fmt, wide, table, chart, _draw("events_chart"), by=by.value, host=host)


@app.command("forces")
def forces(
    edition: str = typer.Option(
        None, "--edition", "-e", help="NATO edition of the personnel figures. Default: the newest that has them."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """Europe's share of the forces in Europe: European allies' military personnel (NATO Table 7)
    against every dated level of US forces in Europe. Personnel is a proxy, not capability.

    Tables: force_share (default for CSV), europe_personnel, latest.

    Example: nato3 ledger forces --chart forces.png
    """
    _show("ledger_forces", fmt, wide, table, chart, _draw("forces_chart"), edition=edition)


@app.command("commands")
def commands(
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """NATO's senior posts: holders' nationality now and after the reallocation agreed on
    6 February 2026, and Europe's share of them (a DEU;POL rotation counts as European).

    Tables: posts (default for CSV), post_share, holders, tenures.

    Example: nato3 ledger commands --format csv
    """
    _show("ledger_commands", fmt, wide, table, chart, _draw("commands_chart"))


@app.command("industry")
def industry(
    item: Item = typer.Option(Item.shells, "--item", help="155mm (artillery shells), pac3, iris-t or tanks."),
    region: str = typer.Option(None, "--region", help="155mm: region to project (Europe or USA). Default: Europe."),
    growth: float = typer.Option(
        None, "--growth", help="155mm: assumed growth of output, % a year (15 = 15 %, as in scenarios). Default: 10."
    ),
    target: float = typer.Option(
        None, "--target", help="155mm: target a year. Default: the region's latest stated target."
    ),
    until: int = typer.Option(None, "--until", help="155mm: last year of the projection (up to 2100). Default: 2035."),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """Production capacity vs stated targets; for 155 mm shells, a ramp-up projection at an assumed
    growth rate (marked as a projection) and the years to reach the target; Europe vs US vs Russia
    (Russia's figures are all calibres, not comparable one-for-one, and say so).

    Tables (155mm): shells (default for CSV), companies, projection, projection_summary; other
    items: production.

    Example: nato3 ledger industry --growth 15 --target 3000000
    """
    if chart is not None and item is not Item.shells:
        from nato3.errors import Nato3Error

        raise Nato3Error("the industry chart is drawn for 155mm shells only", parameter="chart")
    params = {"region": region, "growth": growth, "target": target, "until": until}
    _show("ledger_industry", fmt, wide, table, chart, _draw("industry_chart"), item=item.value, **params)


@app.command("drawdown")
def drawdown_command(
    drawdown: str = typer.Argument(None, help="Built-in drawdown name, or a YAML file. Omit to list the built-ins."),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
    chart: Path = CHART_OPTION,
) -> None:
    """Withdraw US personnel or units from European hosts: Europe's backfill need in personnel and
    money (cost per soldier from NATO's personnel spending ÷ personnel, 2024 edition) and the effect
    on Europe's share, beside published replacement estimates (IISS 2025, Bruegel/Kiel 2025).

    Tables: summary (default for CSV), steps, cost_per_soldier, references; without a name, the
    built-ins (drawdowns) and references.

    Examples:

      nato3 ledger drawdown                       # the built-in drawdowns and their results

      nato3 ledger drawdown germany-2026

      nato3 ledger drawdown my-drawdown.yaml --format json
    """
    if drawdown is None:
        if chart is not None:
            from nato3.errors import Nato3Error

            raise Nato3Error("name a drawdown to chart it", parameter="chart")
        _show("ledger_drawdowns", fmt, wide, table, None, None)
        return
    _show("ledger_drawdown", fmt, wide, table, chart, _draw("drawdown_chart"), drawdown=drawdown)
