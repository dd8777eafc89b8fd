"""Run the benchmarks named on the command line (default: all) and print one table."""

from __future__ import annotations

import importlib
import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ALL = ["startup", "cli", "report", "projection", "sweep", "backtest", "web"]


def main(argv: list[str]) -> int:
    names = argv or ALL
    results = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"· {name}: {module.__doc__.strip().splitlines()[0]}", flush=True)
        for row in module.run():
            row["benchmark"] = name
            results.append(row)
            goal = f"  (goal {row['goal']})" if row.get("goal") else ""
            if "met" in row:
                goal += "  met" if row["met"] else "  NOT MET"
            print(f"  {row['name']:<48} {row['value']:>12.3f} {row['unit']}{goal}", flush=True)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": __import__("os").cpu_count(),
    }
    (out / "latest.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    print(f"written to {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
