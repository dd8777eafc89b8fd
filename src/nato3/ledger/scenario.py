"""Drawdown scenarios: YAML files that withdraw US personnel or named units from European hosts.

A drawdown names the US level it starts from, who backfills and at what ratio, and a list of
withdrawals, each either an event of ``force_posture_events`` (its host, date, unit and personnel
are taken from the row) or a host, date and personnel given in the file::

    name: germany-2026
    title: US withdraws 5,000 troops from Germany (announced May 2026)
    us_baseline: F22          # F22, F23, F24 (EUCOM/DoD totals) or dmdc (permanently assigned only)
    backfill:
      by: host                # host, a group id (europe, eu, ...) or a list of ISO3 codes
      ratio: 1.0              # European soldiers per withdrawn US soldier
    withdrawals:
      - event: FP046
      - host: POL
        date: 2027-01
        personnel: 1000
        unit: an armoured battalion (hypothetical)

Files are read with :func:`nato3.yamlfile.load_model`, so every problem (unknown key, unknown
event or country, an event that is not a withdrawal) is a ``DataValidationError`` naming the file,
the line and the field. Built-in drawdowns live in ``nato3/data/drawdowns/``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from nato3.errors import Nato3Error
from nato3.paths import BUNDLED_DATA_DIR
from nato3.store.cache import data_cache

DRAWDOWNS_DIR = BUNDLED_DATA_DIR / "drawdowns"
BASELINES = ("F22", "F23", "F24", "dmdc")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _ctx(info: ValidationInfo) -> dict[str, Any]:
    return info.context or {}


class Backfill(BaseModel):
    """Who replaces the withdrawn US personnel, how many per US soldier, and which NATO figures price them."""

    model_config = ConfigDict(extra="forbid")
    by: str | list[str] = "host"
    ratio: float = Field(1.0, ge=0, le=10)
    year: int | None = None
    edition: str = "2024"

    @field_validator("by")
    @classmethod
    def _known(cls, value: str | list[str], info: ValidationInfo) -> str | list[str]:
        ctx = _ctx(info)
        if not ctx or value == "host":
            return value
        if isinstance(value, str):
            if value not in ctx["groups"]:
                raise ValueError(f"unknown group {value!r}; use 'host', a group ({', '.join(ctx['groups'])}) or a list")
            return value
        codes = [v.strip().upper() for v in value]
        unknown = [c for c in codes if c not in ctx["allies"]]
        if unknown or not codes:
            raise ValueError(f"unknown ally {', '.join(unknown) or '(empty list)'}; use ISO3 codes of allies")
        return codes


class Withdrawal(BaseModel):
    """One withdrawal: an event id, or a host, date and personnel (with an optional unit name)."""

    model_config = ConfigDict(extra="forbid")
    event: str | None = None
    host: str | None = None
    date: str | None = None
    personnel: int | None = Field(None, gt=0, le=1_000_000)
    unit: str | None = None
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            value = value.isoformat()[:10]
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, str) and not _DATE.match(value):
            raise ValueError("use a date written YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    @field_validator("event")
    @classmethod
    def _event(cls, value: str | None, info: ValidationInfo) -> str | None:
        ctx = _ctx(info)
        if value is None or not ctx:
            return value
        value = value.strip().upper()
        if value not in ctx["events"]:
            ids = sorted(ctx["events"])
            raise ValueError(f"unknown event {value!r}; the events table has {ids[0]}–{ids[-1]}")
        change = ctx["events"][value]["change_personnel"]
        if change is not None and change >= 0:
            raise ValueError(f"{value} is not a withdrawal (change {change:+d}); name an event with a negative change")
        return value

    @field_validator("host")
    @classmethod
    def _host(cls, value: str | None, info: ValidationInfo) -> str | None:
        ctx = _ctx(info)
        if value is None or not ctx:
            return value
        code = value.strip().upper()
        if code != "EUR" and code not in ctx["europe"]:
            raise ValueError(f"unknown host {value!r}; use the ISO3 code of a European ally, or EUR")
        return code

    @model_validator(mode="after")
    def _complete(self, info: ValidationInfo) -> Withdrawal:
        ctx = _ctx(info)
        if self.event is None:
            missing = [f for f in ("host", "date", "personnel") if getattr(self, f) is None]
            if missing:
                raise ValueError(f"give an event id, or host, date and personnel (missing: {', '.join(missing)})")
            return self
        if self.host is not None or self.date is not None:
            raise ValueError(f"host and date come from event {self.event}; drop them or drop 'event'")
        if ctx:
            change = ctx["events"][self.event]["change_personnel"]
            if change is None and self.personnel is None:
                raise ValueError(f"event {self.event} gives no personnel figure; add 'personnel' (your assumption)")
            if change is not None and self.personnel is not None:
                raise ValueError(f"event {self.event} already gives {change:+d}; drop 'personnel' or drop 'event'")
        return self


class Drawdown(BaseModel):
    """A drawdown scenario: baseline, backfill rule and the withdrawals."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    title: str
    description: str = ""
    us_baseline: str = "F22"
    backfill: Backfill = Backfill()
    withdrawals: list[Withdrawal] = Field(min_length=1)

    @field_validator("us_baseline")
    @classmethod
    def _baseline(cls, value: str) -> str:
        if value not in BASELINES:
            raise ValueError(f"unknown baseline {value!r}; use one of {', '.join(BASELINES)}")
        return value


@data_cache(maxsize=1)
def _context_cached() -> tuple:
    from nato3.alliance.groups import builtin_groups, get_group
    from nato3.alliance.membership import allies
    from nato3.store.database import query

    df = query("SELECT event_id, date, host_iso3, unit, change_personnel, status FROM force_posture_events")
    events = {
        r["event_id"]: {**r, "change_personnel": None if r["change_personnel"] is None else int(r["change_personnel"])}
        for r in df.astype(object).where(df.notna(), None).to_dict("records")
    }
    return events, tuple(allies()), tuple(builtin_groups()), tuple(get_group("europe").members)


def context() -> dict[str, Any]:
    """What validation checks against: the events, allies, built-in groups and European allies."""
    events, allies, groups, europe = _context_cached()
    return {"events": events, "allies": set(allies), "groups": list(groups), "europe": set(europe)}


def builtin_drawdowns() -> dict[str, Path]:
    """Built-in drawdown name → file."""
    return {p.stem: p for p in sorted(DRAWDOWNS_DIR.glob("*.yaml"))}


def check_builtin(name: str) -> str:
    """``name`` if it is a built-in drawdown (never read as a path: for servers).

    Raises:
        Nato3Error: not a built-in (parameter ``drawdown``).
    """
    names = list(builtin_drawdowns())
    if name not in names:
        raise Nato3Error(f"no built-in drawdown {name!r}; allowed: {', '.join(names)}", parameter="drawdown")
    return name


def load_drawdown(spec: str | Path) -> tuple[Drawdown, Path]:
    """Load a built-in drawdown by name, or a YAML file by path; returns the model and its file.

    Raises:
        Nato3Error: neither a built-in name nor an existing file.
        DataValidationError: the file is invalid (names file, line and field).
    """
    from nato3.yamlfile import load_model

    builtins = builtin_drawdowns()
    path = builtins.get(str(spec)) or Path(spec).expanduser()
    if str(spec) not in builtins and (path.suffix.lower() not in (".yaml", ".yml") or not path.is_file()):
        raise Nato3Error(
            f"unknown drawdown {str(spec)!r}; built-in: {', '.join(builtins)}; or give an existing .yaml file",
            parameter="drawdown",
        )
    return load_model(path, Drawdown, context=context()), path
