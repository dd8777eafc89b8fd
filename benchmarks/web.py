"""Web API under load: `nato3 serve` against datasette serving the same rows, wrk on loopback.

Both servers answer `iso3=POL` from the same spending rows (NATO editions and SIPRI): nato3 at
`/api/v1/spending?iso3=POL`, datasette at `/bench/spending.json?iso3=POL&_shape=array&_size=max`
from a SQLite file written in this run. wrk (Debian package; `make bench` installs it) keeps 64
connections busy for 30 s against each in turn, and reports requests per second, the 99th
percentile latency and errors. Goal: nato3 at least datasette's req/s with a lower p99, 0 errors.
Both run as single processes (datasette's only mode); nato3 with two workers is shown as well.
Set NATO3_BENCH_SECONDS for a shorter trial.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SECONDS = int(os.environ.get("NATO3_BENCH_SECONDS", "30"))
CONNECTIONS = 64
THREADS = 2
NATO3_PATH = "/api/v1/spending?iso3=POL"
DATASETTE_PATH = "/bench/spending.json?iso3=POL&_shape=array&_size=max"
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_sqlite(path: Path) -> int:
    """Every spending row nato3 serves (all allies, sources, editions: the spending document) as a SQLite table."""
    from nato3.documents import build

    rows = [{k: v for k, v in r.items() if k != "marks"} for r in build("spending").tables["spending"].records()]
    columns = list(rows[0])
    with sqlite3.connect(path) as con:
        con.execute(f"CREATE TABLE spending ({', '.join(columns)})")
        con.executemany(
            f"INSERT INTO spending VALUES ({', '.join('?' * len(columns))})", [tuple(r.values()) for r in rows]
        )
        con.execute("CREATE INDEX spending_iso3 ON spending (iso3)")
    return len(rows)


@contextmanager
def _server(cmd: list[str], url: str):
    """Start a server, wait until ``url`` answers 200, stop it afterwards."""
    import httpx

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]} did not start: {proc.stderr.read().decode()[-500:]}")
            time.sleep(0.2)
        for _ in range(200):  # warm caches and connections
            httpx.get(url, timeout=5)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wrk(url: str) -> dict[str, float]:
    """Run wrk against ``url``; return req/s, p99 (ms) and errors (socket errors + non-2xx)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: run `make bench` (it installs Debian's wrk) or apt-get install wrk")
    cmd = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out).groups()
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p99_ms": float(p99) * UNITS[unit], "errors": errors, "requests": requests}


def run() -> list[dict]:
    import httpx

    python_bin = Path(sys.executable).parent
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="nato3-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        _write_sqlite(db)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        datasette = [str(python_bin / "datasette"), "serve", str(db), "--host", "127.0.0.1", "--port", str(port)]
        with _server(datasette, url + DATASETTE_PATH):
            expected = len(httpx.get(url + DATASETTE_PATH).json())
            results["datasette"] = _wrk(url + DATASETTE_PATH)
        env_token = {"NATO3_TOKEN": "benchmark-token-0123456789"}
        os.environ.update(env_token)
        for workers in (1, 2):
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            cmd = [str(python_bin / "nato3"), "serve", "--port", str(port), "--workers", str(workers)]
            with _server(cmd, url + NATO3_PATH):
                got = len(httpx.get(url + NATO3_PATH).json()["tables"]["spending"]["rows"])
                if got != expected:
                    raise RuntimeError(f"nato3 answers {got} rows, datasette {expected}: not the same work")
                results[f"nato3, {workers} worker{'s' if workers > 1 else ''}"] = _wrk(url + NATO3_PATH)
    rows = []
    for name, r in results.items():
        rows.append({"name": f"{name}: requests/s", "value": r["rps"], "unit": "req/s"})
        rows.append({"name": f"{name}: p99 latency", "value": r["p99_ms"], "unit": "ms"})
        rows.append({"name": f"{name}: errors", "value": r["errors"], "unit": "", "goal": "0"})
    base = results["datasette"]
    for name in (n for n in results if n.startswith("nato3")):
        rows.append(
            {
                "name": f"{name} / datasette, req/s",
                "value": results[name]["rps"] / base["rps"],
                "unit": "x",
                "goal": ">= 1",
            }
        )
        rows.append(
            {
                "name": f"{name} / datasette, p99",
                "value": results[name]["p99_ms"] / base["p99_ms"],
                "unit": "x",
                "goal": "< 1",
            }
        )
    return rows
