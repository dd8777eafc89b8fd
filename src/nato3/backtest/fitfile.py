"""Write a fit as a bundled data file with its provenance, like every other nato3 dataset.

``monte_carlo_fitted.csv`` holds one row per parameter and ally (or the alliance);
``monte_carlo_fitted.resource.json`` says who derived it, how, from which tables and editions
(with their hashes), when, and the file's own sha256 and row count. Both are written to temporary
files and renamed into place, descriptor last, so a reader never sees a half-written pair (and
:func:`nato3.projection.uncertainty.fitted` refuses a CSV whose hash differs from its descriptor).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nato3.errors import Nato3Error

if TYPE_CHECKING:
    from nato3.backtest.fit import Fit

FIELDS = [
    {
        "name": "parameter",
        "type": "string",
        "description": "Monte Carlo setting of a scenario (share_drift_sd: diagnostic, not a setting)",
        "constraints": {
            "required": True,
            "enum": ["gdp_growth_sd", "execution_sd", "correlation", "share_drift_sd"],
        },
    },
    {
        "name": "scope",
        "type": "string",
        "description": "'ally': fitted to this ally's errors; 'alliance': pooled over every ally",
        "constraints": {"required": True, "enum": ["ally", "alliance"]},
    },
    {
        "name": "iso3",
        "type": "string",
        "description": "ISO3 code of the ally; empty for the alliance",
        "constraints": {"country": ["ally"]},
    },
    {
        "name": "value",
        "type": "number",
        "description": "The fitted value",
        "unit": "see the unit column",
        "constraints": {"required": True, "minimum": 0},
    },
    {"name": "unit", "type": "string", "description": "Unit of the value", "constraints": {"required": True}},
    {
        "name": "origins",
        "type": "integer",
        "description": "Hindcast origins behind the value",
        "constraints": {"required": True, "minimum": 0},
    },
    {
        "name": "errors",
        "type": "integer",
        "description": "Hindcast errors behind it (ally pairs for correlation)",
        "constraints": {"required": True, "minimum": 0},
    },
]


def fit_label(fit: Fit) -> str:
    first, last = fit.origins
    return (
        f"share errors: {fit.history.label}, origins {first}–{last}; GDP errors: {fit.gdp.label}; "
        f"horizons {fit.horizons[0]}–{fit.horizons[-1]}, lookback {fit.lookback} years"
    )


def command(fit: Fit) -> str:
    first, last = fit.origins
    h = fit.horizons
    return f"nato3 backtest --fit --source {fit.history.source} --origins {first}:{last} --horizons {h[0]}-{h[-1]}"


def _csv_bytes(fit: Fit) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f["name"] for f in FIELDS])
    for row in fit.table.itertuples(index=False):
        writer.writerow(
            [row.parameter, row.scope, row.iso3, f"{float(row.value):.3f}", row.unit, int(row.origins), int(row.errors)]
        )
    return out.getvalue().encode("utf-8")


def _inputs(fit: Fit) -> list[dict[str, Any]]:
    from nato3.store.sources import descriptors as provenance

    tables = dict.fromkeys([*fit.history.tables, *fit.gdp.tables])
    keep = ("name", "title", "producer", "edition", "published", "sha256")
    return [{k: d.get(k) for k in keep} for table in tables for d in provenance(table)]


def descriptor(fit: Fit, data: bytes, today: str | None = None) -> dict[str, Any]:
    """The provenance descriptor of the CSV bytes ``data`` of ``fit``."""
    from nato3.backtest.fit import MIN_ORIGINS
    from nato3.projection.uncertainty import FITTED_NAME

    today = today or date.today().isoformat()
    return {
        "name": FITTED_NAME,
        "title": "Monte Carlo settings of the projection, fitted to hindcast errors",
        "path": f"{FITTED_NAME}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "kind": "derived",
        "producer": "nato3 (derived)",
        "edition": fit_label(fit),
        "published": today,
        "derived": {
            "how": (
                "gdp_growth_sd: the 80th percentile of |log(actual / forecast) / √h| over 1.2816 of GDP forecast "
                "at its past mean growth; execution_sd: √(share² − gdp²), share being the same spread of the "
                "constant-share hindcast errors of the share of GDP (per ally with errors from at least "
                f"{MIN_ORIGINS} origins, else pooled over the alliance); correlation: mean pairwise correlation "
                "of allies' GDP errors from the same origin and horizon. See nato3.backtest.fit."
            ),
            "command": command(fit),
            "from": _inputs(fit),
            "origins": list(fit.origins),
            "horizons": list(fit.horizons),
            "lookback_years": fit.lookback,
        },
        "original": {"note": "Derived by nato3 from the bundled tables under derived.from; no outside file."},
        "intermediary": {"note": "None: computed by nato3 itself (derived.command)."},
        "licence": (
            "Derived from the tables under derived.from; their terms apply (SIPRI: free for non-commercial use "
            "with attribution; NATO: reproduction with acknowledgement of the source)."
        ),
        "accessed": {"date": today, "note": "Date the values were derived by the command under derived.command."},
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "rows": len(fit.table),
        "primaryKey": ["parameter", "scope", "iso3"],
        "fields": FIELDS,
    }


def write_fit(fit: Fit, folder: str | Path | None = None, today: str | None = None) -> Path:
    """Write ``fit`` as CSV + descriptor in ``folder`` (default: the bundled one); returns the CSV path.

    Raises:
        Nato3Error: the folder cannot be written.
    """
    from nato3.projection.uncertainty import FITTED_DIR, FITTED_NAME, fitted

    folder = Path(folder) if folder is not None else FITTED_DIR
    data = _csv_bytes(fit)
    meta = json.dumps(descriptor(fit, data, today), indent=2, ensure_ascii=False) + "\n"
    target = folder / f"{FITTED_NAME}.csv"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, content in ((target, data), (folder / f"{FITTED_NAME}.resource.json", meta.encode("utf-8"))):
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(content)
            os.replace(tmp, path)
    except OSError as exc:
        raise Nato3Error(f"cannot write the fitted settings to {folder} ({exc.strerror})") from None
    fitted.cache_clear()
    return target
