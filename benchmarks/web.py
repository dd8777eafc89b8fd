"""Web API under load: nato3 against datasette and a bare FastAPI app, wrk on loopback, same queries.

Two loads, each run against every server in turn (A B C A B C …, NATO3_BENCH_TRIALS rounds of
NATO3_BENCH_SECONDS each; medians reported), 64 connections, 1 worker:

* one repeated URL, ``/api/v1/spending?iso3=POL``: nato3 (a response-cache hit), datasette
  running the same filter on a SQLite file written in this run, and a bare FastAPI app on the
  same stack returning nato3's bytes (``web_bare.py``: the floor). Goals: nato3's p99 at most
  0.2× datasette's and 1.5× the bare app's.
* varied country-year queries (``web_random.lua`` walks one shuffled list, the same for both
  servers): every ally × year (or from a year on) × source and edition (NATO's editions, SIPRI's
  release, both), each within the years its source covers. Far more queries than any response
  cache holds. Goals: nato3 at least 10× datasette's req/s with at most 0.2× its p99.

Before loading, a sample of queries is asked of both servers: they must return the same rows.
nato3 with two workers is shown on the varied load as well. No errors allowed anywhere.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from benchmarks.servers import free_port, running
from benchmarks.timing import row

SECONDS = int(os.environ.get("NATO3_BENCH_SECONDS", "10"))
TRIALS = int(os.environ.get("NATO3_BENCH_TRIALS", "3"))
CONNECTIONS = 64
THREADS = 2
SEED = 15
HERE = Path(__file__).resolve().parent
ONE_QUERY = {"iso3": "POL"}
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
TYPES = {"year": "INTEGER", "price_base_year": "INTEGER", "is_estimate": "INTEGER"}
TEXT = ("source", "edition", "definition", "country", "iso3", "dataset")


def _spending_rows() -> list[dict]:
    """Every spending row nato3 serves for the allies (all sources and editions), without marks."""
    from nato3.documents import build

    return [{k: v for k, v in r.items() if k != "marks"} for r in build("spending").tables["spending"].records()]


def _write_sqlite(path: Path, rows: list[dict]) -> None:
    """The rows as a typed SQLite table, indexed on the columns the queries filter by."""
    columns = list(rows[0])
    declared = ", ".join(f"{c} {TYPES.get(c, 'TEXT' if c in TEXT else 'REAL')}" for c in columns)
    with sqlite3.connect(path) as con:
        con.execute(f"CREATE TABLE spending ({declared})")
        con.executemany(
            f"INSERT INTO spending VALUES ({', '.join('?' * len(columns))})", [tuple(r.values()) for r in rows]
        )
        con.execute("CREATE INDEX spending_iso3_year ON spending (iso3, year)")


def varied_queries(rows: list[dict]) -> list[tuple[dict, dict]]:
    """(nato3 query, datasette query) pairs: ally × year (exact, or from it on) × source and edition
    (each NATO edition, all of NATO's, SIPRI's release, both), each year within the years that ally has in that
    choice (nato3 refuses a year outside them, 422); shuffled with a fixed seed."""
    years: dict[tuple, list[int]] = {}
    for r in rows:
        years.setdefault((r["source"], r["edition"], r["iso3"]), []).append(r["year"])
        years.setdefault((r["source"], None, r["iso3"]), []).append(r["year"])
        years.setdefault((None, None, r["iso3"]), []).append(r["year"])
    pairs = []
    for (source, edition, iso3), have in sorted(years.items(), key=str):
        chosen = {k: v for k, v in (("source", source), ("edition", edition)) if v is not None}
        for year in range(min(have), max(have) + 1):
            exact = {"iso3": iso3, "from_year": year, "to_year": year, **chosen}
            pairs.append((exact, {"iso3": iso3, "year": year, **chosen}))
            pairs.append(({"iso3": iso3, "from_year": year, **chosen}, {"iso3": iso3, "year__gte": year, **chosen}))
    random.Random(SEED).shuffle(pairs)
    return pairs


def _path(base: str, query: dict) -> str:
    from urllib.parse import urlencode

    return f"{base}?{urlencode(query)}"


def nato3_path(query: dict) -> str:
    return _path("/api/v1/spending", query)


def datasette_path(query: dict) -> str:
    return _path("/bench/spending.json", {**query, "_shape": "array", "_size": "max"})


def _wrk(url: str, paths: Path | None = None, seconds: int = SECONDS) -> dict[str, float]:
    """wrk against ``url`` (or, with ``paths``, the next path of that list each request): req/s,
    p99 (ms) and errors (socket errors + non-2xx)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: run `make bench` (it installs Debian's wrk) or apt-get install wrk")
    cmd = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    env = dict(os.environ)
    if paths is not None:
        cmd[1:1] = ["-s", str(HERE / "web_random.lua")]
        env.update(NATO3_BENCH_PATHS=str(paths), NATO3_BENCH_THREADS=str(THREADS))
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out).groups()
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {"rps": rps, "p99_ms": float(p99) * UNITS[unit], "errors": errors}


def _same_answers(nato3: str, datasette: str, pairs: list[tuple[dict, dict]]) -> None:
    """Both servers return the same rows (count and figures) for a sample of the queries."""
    import httpx

    for ours, theirs in pairs[:200]:
        got = httpx.get(nato3 + nato3_path(ours)).json()["tables"]["spending"]["rows"]
        want = httpx.get(datasette + datasette_path(theirs)).json()
        key = [(r["source"], r["edition"], r["iso3"], r["year"], r["defence_share_gdp_pct"]) for r in got]
        if key != [(r["source"], r["edition"], r["iso3"], r["year"], r["defence_share_gdp_pct"]) for r in want]:
            raise RuntimeError(f"nato3 and datasette answer {ours} differently: not the same work")


def _trials(loads: dict[str, tuple[str, Path | None]]) -> dict[str, dict[str, float]]:
    """Every load in turn, TRIALS rounds (after a short warm-up of each); the median of each figure."""
    for url, paths in loads.values():
        _wrk(url, paths, seconds=2)
    runs: dict[str, list[dict]] = {name: [] for name in loads}
    for _ in range(TRIALS):
        for name, (url, paths) in loads.items():
            runs[name].append(_wrk(url, paths))
    return {
        name: {
            "rps": statistics.median(r["rps"] for r in results),
            "p99_ms": statistics.median(r["p99_ms"] for r in results),
            "errors": sum(r["errors"] for r in results),
        }
        for name, results in runs.items()
    }


def _start_all(stack: ExitStack, tmp: Path, db: Path) -> dict[str, str]:
    """datasette, nato3 with 1 and 2 workers, and the bare app serving nato3's answer; their URLs."""
    import httpx

    python_bin = Path(sys.executable).parent
    urls = {name: f"http://127.0.0.1:{free_port()}" for name in ("datasette", "nato3", "nato3 ×2", "bare")}
    port = {name: url.rsplit(":", 1)[1] for name, url in urls.items()}
    datasette = [str(python_bin / "datasette"), "serve", str(db), "--host", "127.0.0.1", "--port", port["datasette"]]
    stack.enter_context(running(datasette, urls["datasette"] + datasette_path(ONE_QUERY)))
    env = {**os.environ, "NATO3_TOKEN": "benchmark-token-0123456789"}
    for name, workers in (("nato3", "1"), ("nato3 ×2", "2")):
        cmd = [str(python_bin / "nato3"), "serve", "--port", port[name], "--workers", workers]
        stack.enter_context(running(cmd, urls[name] + "/health", env=env))
    body = tmp / "pol.json"
    body.write_bytes(httpx.get(urls["nato3"] + nato3_path(ONE_QUERY)).content)
    bare = [sys.executable, str(HERE / "web_bare.py"), port["bare"], str(body)]
    stack.enter_context(running(bare, urls["bare"] + "/health"))
    return urls


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="nato3-bench-") as tmp, ExitStack() as stack:
        rows = _spending_rows()
        db = Path(tmp) / "bench.db"
        _write_sqlite(db, rows)
        pairs = varied_queries(rows)
        lists = {"nato3": Path(tmp) / "nato3.txt", "datasette": Path(tmp) / "datasette.txt"}
        lists["nato3"].write_text("".join(nato3_path(q) + "\n" for q, _ in pairs))
        lists["datasette"].write_text("".join(datasette_path(q) + "\n" for _, q in pairs))
        urls = _start_all(stack, Path(tmp), db)
        _same_answers(urls["nato3"], urls["datasette"], pairs)
        one = _trials(
            {
                "datasette": (urls["datasette"] + datasette_path(ONE_QUERY), None),
                "nato3": (urls["nato3"] + nato3_path(ONE_QUERY), None),
                "bare FastAPI": (urls["bare"] + nato3_path(ONE_QUERY), None),
            }
        )
        varied = _trials(
            {
                "datasette": (urls["datasette"], lists["datasette"]),
                "nato3": (urls["nato3"], lists["nato3"]),
                "nato3 ×2": (urls["nato3 ×2"], lists["nato3"]),
            }
        )
    return _rows(one, varied, len(pairs))


def _rows(one: dict, varied: dict, queries: int) -> list[dict]:
    out = []
    for load, results in (("iso3=POL", one), (f"varied ({queries} queries)", varied)):
        for name, r in results.items():
            out.append(row(f"{load}, {name}: requests/s", r["rps"], "req/s"))
            out.append(row(f"{load}, {name}: p99 latency", r["p99_ms"], "ms"))
            if name.startswith("nato3"):
                out.append(row(f"{load}, {name}: errors", r["errors"], "", goal="0", met=r["errors"] == 0))
            else:  # theirs: shown, not a goal of ours (wrk counts a reply after 2 s as an error)
                out.append(row(f"{load}, {name}: errors", r["errors"], ""))
    p99_vs_datasette = one["nato3"]["p99_ms"] / one["datasette"]["p99_ms"]
    p99_vs_bare = one["nato3"]["p99_ms"] / one["bare FastAPI"]["p99_ms"]
    out.append(
        row("iso3=POL, nato3 / datasette, p99", p99_vs_datasette, "x", goal="<= 0.2", met=p99_vs_datasette <= 0.2)
    )
    out.append(row("iso3=POL, nato3 / bare FastAPI, p99", p99_vs_bare, "x", goal="<= 1.5", met=p99_vs_bare <= 1.5))
    rps = varied["nato3"]["rps"] / varied["datasette"]["rps"]
    p99 = varied["nato3"]["p99_ms"] / varied["datasette"]["p99_ms"]
    out.append(row("varied, nato3 / datasette, req/s", rps, "x", goal=">= 10", met=rps >= 10))
    out.append(row("varied, nato3 / datasette, p99", p99, "x", goal="<= 0.2", met=p99 <= 0.2))
    two = varied["nato3 ×2"]["rps"] / varied["datasette"]["rps"]
    out.append(row("varied, nato3 2 workers / datasette, req/s", two, "x"))
    return out
