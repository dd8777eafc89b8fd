"""``nato3 scenario``: list, show, validate and start scenario files for ``nato3 project``."""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, TABLE_OPTION, WIDE_OPTION, OutputFormat, console, emit, fail

app = typer.Typer(
    help="Scenario files for `nato3 project`: list the built-in ones, show, validate or start your own.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

TEMPLATE = """\
# A nato3 scenario: every ally's path from its latest NATO figure to the horizon.
# Check it with `nato3 scenario validate {file}`, run it with `nato3 project {file}`.
# Units are percent: 3.5 is 3.5 % of GDP; 1.5 is 1.5 % a year or 1.5 percentage points.
name: my-scenario
description: Allies below 3.5 % move linearly to 3.5 % by 2035; Poland holds its real spending.

# edition: "2025"         # NATO edition of the starting shares (default: the newest)
# base_year: 2025         # default: the newest year of that edition
horizon: 2035
target: hague-core-3.5    # a pledge id (wales-2, hague-core-3.5) or a share of GDP, e.g. 3.0

# Real GDP growth, % a year. Keys: default, an ally's ISO3 code or a group id
# (united_states, europe_and_canada, north_america, europe, eu, nordic_baltic, eastern_flank,
# bucharest_nine). "mean" is the ally's mean compound growth of NATO's constant-price GDP over
# the data years; {{mean_from: 2014, mean_to: 2022}} narrows the years.
gdp_growth:
  default: mean
  LUX: {{mean_from: 2014, mean_to: 2022}}   # NATO's Luxembourg GDP series breaks in 2023

# Spending policy. Same keys. One of:
#   constant_share                                  keep the latest share
#   hold_spending                                   keep real spending (the share falls as GDP grows)
#   real_growth: {{rate: 3}}                          real spending +3 % a year
#   linear_to_target: {{target: 3.5, by: 2035}}       straight line; allies above hold
#   plan: {{2027: 2.5, 2030: 3.0}}                    interpolated, the last share held
#   announced: {{scopes: [core_nato_definition, unknown]}}   the bundled national announcements
policy:
  default:
    linear_to_target: {{target: 3.5, by: 2035}}
  POL: hold_spending

# Left out, gdp_growth_sd, correlation and execution_sd are the values fitted to history
# (`nato3 backtest --fit`); a number here applies to every ally instead.
monte_carlo:
  draws: 10000
  seed: 2035
  # gdp_growth_sd: 1.5    # percentage points of annual real GDP growth
  # correlation: 0.5      # between allies' growth shocks
  # execution_sd: 5       # % of planned spending a year, carried into later years
"""


@app.command("list")
def list_scenarios(fmt: OutputFormat = FORMAT_OPTION, wide: bool = WIDE_OPTION) -> None:
    """The built-in scenarios: name, what each assumes, where it starts and its Monte Carlo settings."""
    from nato3.documents import build

    emit(build("scenarios"), fmt, wide)


@app.command("show")
def show(
    scenario: str = typer.Argument(..., help="A built-in scenario name or a scenario YAML file."),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
) -> None:
    """Print a scenario file and what it means for each ally: start, policy, GDP growth.

    Every ally starts from the same year (by default the year and edition `nato3 status`
    shows); the start is NATO's figure, marked as NATO marks it. Tables: scenario_allies and
    scenario_file (the file itself and the settings it runs with).
    """
    from nato3.documents import build

    doc = build("scenario", scenario=scenario)
    if fmt is OutputFormat.table and table is None:
        file = doc.tables["scenario_file"].records()[0]
        out = console()
        out.print(f"# {file['file']}", style="dim", markup=False, highlight=False)
        out.print(file["yaml"], markup=False, highlight=False, soft_wrap=True)
    emit(doc, fmt, wide, table)


@app.command("validate")
def validate(files: list[Path] = typer.Argument(..., help="Scenario YAML files to check.")) -> None:
    """Check scenario files against the schema and the data; exit code 2 if any is invalid."""
    from nato3.errors import Nato3Error
    from nato3.projection.builtin import load_scenario

    out = console()
    failed = 0
    for file in files:
        try:
            r = load_scenario(str(file))
        except Nato3Error as exc:
            failed += 1
            typer.echo(f"Error: {exc}", err=True)  # plain echo: one line, never wrapped
            continue
        out.print(
            f"ok: {file} ({r.name}: base {r.base_year}, edition {r.edition}, horizon {r.horizon}, "
            f"target {r.target_pct:g} %)",
            markup=False,
            highlight=False,
        )
    if failed:
        raise typer.Exit(2)


@app.command("init")
def init(
    file: Path = typer.Argument(Path("scenario.yaml"), help="Where to write the new scenario file."),
    source: str = typer.Option(None, "--from", help="Copy a built-in scenario instead of the commented template."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented scenario file to edit (or a copy of a built-in one)."""
    from nato3.projection.builtin import builtin_scenarios

    if file.exists() and not force:
        fail(f"{file} already exists; use --force to overwrite it")
    if not file.expanduser().resolve().parent.is_dir():
        fail(f"cannot write {file}: directory {file.parent} does not exist")
    if source is not None:
        builtins = builtin_scenarios()
        if source not in builtins:
            fail(f"unknown built-in scenario {source!r}; built-in: {', '.join(builtins)}")
        text = builtins[source].read_text(encoding="utf-8")
    else:
        text = TEMPLATE.format(file=file)
    from nato3.atomicfile import write_text

    write_text(file, text)  # WriteError: one line naming the file, exit 2
    console().print(f"Wrote {file}. Next: nato3 scenario validate {file}; nato3 project {file}", markup=False)
