"""Start-up: every ``nato3 … --help`` loads Typer and its own command module, nothing heavier.

Each command path runs ``--help`` in a fresh interpreter and reports what it imported, so a
module-level ``import pandas`` (or a Typer release that pulls in pydantic) in any command fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nato3.cli.app import COMMANDS, command_paths

# Libraries a --help never needs: data, plotting, web, validation, and Rich (help is plain text).
HEAVY = {
    "pandas", "numpy", "duckdb", "pyarrow", "matplotlib", "pydantic", "pydantic_core", "plotly", "fastapi",
    "starlette", "uvicorn", "scipy", "dask", "distributed", "jinja2", "openpyxl", "yaml", "rich", "orjson",
}  # fmt: skip

# What commands share: the entry point, common options and errors, the Monte Carlo run options
# of `project` and `sweep`.
SHARED = {
    "nato3",
    "nato3.api",
    "nato3.version",
    "nato3.errors",
    "nato3.cli",
    "nato3.cli.app",
    "nato3.cli.common",
    "nato3.cli.run_options",
}

PROBE = """
import json, sys
before = set(sys.modules)
sys.argv = ["nato3", *json.loads(sys.argv[1]), "--help"]
from nato3.cli.app import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(set(sys.modules) - before)}), file=sys.stderr)
"""


def _own_modules(words: tuple[str, ...]) -> set[str]:
    if not words:
        return set()
    module = COMMANDS[words[0]][0]
    return {module}


def _imported_by_help(words: tuple[str, ...]) -> tuple[list[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(words))], capture_output=True, text=True, check=True
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, result.stderr
    return report["modules"], result.stdout


PATHS = command_paths()


def test_every_sub_command_is_probed():
    """The walk reaches the nested groups' commands, so a heavy import there cannot hide."""
    assert ("data", "show") in PATHS and ("ledger", "posture") in PATHS and ("scenario", "list") in PATHS
    assert len(PATHS) > len(COMMANDS) + 10


@pytest.mark.parametrize("words", PATHS, ids=lambda words: " ".join(words) or "nato3")
def test_help_imports_only_typer_and_its_own_command(words):
    modules, help_text = _imported_by_help(words)
    assert "Usage: nato3" in help_text
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], f"`nato3 {' '.join(words)} --help` imports {heavy}"
    own = _own_modules(words)
    ours = [m for m in modules if m == "nato3" or m.startswith("nato3.")]
    foreign = sorted(m for m in ours if m not in SHARED and not any(m == o or m.startswith(o + "_") for o in own))
    assert foreign == [], f"`nato3 {' '.join(words)} --help` imports {foreign}"
