"""Recompute sha256, byte size and row count in every bundled descriptor.

Run after changing a bundled CSV on purpose (``make provenance``); the build refuses files whose
hash differs from their descriptor, so provenance cannot silently drift from the data.
"""

import csv
import hashlib
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "nato3" / "data"

for descriptor in sorted(ROOT.glob("*/*.resource.json")):
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    data = (descriptor.parent / meta["path"]).read_bytes()
    rows = sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) - 1
    new = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "rows": rows}
    if any(meta.get(k) != v for k, v in new.items()):
        meta.update(new)
        descriptor.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"updated {descriptor.name}: {rows} rows", file=sys.stderr)
