"""The ``nato3`` command.

Each command lives in its own module, listed in :data:`COMMANDS` and imported only when it runs
(or its own ``--help`` is asked for), so ``nato3 --help`` loads Typer and nothing of the
commands: no pandas, DuckDB or plotting libraries, and not even the command modules.
"""

from __future__ import annotations

import importlib
import sys
from difflib import get_close_matches

import typer
from typer.core import TyperGroup

from nato3.version import __version__

# name → (module, attribute: a Typer app or a command function, short help for `nato3 --help`).
# tests/test_cli_app.py checks each short help against the command's own docstring.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "status": (
        "nato3.cli.status",
        "status",
        "Where each ally stands: share of GDP, real change, equipment share, pledges met.",
    ),
    "report": (
        "nato3.cli.report",
        "report",
        "Build the report: headline figures, where each ally stands, who pays, paths to 2035 under a scenario, "
        "the NATO 3.0 ledger, then methods and sources.",
    ),
    "burden": (
        "nato3.cli.burden",
        "app",
        "Who pays for NATO: shares of spending and GDP, fair-share index, groups, and the exploitation tests.",
    ),
    "project": (
        "nato3.cli.project",
        "project",
        "Project each ally's share of GDP, spending and gap to the target, year by year.",
    ),
    "scenario": (
        "nato3.cli.scenario",
        "app",
        "Scenario files for `nato3 project`: list the built-in ones, show, validate or start your own.",
    ),
    "sweep": (
        "nato3.cli.sweep",
        "sweep",
        "Run a scenario for every combination of a parameter grid; one row per point and ally.",
    ),
    "backtest": (
        "nato3.cli.backtest",
        "backtest",
        "How good are the odds? Hindcasts of the projection's methods from past origins, scored.",
    ),
    "ledger": (
        "nato3.cli.ledger",
        "app",
        "The NATO 3.0 ledger: US forces in Europe and drawdowns, European additions, Europe's share of forces, "
        "command posts, production capacity.",
    ),
    "serve": (
        "nato3.cli.serve",
        "serve",
        "Serve the dashboard (overview, allies, compare, methods & sources) and the JSON API.",
    ),
    "data": (
        "nato3.cli.data",
        "app",
        "The data behind nato3: list, show, export and import its tables, with their provenance.",
    ),
    "sources": (
        "nato3.cli.sources",
        "sources",
        "The provenance of every table: producer, edition, definition (NATO editions: total defence expenditure, "
        "or core defence expenditure from the 2026 edition — a break in series never spliced), publication date, "
        "data cut-off, original address, the intermediary it was copied from, licence, access date, sha256 and "
        "row count.",
    ),
}


def load_command(name: str):
    """Import command ``name`` and return it as a Click command (None if unknown)."""
    if name not in COMMANDS:
        return None
    module, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    _name_flags(command)
    return command


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command, as the words typed after ``nato3`` (``()`` is ``nato3``
    itself); imports every command, so for tests, benchmarks and docs, never for ``--help``."""
    found: list[tuple[str, ...]] = [()]

    def walk(command, words):
        found.append(words)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*words, name))

    for name in COMMANDS:
        walk(load_command(name), (name,))
    return found


def _name_flags(command) -> None:
    """Let a library error that names a parameter (``year``) say which flag sets it (``--year``)."""
    import functools

    from nato3.errors import Nato3Error

    for sub in getattr(command, "commands", {}).values():
        _name_flags(sub)
    if command.callback is None:
        return
    flags = {p.name: max(p.opts, key=len) if p.param_type_name == "option" else p.name.upper() for p in command.params}
    original = command.callback

    @functools.wraps(original)
    def callback(*args, **kwargs):
        try:
            return original(*args, **kwargs)
        except Nato3Error as exc:
            if exc.parameter in flags and getattr(exc, "flag", None) is None:
                exc.flag = flags[exc.parameter]
            raise

    command.callback = callback


def error_line(exc) -> str:
    """How the CLI prints a nato3 error: one line, naming the flag at fault when known."""
    flag = getattr(exc, "flag", None)
    return f"Error ({flag}): {exc}" if flag else f"Error: {exc}"


class LazyGroup(TyperGroup):
    """A command group that imports a command's module only when that command is used."""

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, cmd_name: str):
        return load_command(cmd_name)

    def format_commands(self, ctx, formatter) -> None:
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = []
        for name, (_, _, short) in COMMANDS.items():
            rows.append((name, short if len(short) <= limit else short[: limit - 3].rstrip() + "..."))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except typer._click.exceptions.UsageError as exc:
            matches = get_close_matches(args[0], list(COMMANDS)) if args else []
            if matches:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {', '.join(map(repr, matches))}?"
            raise


app = typer.Typer(
    name="nato3",
    cls=LazyGroup,
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


WHOLE_PROCESS = False  # True once main() runs: the command is the whole process (not a test's runner)


def main() -> None:
    """Entry point: bad input becomes one line on stderr and exit code 2, never a traceback.

    Typer's own usage errors (unknown option, bad choice) are printed by Typer in standalone
    mode with exit code 2; nato3's errors (unknown country, year outside the data, bad file)
    surface here as :class:`Nato3Error`.
    """
    from nato3.errors import Nato3Error

    global WHOLE_PROCESS
    WHOLE_PROCESS = True
    try:
        app()
    except Nato3Error as exc:
        typer.echo(error_line(exc), err=True)
        sys.exit(exc.exit_code)
