"""The README documents every CLI command and keeps its two-command contract."""

from __future__ import annotations

from pathlib import Path

import typer.main

from nato3.cli.app import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix="nato3"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path


def test_every_command_is_in_the_readme():
    click_app = typer.main.get_command(app)
    missing = [c for c in _commands(click_app) if c not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_readme_gives_the_two_commands_first():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
