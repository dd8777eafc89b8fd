"""The Monte Carlo settings a scenario uses when it does not set them: fitted to history.

``nato3 backtest --fit`` fits ``gdp_growth_sd``, ``correlation`` and ``execution_sd`` to the
hindcast errors of the bundled series (:mod:`nato3.backtest.fit`) and writes them, with their
provenance, to ``nato3/data/uncertainty/monte_carlo_fitted.csv`` (+ ``.resource.json``). A
scenario's ``monte_carlo`` section may still set any of them: a number set there applies to every
ally and replaces the fitted values of that parameter.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nato3 import paths
from nato3.errors import DataValidationError, Nato3Error
from nato3.store.cache import data_cache

if TYPE_CHECKING:
    from nato3.projection.scenario import MonteCarlo

FITTED_DIR = paths.UNCERTAINTY_DIR
FITTED_NAME = "monte_carlo_fitted"
PARAMETERS = ("gdp_growth_sd", "correlation", "execution_sd")


@dataclass(frozen=True)
class FittedSettings:
    """Fitted values: one per parameter for the alliance, and per ally where the data carried it."""

    gdp_growth_sd: float
    correlation: float
    execution_sd: float
    gdp_growth_sd_by_ally: dict[str, float] = field(default_factory=dict)
    execution_sd_by_ally: dict[str, float] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def description(self) -> str:
        d = self.provenance
        return f"{d.get('producer', 'nato3')}: {d.get('title', FITTED_NAME)} ({d.get('edition', '')})"


def descriptor_path(folder: Path = FITTED_DIR) -> Path:
    return Path(folder) / f"{FITTED_NAME}.resource.json"


@data_cache(maxsize=4)
def fitted(folder: Path = FITTED_DIR) -> FittedSettings:
    """The fitted settings in ``folder``, checked against their descriptor's sha256.

    Raises:
        Nato3Error: the file is missing (run ``nato3 backtest --fit``).
        DataValidationError: the file differs from its descriptor, or a value is not a number.
    """
    import hashlib

    descriptor = descriptor_path(folder)
    if not descriptor.is_file():
        raise Nato3Error(
            f"no fitted Monte Carlo settings in {folder}; fit them (nato3.backtest.backtest with fit) or set "
            "monte_carlo values in the scenario"
        )
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    data = (descriptor.parent / meta["path"]).read_bytes()
    if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        raise DataValidationError(meta["path"], None, None, f"differs from its descriptor {descriptor.name} (sha256)")
    alliance: dict[str, float] = {}
    by_ally: dict[str, dict[str, float]] = {p: {} for p in PARAMETERS}
    for line, row in enumerate(csv.DictReader(data.decode("utf-8").splitlines()), start=2):
        if row["parameter"] not in PARAMETERS:
            continue
        try:
            value = float(row["value"])
        except ValueError:
            raise DataValidationError(meta["path"], line, "value", f"{row['value']!r} is not a number") from None
        if row["scope"] == "alliance":
            alliance[row["parameter"]] = value
        else:
            by_ally[row["parameter"]][row["iso3"]] = value
    missing = [p for p in PARAMETERS if p not in alliance]
    if missing:
        raise DataValidationError(meta["path"], None, "parameter", f"no alliance value of {', '.join(missing)}")
    return FittedSettings(
        gdp_growth_sd=alliance["gdp_growth_sd"],
        correlation=alliance["correlation"],
        execution_sd=alliance["execution_sd"],
        gdp_growth_sd_by_ally=by_ally["gdp_growth_sd"],
        execution_sd_by_ally=by_ally["execution_sd"],
        provenance={k: v for k, v in meta.items() if k != "fields"},
    )


def settings(spec: MonteCarlo) -> dict[str, Any]:
    """Keyword arguments of :class:`~nato3.projection.montecarlo.Params` besides draws and seed:
    the scenario's numbers where it gives them, the fitted values for the others."""
    given = {p: getattr(spec, p) for p in PARAMETERS}
    if all(v is not None for v in given.values()):
        return {**given, "gdp_growth_sd_by_ally": {}, "execution_sd_by_ally": {}, "fitted": ""}
    fit = fitted()
    out: dict[str, Any] = {p: getattr(fit, p) if v is None else v for p, v in given.items()}
    out["gdp_growth_sd_by_ally"] = dict(fit.gdp_growth_sd_by_ally) if given["gdp_growth_sd"] is None else {}
    out["execution_sd_by_ally"] = dict(fit.execution_sd_by_ally) if given["execution_sd"] is None else {}
    names = ", ".join(p for p, v in given.items() if v is None)
    out["fitted"] = f"{names} fitted to history ({fit.description})"
    return out
