"""The root command: commands load lazily, their listed help matches their own, typos get suggestions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nato3.cli.app import COMMANDS, load_command


@pytest.mark.parametrize("name", list(COMMANDS))
def test_listed_short_help_is_the_commands_own(name):
    assert COMMANDS[name][2] == load_command(name).get_short_help_str(limit=1000)


def test_root_help_imports_no_command_module():
    code = (
        "import sys\n"
        "from nato3.cli.app import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('nato3.cli.') and m not in "
        "('nato3.cli.app',))\n"
        "heavy = sorted(m for m in ('pandas', 'duckdb', 'numpy', 'matplotlib', 'pydantic') if m in sys.modules)\n"
        "print(loaded, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[] []"


def test_unknown_command_suggests_the_closest(cli):
    code, _, err = cli("statu")
    assert code == 2 and "Did you mean 'status'?" in err
