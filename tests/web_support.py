"""Helpers shared by the web tests: an app with a known token, a real server on a free port, and
checks of JSON answers and of 4xx messages."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def make_app(tmp_path, extra_hosts=(), **limits):
    """An app on loopback with TOKEN, saving scenarios under ``tmp_path``; ``limits`` override Limits,
    ``extra_hosts`` adds Host names to accept (an in-process client's "testserver")."""
    from nato3.web import Settings, create_app
    from nato3.web.settings import Limits

    settings = Settings(token=TOKEN, limits=Limits(**limits), extra_hosts=tuple(extra_hosts))
    return create_app(settings, scenarios_dir=tmp_path / "scenarios")


def client(app):
    """A TestClient that talks to ``app`` as a browser on this machine would (Host 127.0.0.1)."""
    from fastapi.testclient import TestClient

    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(app):
    """Serve ``app`` with uvicorn in a thread on 127.0.0.1 and a free port; yield its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def get_json(api, url):
    r = api.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def csv_rows(api, url):
    """The rows of a CSV download (a 200 with the CSV type, sent as an attachment)."""
    import csv
    import io

    r = api.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), r.text[:300]
    assert "attachment" in r.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(r.text)))


def bad(api, url, parameter, *allowed, status=422):
    """Assert a 4xx whose message names ``parameter`` and every string in ``allowed``."""
    r = api.get(url)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status
    assert f"'{parameter}'" in body["message"], body["message"]
    assert body["errors"] and body["errors"][0]["parameter"] == parameter
    for text in allowed:
        assert text in body["message"], (text, body["message"])
    return body
