"""Built-in scenarios, shipped as YAML files in ``nato3/data/scenarios/``, and loading any
scenario by built-in name or by file path.

A built-in scenario is an ordinary scenario file: ``nato3 scenario show hague-linear`` prints
it and ``nato3 scenario init --from hague-linear`` copies it as a starting point.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nato3 import paths
from nato3.errors import Nato3Error

if TYPE_CHECKING:  # imported where used: finding a scenario's file needs neither pydantic nor pandas
    from nato3.projection.resolve import Resolved
    from nato3.projection.scenario import Scenario

SCENARIO_DIR = paths.BUNDLED_DATA_DIR / "scenarios"
SUFFIXES = (".yaml", ".yml")


def builtin_scenarios() -> dict[str, Path]:
    """Name → file of every built-in scenario, in alphabetical order."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.yaml"))}


def scenario_path(name_or_path: str | Path) -> Path:
    """The file behind a built-in name or a path.

    An argument that names an existing file, contains a path separator or ends in .yaml/.yml is
    a path; anything else must be a built-in name.

    Raises:
        Nato3Error: neither a built-in name nor an existing file.
    """
    text = str(name_or_path)
    candidate = Path(text).expanduser()
    builtins = builtin_scenarios()
    looks_like_path = candidate.suffix.lower() in SUFFIXES or "/" in text or "\\" in text
    if candidate.is_file() or (looks_like_path and text not in builtins):
        if not candidate.is_file():
            raise Nato3Error(
                f"scenario file {text!r} not found; built-in scenarios: {', '.join(builtins)}", parameter="scenario"
            )
        return candidate
    if text in builtins:
        return builtins[text]
    raise Nato3Error(
        f"unknown scenario {text!r}; use a YAML file or a built-in scenario: {', '.join(builtins)}",
        parameter="scenario",
    )


def read_scenario(name_or_path: str | Path) -> tuple[Scenario, Path]:
    """Parse and type-check a scenario file (no database checks).

    Raises:
        Nato3Error: unknown name or missing file.
        DataValidationError: bad YAML, unknown key, wrong type or range, naming file, line, field.
    """
    from nato3.projection.scenario import Scenario
    from nato3.yamlfile import load_model

    path = scenario_path(name_or_path)
    return load_model(path, Scenario), path


def load_scenario(name_or_path: str | Path | Scenario) -> Resolved:
    """Read a scenario (built-in name, file path or a :class:`Scenario`) and check it against the data.

    Raises:
        Nato3Error / DataValidationError: see :func:`read_scenario` and :func:`~nato3.projection.resolve.resolve`.
    """
    from nato3.projection.resolve import Resolved, resolve
    from nato3.projection.scenario import Scenario

    if isinstance(name_or_path, Scenario):
        return resolve(name_or_path)
    if isinstance(name_or_path, Resolved):
        return name_or_path
    scenario, path = read_scenario(name_or_path)
    return resolve(scenario, path)


def describe_builtins() -> list[dict[str, str]]:
    """Name, description and file of each built-in scenario (for ``nato3 scenario list``)."""
    from nato3.projection.scenario import Scenario
    from nato3.yamlfile import load_model

    out = []
    for name, path in builtin_scenarios().items():
        scenario = load_model(path, Scenario)
        out.append({"name": name, "description": " ".join(scenario.description.split()), "file": str(path)})
    return out
