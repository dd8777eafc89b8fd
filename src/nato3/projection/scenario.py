"""What a scenario file may say: pydantic models for the YAML of "Paths to 2035".

A scenario names the NATO edition and base year of the starting shares (by default the year and
edition ``nato3 status`` shows: one year for every ally), the horizon, the target
(a pledge id or a share of GDP), each ally's real GDP growth, each ally's spending policy and the
Monte Carlo settings. Every model forbids unknown keys, so a typo is an error, not a silent
default. Checks that need the database (editions, ISO3 codes, groups, pledges, years relative to
the base year) are in :mod:`nato3.projection.resolve`.

Units: shares of GDP, growth rates and volatilities are all in percent (``3.5`` is 3.5 % of GDP,
``1.5`` is 1.5 % a year or 1.5 percentage points of growth).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, PlainValidator, model_validator

MAX_YEAR = 2100
SCOPES = ("core_nato_definition", "unknown", "national_definition", "total_5pct")


def _year_text(value: Any) -> Any:
    """Editions are labels like "2025"; YAML reads an unquoted 2025 as a number."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Share = Annotated[float, Field(gt=0, le=20, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1949, le=MAX_YEAR, strict=True)]
EditionLabel = Annotated[str, BeforeValidator(_year_text), Field(min_length=1, max_length=20)]


class Strict(BaseModel):
    # defer_build: the validation schema is built on the first validation, not at import (a
    # process that only reads a kept scenario, as `nato3 project` does, never needs it)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Empty(Strict):
    """A policy without parameters (``constant_share``, ``hold_spending``)."""


class LinearToTarget(Strict):
    """Move in a straight line from the latest share to ``target`` in year ``by``, then hold.

    ``target`` defaults to the scenario's target and ``by`` to its horizon. An ally already at
    or above the target keeps its share unless ``hold_if_above`` is false.
    """

    target: Share | None = None
    by: Year | None = None
    hold_if_above: bool = True


class RealGrowth(Strict):
    """Spending grows by ``rate`` % a year in real terms; the share follows GDP growth."""

    rate: float = Field(ge=-50, le=100, allow_inf_nan=False)


class Announced(Strict):
    """Follow the ally's announced path from the bundled ``national_defence_plans`` table.

    Only rows with a share of GDP, a target year and one of ``scopes`` are used (the latest
    announcement for each target year wins); allies without such rows follow ``fallback``.
    """

    scopes: list[Literal[SCOPES]] = Field(default=["core_nato_definition", "unknown"], min_length=1)  # type: ignore[valid-type]
    fallback: Literal["constant_share", "hold_spending"] = "constant_share"


POLICY_KINDS = ("constant_share", "linear_to_target", "real_growth", "plan", "hold_spending", "announced")


class Policy(Strict):
    """Exactly one spending policy. ``constant_share`` and ``hold_spending`` may be written as a
    bare word; the others as a one-key mapping (``linear_to_target: {target: 3.5, by: 2035}``)."""

    constant_share: Empty | None = None
    linear_to_target: LinearToTarget | None = None
    real_growth: RealGrowth | None = None
    plan: dict[Year, Share] | None = Field(default=None, min_length=1)
    hold_spending: Empty | None = None
    announced: Announced | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value not in POLICY_KINDS:
                raise ValueError(f"unknown policy {value!r}; allowed: {', '.join(POLICY_KINDS)}")
            return {value: {}}
        if isinstance(value, dict):
            return {k: ({} if v is None and k in POLICY_KINDS else v) for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Policy:
        given = [k for k in POLICY_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one policy of: {', '.join(POLICY_KINDS)}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in POLICY_KINDS if getattr(self, k) is not None)

    @property
    def params(self) -> Any:
        return getattr(self, self.kind)


class MeanWindow(Strict):
    """Mean (compound annual) real GDP growth over a window of data years."""

    mean_from: Year | None = None
    mean_to: Year | None = None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if value == value and abs(value) != float("inf") else None


def _growth(value: Any) -> float | str | MeanWindow:
    """A GDP growth setting: a number (% a year, -20 to 20), ``mean`` or ``{mean_from, mean_to}``."""
    number = _number(value)
    if number is not None:
        if not -20 <= number <= 20:
            raise ValueError("GDP growth must be between -20 and 20 (% a year)")
        return number
    if value == "mean":
        return "mean"
    if isinstance(value, dict):
        unknown = [k for k in value if k not in ("mean_from", "mean_to")]
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r}; allowed: mean_from, mean_to")
        for key, year in value.items():
            if year is not None and (
                isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= MAX_YEAR
            ):
                raise ValueError(f"{key} must be a year between 1949 and {MAX_YEAR}")
        return MeanWindow(**value)
    raise ValueError("use a number (% a year), 'mean' or {mean_from: YEAR, mean_to: YEAR}")


def _target(value: Any) -> float | str:
    """The target: a share of GDP (more than 0, at most 20 %) or a pledge id."""
    number = _number(value)
    if number is not None:
        if not 0 < number <= 20:
            raise ValueError("a target must be more than 0 and at most 20 (% of GDP)")
        return number
    if isinstance(value, str) and 0 < len(value) <= 64:
        return value
    raise ValueError("use a share of GDP (e.g. 3.5) or a pledge id (e.g. hague-core-3.5)")


def _growth_dump(value: float | str | MeanWindow) -> Any:
    return value.model_dump(exclude_none=True) if isinstance(value, MeanWindow) else value


GrowthValue = Annotated[float | str | MeanWindow, PlainValidator(_growth), PlainSerializer(_growth_dump)]


class MonteCarlo(Strict):
    """Uncertainty around the deterministic path.

    Annual real GDP growth is the ally's growth plus ``gdp_growth_sd`` percentage points times a
    standard normal shock shared across allies with ``correlation``; each projected year's
    spending deviates from plan by ``execution_sd`` % times a standard normal shock, carried into
    later years. Left out (None), each is fitted to history (:mod:`nato3.projection.uncertainty`).
    """

    draws: int = Field(0, ge=0, le=100_000_000)
    seed: int = Field(2035, ge=0, le=2**63 - 1)
    gdp_growth_sd: float | None = Field(None, ge=0, le=20, allow_inf_nan=False)
    correlation: float | None = Field(None, ge=0, le=1, allow_inf_nan=False)
    execution_sd: float | None = Field(None, ge=0, le=50, allow_inf_nan=False)


class Scenario(Strict):
    """One path to the horizon for every ally. Keys of ``gdp_growth`` and ``policy`` are
    ``default``, an ally's ISO3 code or a group id; an ally's own key beats a group's, and a
    group's beats ``default``."""

    name: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    description: str = Field(default="", max_length=2000)
    edition: EditionLabel | None = None
    gdp_edition: EditionLabel | None = None
    base_year: Year | None = None
    horizon: Year = 2035
    target: Annotated[float | str, PlainValidator(_target)] = "hague-core-3.5"
    gdp_growth: dict[Annotated[str, Field(min_length=1, max_length=64)], GrowthValue] = Field(
        default_factory=lambda: {"default": "mean"}
    )
    policy: dict[Annotated[str, Field(min_length=1, max_length=64)], Policy] = Field(
        default_factory=lambda: {"default": Policy(constant_share=Empty())}
    )
    monte_carlo: MonteCarlo = Field(default_factory=MonteCarlo)


YEAR_KEY = r"^[0-9]{1,4}$"


def plan_years(value: Any) -> Any:
    """A scenario document read from JSON, with the years of ``plan`` policies as integers (JSON
    object keys are always strings; scenario files write them as YAML integers)."""
    import re

    if not isinstance(value, dict) or not isinstance(value.get("policy"), dict):
        return value
    policy = {}
    for key, entry in value["policy"].items():
        if isinstance(entry, dict) and isinstance(entry.get("plan"), dict):
            plan = {int(k) if isinstance(k, str) and re.match(YEAR_KEY, k) else k: v for k, v in entry["plan"].items()}
            entry = {**entry, "plan": plan}
        policy[key] = entry
    return {**value, "policy": policy}


def scenario_json(scenario: Scenario) -> dict[str, Any]:
    """The scenario as a JSON document (the JSON form of a scenario file) that
    ``Scenario.model_validate(plan_years(...))`` reads back to the same model."""
    return scenario.model_dump(mode="json", exclude_none=True)
