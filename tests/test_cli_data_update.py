"""`nato3 data update` against a local http.server on 127.0.0.1 serving the publishers' files:
it takes the newest linked workbook, imports what is new in one step, and offline says so,
exits 3 and changes nothing."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import threading

import pytest

import nato3
from documents import rows
from nato3.store.database import ensure_database
from publishers import NATO_2024, SIPRI_2025, patched_cells, snapshot


@pytest.fixture
def server(tmp_path):
    """Serve ``tmp_path/www`` on 127.0.0.1; yields (root folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _publish(root, nato_file, sipri_file):
    """Pages like the publishers': links to an older and the current workbook."""
    (root / "nato" / "files").mkdir(parents=True)
    (root / "sipri").mkdir()
    shutil.copyfile(nato_file, root / "nato" / "files" / NATO_2024.name)
    shutil.copyfile(SIPRI_2025, root / "sipri" / sipri_file)
    (root / "nato" / "index.html").write_text(
        '<html><a href="files/230707-def-exp-2023-TABLES-en.xlsx">2023</a> '
        f'<a href="files/{NATO_2024.name}">2024</a> <a href="/other.pdf">pdf</a></html>',
        encoding="utf-8",
    )
    (root / "sipri" / "index.html").write_text(
        f"<html><a href='SIPRI-Milex-data-1949-2023.xlsx'>old</a><a href='{sipri_file}'>new</a></html>",
        encoding="utf-8",
    )


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_update_imports_the_newest_workbooks_in_one_step(cli, fresh_home, server, tmp_path, monkeypatch):
    root, url = server
    revised = patched_cells(NATO_2024, tmp_path / "revised.xlsx", "xl/worksheets/sheet3.xml", {"N32": 4.5})
    _publish(root, revised, SIPRI_2025.name)
    monkeypatch.setenv("NATO3_NATO_URL", f"{url}/nato/")
    monkeypatch.setenv("NATO3_SIPRI_URL", f"{url}/sipri/")
    code, out, err = cli("data", "update", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["committed"]
    # the NATO workbook changed Poland 2024e; SIPRI's equals the bundled release, so it is up to date
    assert [p["file"] for p in result["imports"]] == [NATO_2024.name]
    assert result["up_to_date"] == [SIPRI_2025.name]
    assert nato3.status(2024, "2024")["allies"].set_index("iso3").loc["POL"].defence_share_gdp_pct == 4.5
    (descriptor,) = rows(
        json.loads(cli("sources", "--table", "nato_expenditure_ed2024_imported", "--format", "json")[1])
    )
    assert descriptor["address"] == f"{url}/nato/files/{NATO_2024.name}"
    assert descriptor["published"] == "2024-06-17"  # from NATO's file name


def test_update_dry_run_and_up_to_date(cli, fresh_home, server, monkeypatch):
    root, url = server
    _publish(root, NATO_2024, SIPRI_2025.name)
    ensure_database()
    before = snapshot(fresh_home)
    code, out, _ = cli("data", "update", "--nato-url", f"{url}/nato/", "--sipri-url", f"{url}/sipri/")
    assert code == 0
    assert "is already loaded, unchanged" in out and "Everything is up to date; nothing changed." in out
    assert snapshot(fresh_home) == before


def test_a_direct_workbook_address_works(cli, fresh_home, server, tmp_path):
    root, url = server
    revised = patched_cells(NATO_2024, tmp_path / "revised.xlsx", "xl/worksheets/sheet3.xml", {"N32": 4.4})
    _publish(root, revised, SIPRI_2025.name)
    code, out, _ = cli(
        "data", "update", "--only", "nato", "--nato-url", f"{url}/nato/files/{NATO_2024.name}", "--dry-run"
    )
    assert code == 0 and "Dry run: nothing was changed." in out and "4.400" in out


def test_offline_says_so_exits_3_and_changes_nothing(cli, fresh_home, monkeypatch):
    ensure_database()
    before = snapshot(fresh_home)
    port = _free_port()  # nothing listens there: connection refused, like a machine without network
    monkeypatch.setenv("NATO3_NATO_URL", f"http://127.0.0.1:{port}/nato/")
    monkeypatch.setenv("NATO3_SIPRI_URL", f"http://127.0.0.1:{port}/sipri/")
    code, out, err = cli("data", "update")
    assert code == 3
    assert err.count("\n") == 1 and "offline or unreachable: cannot reach 127.0.0.1" in err and "nothing changed" in err
    assert snapshot(fresh_home) == before


def test_offline_from_the_real_command(fresh_home, monkeypatch):
    """The installed command prints one line and exits 3 (main() uses the error's exit code)."""
    import subprocess
    import sys

    port = _free_port()
    env = {
        **os.environ,
        "NATO3_HOME": str(fresh_home),
        "NATO3_NATO_URL": f"http://127.0.0.1:{port}/",
        "NATO3_SIPRI_URL": f"http://127.0.0.1:{port}/",
    }
    run = subprocess.run(
        [sys.executable, "-m", "nato3", "data", "update", "--format", "json"], env=env, capture_output=True, text=True
    )
    assert run.returncode == 3 and run.stdout == ""
    assert run.stderr.startswith("Error: offline or unreachable") and run.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--only", "imf"], "unknown publisher 'imf'; allowed: nato, sipri"),
        (["--only", "nato", "--nato-url", "ftp://example.org/x.xlsx"], "is not an http(s) URL"),
    ],
)
def test_bad_update_arguments(cli, fresh_home, args, message):
    code, _, err = cli("data", "update", *args)
    assert code == 2 and message in err


def test_missing_page_and_page_without_workbooks(cli, fresh_home, server):
    root, url = server
    (root / "empty.html").write_text("<html>no links</html>", encoding="utf-8")
    code, _, err = cli("data", "update", "--only", "nato", "--nato-url", f"{url}/missing.html")
    assert code == 2 and "answered HTTP 404" in err
    code, _, err = cli("data", "update", "--only", "sipri", "--sipri-url", f"{url}/empty.html")
    assert code == 2 and "links to no workbook" in err and "NATO3_SIPRI_URL" in err


TOPIC = "/en/what-we-do/introduction-to-nato/defence-expenditures-and-natos-5-commitment"
FINANCE = "/content/dam/nato/webready/documents/finance"


def _topic_page(root, workbook):
    """NATO's topic page as of 2026: an 'Archive of tables' of yearly PDFs; the newest year's
    workbook sits beside its PDF."""
    (root / FINANCE.lstrip("/")).mkdir(parents=True)
    shutil.copyfile(workbook, root / FINANCE.lstrip("/") / "def-exp-2026-en.xlsx")
    page = root / TOPIC.lstrip("/")
    page.mkdir(parents=True)
    anchors = " ".join(f'<a href="{FINANCE}/def-exp-{y}-en.pdf">{y}</a>' for y in (2024, 2025, 2026))
    (page / "index.html").write_text(f"<html><h2>Archive of tables</h2>{anchors}</html>", encoding="utf-8")


def test_nato_topic_page_leads_to_the_newest_workbook(cli, fresh_home, server, tmp_path):
    from nato_layouts import workbook_2026

    root, url = server
    _topic_page(root, workbook_2026(tmp_path / "def-exp-2026-en.xlsx", money=True))
    code, out, err = cli("data", "update", "--only", "nato", "--nato-url", f"{url}{TOPIC}/", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    (imported,) = result["imports"]
    assert imported["file"] == "def-exp-2026-en.xlsx" and imported["detected"]["definition"] == "core"
    assert result["committed"]
    (descriptor,) = rows(
        json.loads(cli("sources", "--table", "nato_expenditure_ed2026_imported", "--format", "json")[1])
    )
    assert descriptor["address"] == f"{url}{FINANCE}/def-exp-2026-en.xlsx"
    assert nato3.load("nato_series", edition="2026", iso3="USA", year=2026).iloc[0].defence_exp_musd_current == 1032849


def test_a_failing_topic_page_falls_back_to_the_old_page(cli, fresh_home, server, monkeypatch):
    """No address given: the default page answers 404, NATO's older page still links a workbook."""
    from dataclasses import replace

    from nato3.imports import download

    root, url = server
    _publish(root, NATO_2024, SIPRI_2025.name)
    nato = replace(download.PUBLISHERS["nato"], address=f"{url}/gone/", fallback=f"{url}/nato/")
    monkeypatch.setitem(download.PUBLISHERS, "nato", nato)
    monkeypatch.delenv("NATO3_NATO_URL", raising=False)
    code, out, err = cli("data", "update", "--only", "nato", "--dry-run", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["up_to_date"] == [NATO_2024.name]  # the old page's newest workbook, unchanged


@pytest.fixture
def trickle_server():
    """A server that sends a workbook's headers, then one byte every 0.2 s."""
    import time

    class Trickle(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100000):
                    self.wfile.write(b"P")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:  # the client gave up
                pass

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_trickling_server_meets_the_overall_deadline(cli, fresh_home, trickle_server, monkeypatch):
    """Each read gets a byte in time, so only an overall deadline ends the download: exit 3, nothing changed."""
    ensure_database()
    before = snapshot(fresh_home)
    monkeypatch.setenv("NATO3_UPDATE_DEADLINE", "1.5")
    code, _, err = cli("data", "update", "--only", "nato", "--nato-url", f"{trickle_server}/def-exp-2026-en.xlsx")
    assert code == 3 and err.count("\n") == 1
    assert "did not deliver" in err and "within the update's deadline (1.5 s, NATO3_UPDATE_DEADLINE)" in err
    assert snapshot(fresh_home) == before


def test_a_bad_deadline_setting_is_named(cli, fresh_home, monkeypatch):
    monkeypatch.setenv("NATO3_UPDATE_DEADLINE", "soon")
    code, _, err = cli("data", "update", "--only", "nato", "--nato-url", "http://127.0.0.1:9/x.xlsx")
    assert code == 2 and "NATO3_UPDATE_DEADLINE='soon' is not a number of seconds" in err


def test_downloads_are_created_exclusively(tmp_path):
    """A planted file or symlink is never written through."""
    from nato3.imports.download import _write_new

    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "def-exp-2026-en.xlsx").symlink_to(victim)
    with pytest.raises(FileExistsError):
        _write_new(tmp_path / "def-exp-2026-en.xlsx", b"PK")
    assert victim.read_text(encoding="utf-8") == "keep"
