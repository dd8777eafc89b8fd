"""Parameter sweeps: one scenario, a grid of changes, one table.

A sweep file names a scenario (built-in or a path relative to the sweep file) and a ``grid`` of
dotted scenario fields, each with a list of values::

    scenario: hague-linear
    draws: 20000
    seed: 7
    grid:
      target: [3.0, 3.5, 4.0]
      monte_carlo.gdp_growth_sd: [0.5, 1.5, 3.0]

A scenario path is read from the sweep file's folder (wherever the command runs); a name
without a path separator or .yaml/.yml suffix is a built-in scenario.

A grid over ``target`` moves target-seeking policies with it: a ``linear_to_target`` policy whose
target is the scenario's own (or left out) heads for each grid value, so ``hague-linear`` at
target 4.0 reaches 4.0 at the horizon; one with another explicit target keeps it. Likewise a
grid over ``horizon`` moves a ``by`` year equal to the scenario's horizon.

Every combination is one scenario (validated like a scenario file; a bad value is reported at
its line in the sweep file) and one Monte Carlo run; all runs go to the backend together, so a
Dask cluster works on the whole grid at once. The result has one row per grid point and ally
(or NATO aggregate): the grid values, the deterministic share and year reaching the target, and
with draws the probability of reaching the target by the horizon, quantiles and expected gap.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, ValidationError

from nato3.errors import DataValidationError
from nato3.projection.scenario import Scenario, Strict

if TYPE_CHECKING:
    import pandas as pd

    from nato3.projection.backends import Backend, Progress

MAX_POINTS = 10_000
Key = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9_:.-]+$")]


class Sweep(Strict):
    scenario: str = Field(min_length=1, max_length=500)
    draws: int | None = Field(default=None, ge=0, le=100_000_000)
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1)
    grid: dict[Key, Annotated[list[Any], Field(min_length=1, max_length=1000)]] = Field(min_length=1)
    countries: list[Annotated[str, Field(min_length=2, max_length=20)]] | None = None


def _set(document: dict, dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = document
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    key: Any = parts[-1]
    if isinstance(key, str) and key.isdigit():  # plan years are integers
        key = int(key)
    node[key] = value


def points(sweep: Sweep, path: Path) -> list[tuple[dict[str, Any], Any]]:
    """Every grid combination as ``(values, resolved scenario)``.

    Raises:
        DataValidationError: a grid value that makes an invalid scenario, named at its line.
    """
    from nato3.projection.builtin import read_scenario
    from nato3.projection.resolve import resolve
    from nato3.yamlfile import line_of, read_yaml

    base, base_path = read_scenario(_scenario_file(sweep.scenario, path))
    base_resolved = resolve(base, base_path)
    keys = list(sweep.grid)
    combos = list(itertools.product(*(range(len(sweep.grid[k])) for k in keys)))
    if len(combos) > MAX_POINTS:
        raise DataValidationError(str(path), None, "grid", f"{len(combos)} grid points; at most {MAX_POINTS}")
    document = base.model_dump(mode="python", exclude_none=True)
    out = []
    for combo in combos:
        values = {k: sweep.grid[k][i] for k, i in zip(keys, combo, strict=True)}
        changed = _deepcopy(document)
        for key, value in values.items():
            _set(changed, key, value)
        _follow(changed, values, base_resolved)
        try:
            scenario = Scenario.model_validate(changed)
            resolved = resolve(scenario, None, name=base.name or base_path.stem)
        except (DataValidationError, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                first = exc.errors()[0]
                field_name, problem = ".".join(str(p) for p in first.get("loc", ())), first["msg"]
            else:
                field_name, problem = exc.column, exc.problem
            where = _blame(keys, combo, field_name)
            raise DataValidationError(
                str(path), line_of(read_yaml(path), where), ".".join(map(str, where)), f"{field_name}: {problem}"
            ) from None
        out.append((values, resolved))
    return out


def _scenario_file(name: str, sweep_path: Path) -> Path:
    """The scenario file a sweep names: a path from the sweep file's folder, or a built-in.

    Raises:
        DataValidationError: a path that is not there, named at the sweep file's ``scenario`` line.
    """
    from nato3.projection.builtin import SUFFIXES, builtin_scenarios, scenario_path
    from nato3.yamlfile import line_of, read_yaml

    candidate = Path(name).expanduser()
    if candidate.suffix.lower() in SUFFIXES or "/" in name or "\\" in name:
        found = candidate if candidate.is_absolute() else sweep_path.parent / candidate
        if not found.is_file():
            raise DataValidationError(
                str(sweep_path),
                line_of(read_yaml(sweep_path), ("scenario",)),
                "scenario",
                f"scenario file {found} not found (paths are read from the sweep file's folder); "
                f"built-in scenarios: {', '.join(builtin_scenarios())}",
            )
        return found
    return scenario_path(name)


def _follow(document: dict, values: dict[str, Any], base) -> None:
    """Target-seeking policies follow a grid over ``target`` (and ``by`` one over ``horizon``)."""
    policies = document.get("policy")
    if not isinstance(policies, dict):  # a grid that replaced the whole section: validation names it
        return
    for policy in policies.values():
        linear = policy.get("linear_to_target") if isinstance(policy, dict) else None
        if not isinstance(linear, dict):
            continue
        if "target" in values and linear.get("target") == base.target_pct:
            linear.pop("target")
        if "horizon" in values and linear.get("by") == base.horizon:
            linear.pop("by")


def _deepcopy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deepcopy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deepcopy(v) for v in value]
    return value


def _blame(keys: list[str], combo: tuple, field_name: str | None) -> tuple:
    """The grid entry most likely behind a problem in ``field_name``."""
    for key, index in zip(keys, combo, strict=True):
        if field_name and (field_name == key or field_name.startswith(key + ".") or key.startswith(field_name)):
            return ("grid", key, index)
    return ("grid", keys[0], combo[0])


def load_sweep(path: str | Path) -> tuple[Sweep, Path]:
    """Read a sweep file. Raises DataValidationError naming file, line and field."""
    from nato3.yamlfile import load_model

    path = Path(path).expanduser()
    return load_model(path, Sweep), path


def run_sweep(
    path: str | Path, backend: Backend | str = "local", chunk_size: int = 5_000, progress: Progress | None = None
) -> pd.DataFrame:
    """Run every grid point of the sweep file at ``path`` and return one table.

    Raises:
        Nato3Error / DataValidationError: bad sweep file, bad grid value, unknown country.
    """
    import pandas as pd

    from nato3.alliance.membership import check_country
    from nato3.projection import engine
    from nato3.projection.backends import get_backend
    from nato3.projection.kernel import AGGREGATES
    from nato3.projection.result import source_tables
    from nato3.projection.runner import make_job, mc_params

    sweep, path = load_sweep(path)
    grid = points(sweep, path)
    wanted = None
    if sweep.countries:
        wanted = {c if c in AGGREGATES else check_country(c) for c in sweep.countries}
    setups = [engine.prepare(resolved) for _, resolved in grid]
    params = [mc_params(resolved, sweep.draws, sweep.seed) for _, resolved in grid]
    runner = get_backend(backend) if isinstance(backend, str) else backend
    jobs = [make_job(s, p) for s, p in zip(setups, params, strict=True) if p.draws]
    results = iter(runner.run(jobs, chunk_size, progress) if jobs else [])
    rows = []
    for point, ((values, resolved), setup, p) in enumerate(zip(grid, setups, params, strict=True)):
        result = next(results) if p.draws else None
        rows += _rows(point, values, resolved, setup, result, wanted)
    table = pd.DataFrame(rows)
    if "year_reaching_target" in table:
        table["year_reaching_target"] = table["year_reaching_target"].astype("Int64")
    table.attrs["scenario"] = grid[0][1].name if grid else sweep.scenario
    table.attrs["draws"] = params[0].draws if params else 0
    table.attrs["seed"] = params[0].seed if params else sweep.seed
    table.attrs["grid"] = {k: list(v) for k, v in sweep.grid.items()}
    table.attrs["settings"] = params[0].fitted if params else ""
    fitted = any(p.draws and p.fitted for p in params)
    table.attrs["tables"] = source_tables(setups[0], fitted) if setups else []
    if setups:
        table.attrs["editions"] = (setups[0].base.edition.label, setups[0].base.gdp_edition.label)
        table.attrs["base_year"] = setups[0].resolved.base_year
    return table


def _rows(point, values, resolved, setup, result, wanted) -> list[dict[str, Any]]:
    from nato3.alliance.aggregates import AGGREGATES
    from nato3.projection import engine

    share, _, gap = engine.run_deterministic(setup)
    codes = setup.kernel.codes
    names = dict(zip(setup.base.iso3, setup.base.names, strict=True)) | dict(AGGREGATES)
    A = len(setup.base.iso3)
    out = []
    for i, code in enumerate(codes):
        if (i < A and not setup.base.has_share[i]) or (wanted is not None and code not in wanted):
            continue
        reached = [int(y) for y, v in zip(setup.kernel.years, share[i], strict=True) if v >= resolved.target_pct]
        if i < A and setup.base.share[i] >= resolved.target_pct:  # at the target already: its figure's year
            reached = [int(setup.base.share_year[i])]
        row = {"point": point, **values, "iso3": code, "country": names.get(code, code)}
        row["kind"] = "ally" if i < A else "aggregate"
        row |= {"target_pct": resolved.target_pct, "horizon": resolved.horizon}
        row["share_horizon_pct"] = float(share[i, -1])
        row["year_reaching_target"] = reached[0] if reached else None
        row["gap_horizon_musd"] = float(gap[i, -1])
        if result is not None:
            row["p_reach_by_horizon"] = float(result.p_reach_by[i, -1])
            row["share_p05_horizon"] = float(result.quantiles[0.05][i, -1])
            row["share_p50_horizon"] = float(result.quantiles[0.5][i, -1])
            row["share_p95_horizon"] = float(result.quantiles[0.95][i, -1])
            row["expected_gap_horizon_musd"] = float(result.expected_gap[i, -1])
        out.append(row)
    return out
