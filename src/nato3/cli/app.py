"""The ``nato3`` command. Each command lives in its own module and is imported lazily enough
that ``nato3 --help`` does not load pandas, DuckDB or plotting libraries."""

from __future__ import annotations

import sys

import typer

from nato3 import __version__
from nato3.cli import burden, data, ledger, report, serve, sources, status
from nato3.cli import project as project_cli
from nato3.cli import scenario as scenario_cli
from nato3.cli import sweep as sweep_cli

app = typer.Typer(
    name="nato3",
    help=(
        "Who carries NATO's defence burden today, and can Europe carry most of it by 2035?\n\n"
        "Real NATO, SIPRI and World Bank figures with their provenance, in an embedded database "
        "that builds itself on first use. Start with `nato3 status`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: loading Rich's help renderer would triple start-up time
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nato3 {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    pass


app.command("status")(status.status)
app.command("sources")(sources.sources)
app.command("report")(report.report)
app.add_typer(data.app, name="data")
app.add_typer(burden.app, name="burden")
app.add_typer(ledger.app, name="ledger")
app.command("serve")(serve.serve)
app.command("project")(project_cli.project)
app.add_typer(scenario_cli.app, name="scenario")
app.command("sweep")(sweep_cli.sweep)


def main() -> None:
    """Entry point: bad input becomes one line on stderr and exit code 2, never a traceback.

    Typer's own usage errors (unknown option, bad choice) are printed by Typer in standalone
    mode with exit code 2; nato3's errors (unknown country, year outside the data, bad file)
    surface here as :class:`Nato3Error`.
    """
    from nato3.errors import Nato3Error

    try:
        app()
    except Nato3Error as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
