"""`nato3 serve` from the command line: startup message, token handling, host warning, bad input,
and a real server process answering on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from web_support import free_port


@pytest.fixture
def fake_uvicorn(monkeypatch):
    """Record what would be passed to uvicorn.run instead of serving forever."""
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    names = ("NATO3_TOKEN", "NATO3_WEB_HOST", "NATO3_WEB_PORT", "NATO3_ALLOWED_HOSTS")
    saved = {name: os.environ.pop(name, None) for name in names}
    yield calls
    for name, value in saved.items():  # the command exports these for its workers: undo that
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value


def test_startup_message_and_generated_token(cli, fake_uvicorn):
    port = free_port()
    code, out, err = cli("serve", "--port", str(port))
    assert code == 0, err
    assert f"dashboard at http://127.0.0.1:{port}/" in out and f"http://127.0.0.1:{port}/docs" in out
    assert "Authorization: Bearer <token>" in out and "generated for this run" in out
    token = os.environ["NATO3_TOKEN"]
    assert len(token) >= 16 and token in out
    (args, kwargs), *_ = fake_uvicorn
    assert args == ("nato3.web.app:create_app_from_env",) and kwargs["factory"] is True
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == port and kwargs["workers"] == 1
    assert "Warning" not in err


def test_token_from_environment_is_not_printed(cli, fake_uvicorn, monkeypatch):
    monkeypatch.setenv("NATO3_TOKEN", "from-the-environment-123456")
    code, out, _ = cli("serve", "--port", str(free_port()))
    assert code == 0 and "from $NATO3_TOKEN" in out and "from-the-environment-123456" not in out


def test_token_option_and_workers(cli, fake_uvicorn):
    code, out, _ = cli("serve", "--port", str(free_port()), "--token", "a-long-enough-token-42", "--workers", "2")
    assert code == 0 and "from --token" in out and "a-long-enough-token-42" not in out
    assert fake_uvicorn[0][1]["workers"] == 2 and os.environ["NATO3_TOKEN"] == "a-long-enough-token-42"


def test_open_host_is_warned(cli, fake_uvicorn):
    code, out, err = cli("serve", "--host", "0.0.0.0", "--port", str(free_port()), "--allow-host", "nato3.example.org")
    assert code == 0 and "Warning: --host 0.0.0.0" in err and "reachable from other machines" in err
    assert "Answers   to nato3.example.org and local names" in out
    assert os.environ["NATO3_ALLOWED_HOSTS"] == "nato3.example.org"


def test_open_host_needs_an_allowed_host_list(cli, fake_uvicorn, monkeypatch):
    """With --host 0.0.0.0 any Host header used to be accepted (DNS rebinding)."""
    monkeypatch.delenv("NATO3_ALLOWED_HOSTS", raising=False)
    code, out, err = cli("serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert (code, out) == (2, "")
    assert err == (
        "Error: --host 0.0.0.0 listens on every interface: name the host names it may be reached by with "
        "--allow-host NAME (or NATO3_ALLOWED_HOSTS=NAME,NAME); it answers only to those and local names\n"
    )
    code, _, err = cli("serve", "--host", "0.0.0.0", "--allow-host", "*", "--port", str(free_port()))
    assert code == 2 and err.startswith("Error: --allow-host: '*' is not a host name")
    assert not fake_uvicorn
    monkeypatch.setenv("NATO3_ALLOWED_HOSTS", "a.example.org, B.example.org")
    code, _, err = cli("serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert code == 0, err
    assert os.environ["NATO3_ALLOWED_HOSTS"] == "a.example.org,b.example.org"


def test_serve_bounds_the_request_head(cli, fake_uvicorn):
    from nato3.web.http_limits import HeaderLimitedHttpTools

    code, _, err = cli("serve", "--port", str(free_port()))
    assert code == 0, err
    assert fake_uvicorn[0][1]["http"] is HeaderLimitedHttpTools


def test_bad_input(cli, fake_uvicorn):
    code, _, err = cli("serve", "--token", "short")
    assert code == 2 and "at least 16 characters" in err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = cli("serve", "--port", str(port))
    assert code == 2 and f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
    code, _, err = cli("serve", "--port", "70000")
    assert code == 2
    assert not fake_uvicorn


def test_a_real_server_answers(nato3_home):
    port = free_port()
    nato3 = Path(sys.executable).with_name("nato3")
    env = {**os.environ, "NATO3_HOME": str(nato3_home), "NATO3_TOKEN": "process-token-0123456789"}
    proc = subprocess.Popen(
        [str(nato3), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{url}/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "nato3 serve did not answer within 60 s"
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert httpx.get(f"{url}/api/v1/spending?iso3=POL").json()["tables"]["spending"]["rows"]
        scenario = {"name": "x", "spec": {}}
        assert httpx.post(f"{url}/api/v1/scenarios", json=scenario).status_code == 401
        auth = {"Authorization": "Bearer process-token-0123456789"}
        assert httpx.post(f"{url}/api/v1/scenarios", json=scenario, headers=auth).status_code == 201
        assert (nato3_home / "scenarios").is_dir()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    assert f"dashboard at {url}/" in out.decode()
