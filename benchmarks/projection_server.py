"""``POST /api/v1/projections`` under load: a real ``nato3 serve`` on loopback and wrk.

Measured in one run, against one server process (two projection workers, four runs queued):

* POSTs whose body was answered before (cache hits) against cached GETs of
  ``/api/v1/spending``, 64 connections each, interleaved (GET, POST, GET, POST; medians), in
  pairs of answers of about the same size: at these rates the server's time goes on sending the
  bytes (a 378 KB projection answer costs as much to send as a 441 KB spending answer, and eight
  times a 46 KB one), so a hit is compared with a GET that sends as much. The goal: a hit costs
  what a cached GET costs (both are answered by a lane in front of the router). The ratio of the
  10,000-draw JSON hit to the small ``iso3=POL`` GET is printed too, without a goal (the figure
  the issue first quoted);
* POSTs with a new seed each (every one a miss: a run of 10,000 draws), with 2 and with 64
  connections: answers (200) per second, and the 503s the pool sheds;
* the peak resident memory of the server and its workers together (VmHWM) after the misses.

``NATO3_BENCH_BASELINE_SRC`` (a ``src`` folder of another nato3 checkout) runs the misses and the
memory against that code too (a second server, with a home of its own, running beside the first:
misses of ours and of the baseline in turn, three rounds, medians), and prints the ratios (the
issue's "today").
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from benchmarks.servers import free_port, running

SECONDS = int(os.environ.get("NATO3_BENCH_SECONDS", "15"))
ROUNDS = 3  # interleaved rounds of GETs and POST hits (medians of three)
GET_PATH = "/api/v1/spending?iso3=POL"  # a small cached GET (46 KB)
GET_LARGE_PATH = "/api/v1/spending?source=nato"  # a large one (441 KB), as large as a projection answer
POST_PATH = "/api/v1/projections"
POST_SMALL_PATH = POST_PATH + "?format=csv&table=paths_allies"  # the same run's per-ally table (32 KB)
BODY = '{"builtin": "hague-linear", "draws": 10000, "seed": 1}'
HIT_LUA = f"""wrk.method = "POST"
wrk.body = '{BODY}'
wrk.headers["Content-Type"] = "application/json"
"""
MISS_LUA = """local threads = 0
setup = function(thread) thread:set("id", threads); threads = threads + 1 end
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"builtin": "hague-linear", "draws": 10000, "seed": %d}', 1000000 * (id + 1) + n)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
"""


@contextmanager
def served(pythonpath: str | None = None):
    """A ``nato3 serve`` process (of the code under ``pythonpath`` when given, with a home of its
    own): its URL and pid."""
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, NATO3_TOKEN="benchmark-token-0123456789")
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
        env["NATO3_HOME"] = tempfile.mkdtemp(prefix="nato3-bench-baseline-")  # its own database
    cmd = [sys.executable, "-m", "nato3", "serve", "--port", str(port)]
    with running(cmd, url + "/health", env=env) as proc:
        for path in (GET_PATH, GET_LARGE_PATH):
            SIZES[path] = len(httpx.get(url + path, timeout=30).content)
        for path in (POST_PATH, POST_SMALL_PATH) if not pythonpath else (POST_PATH,):
            r = httpx.post(url + path, content=BODY, headers={"content-type": "application/json"}, timeout=120)
            if r.status_code != 200:
                raise RuntimeError(f"POST {path} answered {r.status_code}: {r.text[:300]}")
            SIZES[path] = len(r.content)
        yield url, proc.pid
        if pythonpath:
            shutil.rmtree(env["NATO3_HOME"], ignore_errors=True)


SIZES: dict[str, int] = {}  # bytes of each answer the hits are measured with


def wrk(url: str, connections: int, lua: str | None = None, seconds: int = SECONDS) -> dict[str, float]:
    """wrk against ``url``: answers (2xx) per second, all requests per second, non-2xx, p50 (ms)."""
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed: run `make bench` (it installs Debian's wrk) or apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        cmd = [binary, f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "60s"]
        if lua:
            script.write(lua)
            script.flush()
            cmd += ["-s", script.name]
        out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out).group(1))
    duration = _seconds(*re.search(r"requests in ([\d.]+)(ms|s|m)", out).groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    refused = int(non_2xx.group(1)) if non_2xx else 0
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", out)
    return {
        "ok_per_s": (requests - refused) / duration,
        "rps": requests / duration,
        "refused": refused,
        "p50_ms": _seconds(*p50.groups()) * 1000 if p50 else float("nan"),
    }


def _seconds(value: str, unit: str) -> float:
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of ``pid`` and its children, added up, in MB."""
    total = 0.0
    pids = [pid, *_children(pid)]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
    return total


def _children(pid: int) -> list[int]:
    out = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        out += [int(child), *_children(int(child))]
    return out


def hits_against_get(url: str) -> dict[str, float]:
    """Median req/s of cached GETs and of POST cache hits, 64 connections, interleaved."""
    paths = {"get": (GET_PATH, None), "post_small": (POST_SMALL_PATH, HIT_LUA)}
    paths |= {"get_large": (GET_LARGE_PATH, None), "post": (POST_PATH, HIT_LUA)}
    rates: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(ROUNDS):
        for name, (path, lua) in paths.items():
            rates[name].append(wrk(url + path, 64, lua)["rps"])
    return {name: statistics.median(each) for name, each in rates.items()}


def _kb(path: str) -> str:
    return f"{SIZES[path] / 1000:,.0f} KB"


def misses(url: str, pid: int) -> dict[str, float]:
    """Answers per second with a new seed each request (2 and 64 connections), and peak RSS."""
    two = wrk(url + POST_PATH, 2, MISS_LUA)
    many = wrk(url + POST_PATH, 64, MISS_LUA)
    return {"two": two["ok_per_s"], "many": many["ok_per_s"], "shed": many["refused"], "rss": peak_rss_mb(pid)}


def run() -> list[dict]:
    from benchmarks.timing import row

    baseline_src = os.environ.get("NATO3_BENCH_BASELINE_SRC")
    with served() as (url, pid):
        hits = hits_against_get(url)
        if baseline_src:
            with served(baseline_src) as (base_url, base_pid):
                ours, base = misses_against_baseline((url, pid), (base_url, base_pid))
        else:
            ours, base = misses(url, pid), None
    small, large = hits["post_small"] / hits["get"], hits["post"] / hits["get_large"]
    first_quoted = hits["post"] / hits["get"]
    rows = [
        row(f"cached GET spending?iso3=POL ({_kb(GET_PATH)}), 64 conns", hits["get"], "req/s"),
        row(f"POST hit, CSV paths_allies ({_kb(POST_SMALL_PATH)}), 64 conns", hits["post_small"], "req/s"),
        row("POST hit / cached GET, small answers", small, "x", ">= 0.8", small >= 0.8),
        row(f"cached GET spending?source=nato ({_kb(GET_LARGE_PATH)})", hits["get_large"], "req/s"),
        row(f"POST hit, JSON 10,000 draws ({_kb(POST_PATH)}), 64 conns", hits["post"], "req/s"),
        row("POST hit / cached GET, large answers", large, "x", ">= 0.8", large >= 0.8),
        row("POST hit (JSON) / cached GET iso3=POL (8x smaller)", first_quoted, "x"),
        row("POST, new seed each (10,000 draws), 2 conns", ours["two"], "answers/s"),
        row("POST, new seed each (10,000 draws), 64 conns", ours["many"], "answers/s"),
        row("  … of which shed with 503 (64 conns)", ours["shed"], "requests"),
        row("server + workers peak RSS, projection load", ours["rss"], "MB", "<= 600", ours["rss"] <= 600),
    ]
    if base is not None:
        ratio = max(ours["two"], ours["many"]) / max(base["two"], base["many"])
        rows += [
            row("baseline code: POST new seed, 2 conns", base["two"], "answers/s"),
            row("baseline code: POST new seed, 64 conns", base["many"], "answers/s"),
            row("baseline code: peak RSS, projection load", base["rss"], "MB"),
            row("POST new seed vs baseline (goal: vs the issue's code)", ratio, "x", ">= 3", ratio >= 3),
        ]
    return rows


def misses_against_baseline(ours: tuple[str, int], base: tuple[str, int]) -> tuple[dict, dict]:
    """:func:`misses` of both servers, in turn (ours, baseline, ours, …; both running all along):
    medians of the rates, peak memory over all rounds."""
    rounds: dict[str, list[dict]] = {"ours": [], "base": []}
    for _ in range(ROUNDS):
        rounds["ours"].append(misses(*ours))
        rounds["base"].append(misses(*base))
    return tuple(
        {
            **{k: statistics.median(r[k] for r in each) for k in ("two", "many", "shed")},
            "rss": max(r["rss"] for r in each),
        }
        for each in rounds.values()
    )
