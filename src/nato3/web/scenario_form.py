"""The scenario builder's form → a projection scenario document, with no hand-written JSON.

The form starts from a built-in or a saved scenario and changes what a person usually wants to
change: the target (a pledge or a share of GDP), the horizon, the default spending policy, a few
allies' own policies, and the Monte Carlo settings. Every value arrives as text (an empty number
box sends ""), is checked here and named in the error when wrong (:class:`ParameterError` with
the form field); the document is then checked like any other (:mod:`nato3.web.projection_data`).

Fields are named as in a scenario file (``target``, ``horizon``, ``by``, ``rate``, ``draws``,
``seed``, ``gdp_growth_sd``, ``correlation``, ``execution_sd``) and in the same units: growth
and volatilities in percent.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

from nato3.web.errors import ParameterError

POLICIES = {
    "constant_share": "keep the latest share of GDP",
    "linear_to_target": "straight line to the target",
    "real_growth": "real growth of spending, % a year",
    "hold_spending": "hold spending in real terms",
    "announced": "announced national plans",
}
MONTE_CARLO = ("draws", "seed", "gdp_growth_sd", "correlation", "execution_sd")  # as in the scenario file
OVERRIDE_ROWS = 4  # rows the form shows
MAX_OVERRIDES = 8  # rows it accepts
DEFAULT_START = "current-trend"


@dataclass
class Form:
    """What the person chose; empty strings and None mean "as in the starting scenario"."""

    start: str = DEFAULT_START
    target: str = ""
    target_pct: float | None = None
    horizon: int | None = None
    policy: str = ""
    by: int | None = None
    rate: float | None = None
    overrides: list[tuple[str, str, float | None]] = field(default_factory=list)
    draws: int | None = None
    seed: int | None = None
    gdp_growth_sd: float | None = None
    correlation: float | None = None
    execution_sd: float | None = None
    series: str = "NATO_EUR_CAN"


def number(text: str | None, name: str, low: float, high: float, integer: bool = False) -> float | int | None:
    """``text`` as a number in [low, high]; None when empty.

    Raises:
        ParameterError: naming ``name`` and the range.
    """
    if text is None or not text.strip():
        return None
    kind = "a whole number" if integer else "a number"
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        raise ParameterError(name, f"{text!r} is not {kind}; allowed: {low:g} to {high:g}") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise ParameterError(name, f"{text} is outside {low:g} to {high:g}")
    return value


def choice(text: str | None, name: str, allowed: list[str] | dict[str, Any], blank: bool = True) -> str:
    value = (text or "").strip()
    if (value or not blank) and value not in allowed:
        raise ParameterError(name, f"unknown value {value!r}; allowed: {', '.join(allowed)}")
    return value


def parse_overrides(
    allies: list[str] | None, policies: list[str] | None, values: list[str] | None, known: list[str]
) -> list[tuple[str, str, float | None]]:
    """The per-ally rows: ``ally``, ``ally_policy`` and ``ally_value`` repeated in the same order;
    rows without an ally or a policy are skipped."""
    allies, policies, values = allies or [], policies or [], values or []
    if max(len(allies), len(policies), len(values)) > MAX_OVERRIDES:
        raise ParameterError("ally", f"more than {MAX_OVERRIDES} rows; allowed: at most {MAX_OVERRIDES}")
    rows = []
    for i in range(max(len(allies), len(policies), len(values))):
        iso3 = choice(allies[i].upper() if i < len(allies) else "", "ally", known)
        kind = choice(policies[i] if i < len(policies) else "", "ally_policy", POLICIES)
        value = number(values[i] if i < len(values) else "", "ally_value", -50, 100)
        if bool(iso3) != bool(kind) and (iso3 or kind):
            missing = "ally_policy" if iso3 else "ally"
            raise ParameterError(missing, f"row {i + 1} has {'an ally' if iso3 else 'a policy'} but no {missing}")
        if iso3 and kind:
            if iso3 in [r[0] for r in rows]:
                raise ParameterError("ally", f"{iso3} is given twice; allowed: one row per ally")
            rows.append((iso3, kind, value))
    return rows


def policy_entry(kind: str, by: int | None, value: float | None, name: str) -> Any:
    """One policy as the scenario file writes it. ``value`` is the target share (linear) or the
    rate (real growth)."""
    if kind == "linear_to_target":
        params: dict[str, Any] = {}
        if value is not None:
            if not 0 < value <= 20:
                raise ParameterError(
                    name, f"a target share must be more than 0 and at most 20 (% of GDP); got {value:g}"
                )
            params["target"] = value
        if by is not None:
            params["by"] = by
        return {"linear_to_target": params}
    if kind == "real_growth":
        if value is None:
            raise ParameterError(name, "real_growth needs a rate (% a year, -50 to 100)")
        return {"real_growth": {"rate": value}}
    if kind == "announced":
        return {"announced": {}}
    return kind


def document(form: Form, start: dict[str, Any], start_name: str) -> dict[str, Any]:
    """The starting scenario's document with the form's changes, named ``start_name`` when nothing
    changed and ``<start_name>-edited`` otherwise."""
    doc = copy.deepcopy(start)
    if form.target_pct is not None:
        doc["target"] = form.target_pct
    elif form.target:
        doc["target"] = form.target
    if form.horizon is not None:
        doc["horizon"] = form.horizon
    policy = dict(doc.get("policy") or {})
    if form.policy:
        policy["default"] = policy_entry(form.policy, form.by, form.rate, "rate")
    elif form.by is not None:
        default = policy.get("default")
        if isinstance(default, dict) and isinstance(default.get("linear_to_target"), dict):
            policy["default"] = {"linear_to_target": {**default["linear_to_target"], "by": form.by}}
    for iso3, kind, value in form.overrides:
        policy[iso3] = policy_entry(kind, form.by, value, "ally_value")
    if policy != (doc.get("policy") or {}):
        doc["policy"] = policy
    mc = dict(doc.get("monte_carlo") or {})
    for key in MONTE_CARLO:
        value = getattr(form, key)
        if value is not None:
            mc[key] = value
    if mc != (doc.get("monte_carlo") or {}):
        doc["monte_carlo"] = mc
    doc["name"] = start_name if same_scenario(doc, start) else f"{start_name}-edited"
    return doc


def same_scenario(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two documents describe the same scenario (defaults written out or not), names aside."""
    from nato3.web.projection_data import parse

    a, b = {k: v for k, v in a.items() if k != "name"}, {k: v for k, v in b.items() if k != "name"}
    try:
        return parse(a) == parse(b)
    except ParameterError:
        return a == b
