"""The README documents every CLI command and keeps its two-command contract."""

from __future__ import annotations

from pathlib import Path

import typer.main

from nato3.cli.app import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix="nato3"):
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        path = f"{prefix} {name}"
        if hasattr(command, "list_commands"):
            yield from _commands(command, path)
        else:
            yield path


def all_commands() -> list[str]:
    """Every command and sub-command path, e.g. 'nato3 data export'."""
    return list(_commands(typer.main.get_command(app)))


def test_every_command_is_in_the_readme():
    commands = all_commands()
    assert len(commands) > 20  # the walk reaches the sub-commands of data, burden, ledger, scenario
    missing = [c for c in commands if c not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_readme_gives_the_two_commands_first():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
