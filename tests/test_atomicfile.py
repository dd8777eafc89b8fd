"""Atomic writes: a new file or the old one, never half; temporary files created exclusively under
random names; a full disk or an unwritable folder is one line and exit code 2, never a traceback."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys

import pytest

from nato3 import atomicfile
from nato3.atomicfile import WriteError, replacing, replacing_in_folder, write_text


def _only(folder):
    return sorted(p.name for p in folder.iterdir())


def test_write_replaces_the_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "index.html"
    target.write_text("old", encoding="utf-8")
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert _only(tmp_path) == ["index.html"]


def test_a_planted_link_at_the_old_temporary_name_is_not_followed(tmp_path):
    """Writers used to open ``.NAME.partial``; a link planted there redirected the write."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    target = tmp_path / "index.html"
    (tmp_path / ".index.html.partial").symlink_to(victim)
    write_text(target, "report")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert target.read_text(encoding="utf-8") == "report" and not target.is_symlink()


def test_temporary_names_are_random_and_exclusive(tmp_path):
    target = tmp_path / "out.csv"
    with replacing(target, suffix=".csv") as first, replacing(target, suffix=".csv") as second:
        assert first != second and first.parent == second.parent == tmp_path
        assert first.name.startswith(f".out.csv.{os.getpid()}.") and first.name.endswith(".partial.csv")
        first.write_text("a", encoding="utf-8")
        second.write_text("b", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "a"  # the outer block finished last
    assert _only(tmp_path) == ["out.csv"]


def test_a_failing_writer_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("the writer broke")
    assert target.read_text(encoding="utf-8") == "old"
    assert _only(tmp_path) == ["out.csv"]


def test_a_folder_for_writers_that_create_the_file_themselves(tmp_path):
    target = tmp_path / "db.duckdb"
    with replacing_in_folder(target) as tmp:
        assert not tmp.exists() and tmp.parent.parent == tmp_path
        assert oct(tmp.parent.stat().st_mode & 0o777) == "0o700"
        tmp.write_bytes(b"database")
    assert target.read_bytes() == b"database"
    assert _only(tmp_path) == ["db.duckdb"]


def test_leftovers_of_a_killed_process_are_removed_by_the_next_write(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    (tmp_path / f".out.csv.{pid}.0123456789abcdef.partial").write_text("half", encoding="utf-8")
    (tmp_path / f".nato3-tmp.{pid}.abcd_123").mkdir()
    alive = tmp_path / f".out.csv.{os.getppid()}.0123456789abcdef.partial"  # a running process's
    alive.write_text("in progress", encoding="utf-8")
    write_text(tmp_path / "out.csv", "whole")
    assert _only(tmp_path) == sorted(["out.csv", alive.name])


def test_write_error_names_the_file_and_the_reason(tmp_path, monkeypatch):
    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomicfile.os, "fsync", full)
    target = tmp_path / "out.csv"
    with pytest.raises(WriteError) as err:
        write_text(target, "x")
    assert str(err.value) == f"cannot write {target}: No space left on device"
    assert err.value.exit_code == 2 and err.value.errno == errno.ENOSPC
    assert _only(tmp_path) == []


def _limited(max_bytes: int):
    """A child process whose files cannot grow past ``max_bytes``: writes fail with EFBIG, as
    they fail with ENOSPC on a full disk (SIGXFSZ ignored so the write returns the error)."""

    def setup():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return setup


def _nato3(args, home, preexec=None):
    env = {**os.environ, "NATO3_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "nato3", *args], env=env, preexec_fn=preexec, capture_output=True, text=True
    )


def test_database_build_on_a_full_disk_is_one_line(tmp_path):
    """Before: DuckDB's 'Could not write file … No space left on device', a 116-line traceback."""
    home = tmp_path / "home"
    done = _nato3(["status"], home, _limited(512 * 1024))
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"Error: cannot write the database in {home} (File too large); "
        "set NATO3_HOME to a writable directory with free space"
    ]
    assert _only(home) == []  # no half-written database, no temporary folder


@pytest.mark.slow
def test_report_on_a_full_disk_is_one_line(tmp_path, nato3_home):
    from nato3.store.database import ensure_database

    ensure_database()  # built beforehand: only the report's own write meets the limit
    out = tmp_path / "report"
    done = _nato3(["report", "--out", str(out)], nato3_home, _limited(64 * 1024))
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"Error: cannot write {out / 'index.html'}: File too large"]
    assert _only(out) == []


def test_unwritable_empty_home_is_one_line(tmp_path, monkeypatch, cli):
    """Before: a 103-line DuckDB traceback."""
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    monkeypatch.setenv("NATO3_HOME", str(home))
    if os.geteuid() == 0:  # root writes anywhere: refuse new entries as the OS does for a user

        def refuse(*_args, **_kwargs):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

        monkeypatch.setattr(atomicfile.tempfile, "mkdtemp", refuse)
    from nato3.store import database

    database._checked.clear()
    try:
        code, _, err = cli("status")
    finally:
        database._checked.clear()
        home.chmod(0o755)
    assert code == 2
    assert err == (
        f"Error: cannot write the database in {home} (Permission denied); "
        "set NATO3_HOME to a writable directory with free space\n"
    )
