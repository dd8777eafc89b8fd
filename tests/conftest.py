"""Shared fixtures: an isolated NATO3_HOME for the whole run and a CLI runner with a fixed width."""

from __future__ import annotations

import json
import os
import shutil

import pytest

# Rich reads the terminal size from the environment: pin it so table output is stable.
os.environ["COLUMNS"] = "160"
os.environ["LINES"] = "50"


@pytest.fixture(scope="session", autouse=True)
def nato3_home(tmp_path_factory):
    """Every test uses a database built fresh in a temporary NATO3_HOME."""
    home = tmp_path_factory.mktemp("nato3_home")
    old = os.environ.get("NATO3_HOME")
    os.environ["NATO3_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("NATO3_HOME", None)
    else:
        os.environ["NATO3_HOME"] = old


@pytest.fixture
def cli():
    """Invoke ``nato3`` in-process like a shell would: returns (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from nato3.cli.app import app, error_line
    from nato3.errors import Nato3Error

    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(app, list(args), terminal_width=160)
        if isinstance(result.exception, Nato3Error):
            # What main() does: one line on stderr, the error's exit code (2 for bad input).
            return result.exception.exit_code, result.stdout, error_line(result.exception) + "\n"
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.fixture
def cli_json(cli):
    def invoke(*args: str):
        code, out, err = cli(*args, "--format", "json")
        assert code == 0, err
        return json.loads(out)

    return invoke


@pytest.fixture(scope="session")
def bundled_database(tmp_path_factory):
    """The database built from the bundled data alone, once per session (per xdist worker), in a
    home no test writes to: each fresh_home starts from a copy instead of building it again."""
    from nato3.imports.commit import forget_cached
    from nato3.store.database import ensure_database

    home = tmp_path_factory.mktemp("bundled_database")
    old = os.environ["NATO3_HOME"]
    os.environ["NATO3_HOME"] = str(home)
    try:
        database = ensure_database()
    finally:
        os.environ["NATO3_HOME"] = old
        forget_cached()
    return database


@pytest.fixture
def fresh_home(tmp_path, monkeypatch, bundled_database):
    """A NATO3_HOME of the test's own, for tests that import data; in-process caches are cleared
    before and after so no other test sees the imported editions. It starts with a copy of the
    bundled database, as a home looks after its first use (the code still checks and rebuilds it
    when its fingerprint does not match the data)."""
    from nato3.imports.commit import forget_cached

    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(bundled_database, home / bundled_database.name)
    monkeypatch.setenv("NATO3_HOME", str(home))
    forget_cached()
    yield home
    forget_cached()
