"""A projection flood against a real `nato3 serve` on loopback: the server sheds load instead of
freezing.

Before, 64 connections posting `hague-linear` with a fresh seed each held every request thread
(each waiting up to 30 s for one of two projection slots): `/health` answered after 13.7 s or
timed out and no 503 was ever sent. Now projections run in two worker processes with a queue of
four, so `/health` and the data endpoints keep answering and the overflow gets a 503 with
`Retry-After`.

The assertions are about behaviour, never timings: every probe answered 200, and answered all
through the flood (probe answers fall between the projection answers in each half of the flood,
by order of arrival), no status but 200 and 503, every 503 with Retry-After.
`python tests/test_web_load.py [seconds] [connections]` prints the figures recorded in the README's
reliability section.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from web_support import TOKEN, free_port  # run as a script, Python puts tests/ on the path too

PROBES = ("/health", "/api/v1/spending?iso3=POL&from_year=2020")


@contextmanager
def served(home: Path):
    """`nato3 serve` in a process of its own (its own GIL, its own memory), on loopback."""
    port = free_port()
    env = {**os.environ, "NATO3_HOME": str(home), "NATO3_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nato3", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nato3 serve did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of the server and its projection workers, added up, in MB."""
    import psutil

    total = 0.0
    for process in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
    return total


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


PROBE = """
import json, sys, time
import httpx
url, seconds, paths = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
answers = {p: [] for p in paths}
print("ready", flush=True)  # imported and about to probe: the flood starts now
stop = time.monotonic() + seconds
with httpx.Client(base_url=url, timeout=30) as client:
    while time.monotonic() < stop:
        for path in paths:
            start = time.perf_counter()
            status = client.get(path).status_code
            answers[path].append((status, time.perf_counter() - start, time.monotonic()))
        time.sleep(0.02)
print(json.dumps(answers))
"""


async def _flood(url: str, seconds: float, connections: int, draws: int) -> dict:
    """``connections`` clients posting projections (a fresh seed each) for ``seconds``, while a
    process of its own (so this one's work does not delay it) probes ``PROBES`` every 20 ms."""
    statuses: dict[int, int] = {}
    retry_after: set[str | None] = set()
    answered_at: list[float] = []  # when each projection answer arrived (monotonic: one clock for all processes)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    probe = await asyncio.create_subprocess_exec(
        sys.executable, "-c", PROBE, url, str(seconds - 1), *PROBES, stdout=asyncio.subprocess.PIPE
    )
    assert (await probe.stdout.readline()).strip() == b"ready"  # however slowly it started on a busy machine
    stop = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as client:

        async def poster(worker: int) -> None:
            seed = worker * 1_000_000
            while time.monotonic() < stop:
                seed += 1
                body = {"builtin": "hague-linear", "draws": draws, "seed": seed}
                r = await client.post("/api/v1/projections", json=body)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                answered_at.append(time.monotonic())
                if r.status_code == 503:
                    retry_after.add(r.headers.get("retry-after"))

        posters = [asyncio.create_task(poster(i)) for i in range(connections)]
        await asyncio.sleep(seconds)
        # Each poster finishes the request it has in flight, so the projections the server accepted are
        # answered however busy the machine is (a count of 200s within a deadline would be a timing).
        await asyncio.gather(*posters)
    answers = json.loads((await probe.communicate())[0].decode().strip().splitlines()[-1])
    out: dict = {"statuses": statuses, "retry_after": retry_after}
    answered_at.sort()
    halves = [answered_at[: len(answered_at) // 2], answered_at[len(answered_at) // 2 :]]
    for path, got in answers.items():
        times = [t for _, t, _ in got]
        out[path] = {
            "n": len(got),
            "statuses": sorted({s for s, _, _ in got}),
            # Probe answers that arrived within each half of the projection answers (by order).
            "in_halves": [sum(1 for *_, at in got if part and part[0] <= at <= part[-1]) for part in halves],
            "p50_ms": 1000 * _quantile(times, 0.5),
            "p99_ms": 1000 * _quantile(times, 0.99),
            "max_ms": 1000 * max(times),
        }
    return out


def flood(url: str, seconds: float, connections: int, draws: int = 20_000) -> dict:
    return asyncio.run(_flood(url, seconds, connections, draws))


@pytest.fixture(scope="module")
def server(nato3_home):
    from nato3.store.database import ensure_database

    ensure_database()  # the server opens the test session's database
    with served(nato3_home) as running:
        yield running


def _raw(url: str, request: bytes) -> bytes:
    """Send ``request`` on a fresh connection; the server's answer (up to its close or 64 KB)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):  # it stopped reading: the answer is waiting
            pass
        answer = b""
        while len(answer) < 65536:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            answer += chunk
    return answer


def test_a_request_head_over_16_kb_is_refused_while_it_arrives(server):
    """uvicorn used to accept a 10 MB header; now the server answers 431 and closes the connection
    after the first 16 KB, without reading (or keeping) the rest."""
    url, pid = server
    huge = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 10_000_000 + b"\r\n\r\n"
    answer = _raw(url, huge)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b"request headers over the limit of 16384 bytes" in answer
    assert peak_rss_mb(pid) < 2048
    assert httpx.get(f"{url}/health", timeout=10).status_code == 200  # and it goes on serving


def test_a_large_body_sent_with_its_head_is_not_a_large_head(server):
    """A 40 KB JSON body (within the 64 KB limit) arriving in the same packets as the head."""
    url, _ = server
    body = b'{"builtin": "current-trend", "draws": 0' + b" " * 40_000 + b"}"
    r = httpx.post(f"{url}/api/v1/projections", content=body, headers={"content-type": "application/json"}, timeout=60)
    assert r.status_code == 200, r.text[:300]
    assert r.json()["parameters"]["scenario"] == "current-trend"


def test_a_projection_flood_is_shed_and_health_keeps_answering(server):
    url, pid = server
    figures = flood(url, seconds=8, connections=24, draws=5_000)
    rss = peak_rss_mb(pid)
    after = httpx.get(f"{url}/health", timeout=10)
    statuses = figures["statuses"]
    assert set(statuses) <= {200, 503}, statuses  # no 500, no timeout
    assert statuses.get(200, 0) >= 1 and statuses.get(503, 0) >= 10, statuses  # it computes and sheds
    assert figures["retry_after"] == {"2"}  # every 503 says when to come back
    for path in PROBES:
        probe = figures[path]
        assert probe["n"] >= 20 and probe["statuses"] == [200], (path, probe)
        # Answered while the flood ran, not after it: before the fix /health waited for the projections
        # (13.7 s, or no answer), so no probe answer fell between projection answers.
        assert min(probe["in_halves"]) >= 1 and sum(probe["in_halves"]) >= 10, (path, probe)
    assert after.status_code == 200
    assert rss < 2048, rss  # bounded: the server and two projection workers
    print(figures, f"peak RSS {rss:.0f} MB (server and workers)")


if __name__ == "__main__":  # the figures for the README
    seconds, connections = (float(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (30.0, 64)
    home = Path(os.environ.get("NATO3_HOME") or "/tmp/nato3-load")
    with served(home) as (url, pid):
        result = flood(url, seconds, connections)
        result["peak_rss_mb"] = peak_rss_mb(pid)
    print(result)
