"""``nato3 scenario``: list, show, validate and start scenario files for ``nato3 project``."""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, OutputFormat, console, fail, rich_table, write_csv, write_json

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
def list_scenarios(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """The built-in scenarios: name and what each assumes."""
    import pandas as pd

    from nato3.projection.builtin import describe_builtins

    df = pd.DataFrame(describe_builtins())
    if fmt is OutputFormat.json:
        write_json(df.to_dict("records"))
    elif fmt is OutputFormat.csv:
        write_csv(df)
    else:
        out = console()
        out.print(rich_table(df, {"name": "Scenario", "description": "What it assumes"}, title="Built-in scenarios"))
        out.print(
            "Run one with `nato3 project NAME`; copy one with `nato3 scenario init FILE --from NAME`.", style="dim"
        )


@app.command("show")
def show(
    scenario: str = typer.Argument(..., help="A built-in scenario name or a scenario YAML file."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Print a scenario file and what it means for each ally: start, policy, GDP growth."""
    import pandas as pd

    from nato3.projection.builtin import load_scenario, scenario_path
    from nato3.projection.engine import prepare

    path = scenario_path(scenario)
    setup = prepare(load_scenario(scenario))
    base = setup.base
    df = pd.DataFrame(
        {
            "iso3": base.iso3,
            "country": base.names,
            "start_share_pct": base.share,
            "start_year": [int(y) if y else None for y in base.share_year],
            "policy": setup.compiled.labels,
            "gdp_growth_pct": setup.growth.round(3),
            "gdp_growth_method": setup.growth_notes,
        }
    )
    if fmt is OutputFormat.json:
        r = setup.resolved
        write_json(
            {
                "scenario": r.name,
                "file": str(path),
                "yaml": path.read_text(encoding="utf-8"),
                "edition": r.edition,
                "gdp_edition": r.gdp_edition,
                "base_year": r.base_year,
                "horizon": r.horizon,
                "target_pct": r.target_pct,
                "allies": df.astype(object).where(df.notna(), None).to_dict("records"),
            }
        )
    elif fmt is OutputFormat.csv:
        write_csv(df)
    else:
        out = console()
        out.print(f"# {path}", style="dim")
        out.print(path.read_text(encoding="utf-8"), markup=False, highlight=False)
        columns = {"country": "Ally", "start_share_pct": "Start %", "start_year": "Year", "policy": "Policy"}
        columns["gdp_growth_pct"] = "GDP growth %"
        out.print(rich_table(df, columns, title=f"{setup.resolved.name}: each ally"))


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
