"""Turn each ally's spending policy into arrays over the projection years.

Two families, so the engine stays one vectorised expression:

* **share policies** (``constant_share``, ``linear_to_target``, ``plan``, ``announced``) fix the
  share of GDP directly: ``P[i, t]`` *is* the share path, whatever GDP does.
* **spending policies** (``real_growth``, ``hold_spending``) fix real spending, so the share moves
  with GDP: ``share_t = P[i, t] · G_t0 / G_t`` with ``P[i, t] = b0 · (1 + r)^(t − t0)`` and ``G``
  the GDP index. These allies are flagged in ``ratio``.

``b0`` is the ally's latest NATO share and ``t0`` its year. Linear paths follow
``b_t = b0 + (τ − b0)(t − t0)/(T − t0)`` up to ``T`` and hold ``τ`` after; plans are linear
between ``(t0, b0)`` and the plan points and hold the last point after it. Announced points are
floors (:func:`nato3.projection.announced.as_floors`): an ally above an announced share keeps its
own unless the plan itself says the share will fall.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nato3.projection import announced

if TYPE_CHECKING:
    from nato3.projection.inputs import BaseData
    from nato3.projection.resolve import Resolved
    from nato3.projection.scenario import Policy

RATIO_KINDS = ("real_growth", "hold_spending")


@dataclass(eq=False)
class Compiled:
    """Per-ally policy arrays over the output years (base year … horizon)."""

    years: np.ndarray
    P: np.ndarray  # (allies, years): share path, or b0·(1+r)^(t−t0) for spending policies
    ratio: np.ndarray  # (allies,) bool: spending policy
    g0_index: np.ndarray  # (allies,) index of t0 on the GDP-index axis (anchor year … horizon)
    projected: np.ndarray  # (allies, years) bool: a projected value (after the latest figure)
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    fell_back: list[str] = field(default_factory=list)
    plan_points: dict[str, dict[int, float]] = field(default_factory=dict)
    announced_rows: list[announced.PlanRow] | None = None
    announcements: dict[str, list[announced.PlanRow]] = field(default_factory=dict)  # iso3 -> rows used


def compile_policies(resolved: Resolved, base: BaseData) -> Compiled:
    """Arrays for every ally of ``base`` under ``resolved``'s policies (allies without a NATO
    share, i.e. Iceland, get zeros and ``has_share`` false)."""
    years = np.arange(resolved.base_year, resolved.horizon + 1)
    n = len(base.iso3)
    out = Compiled(
        years=years,
        P=np.zeros((n, len(years))),
        ratio=np.zeros(n, dtype=bool),
        g0_index=np.zeros(n, dtype=int),
        projected=np.zeros((n, len(years)), dtype=bool),
    )
    scopes = _announced_scopes(resolved)
    rows = announced.plan_rows(scopes) if scopes else None
    if rows is not None:
        out.announced_rows = []
    for i, iso3 in enumerate(base.iso3):
        key, policy = resolved.policies[iso3]
        if not base.has_share[i]:
            out.kinds.append("none")
            out.labels.append("no NATO defence figures; not projected")
            if rows is not None:
                out.announced_rows += [r for r in rows if r.iso3 == iso3]
            continue
        b0, t0 = float(base.share[i]), int(base.share_year[i])
        out.projected[i] = years > t0
        kind, label, path = _path(policy, b0, t0, years, resolved, rows, iso3, out)
        out.kinds.append(kind)
        out.labels.append(label)
        if kind in RATIO_KINDS:
            out.ratio[i] = True
            out.g0_index[i] = max(t0 - base.anchor_year, 0)
            if t0 < base.anchor_year:  # GDP index starts at the anchor year: bring t0's GDP in
                path = path * (base.gdp[i, np.searchsorted(base.gdp_years, t0)] / base.gdp_at(base.anchor_year)[i])
        out.P[i] = path
    return out


def _announced_scopes(resolved: Resolved) -> tuple[str, ...]:
    scopes: set[str] = set()
    for _, policy in resolved.policies.values():
        if policy.kind == "announced":
            scopes.update(policy.announced.scopes)
    return tuple(sorted(scopes))


def _path(policy: Policy, b0, t0, years, resolved: Resolved, rows, iso3, out: Compiled):
    """(kind, label, path) of one ally."""
    kind = policy.kind
    if kind == "constant_share":
        return kind, f"keeps {b0:.2f} % ({t0})", np.full(len(years), b0)
    if kind == "linear_to_target":
        params = policy.linear_to_target
        tau = params.target if params.target is not None else resolved.target_pct
        by = params.by or resolved.horizon
        if b0 >= tau and params.hold_if_above:
            return "constant_share", f"keeps {b0:.2f} % ({t0}; already at or above {tau:g} %)", np.full(len(years), b0)
        line = b0 + (tau - b0) * (years - t0) / (by - t0)
        return kind, f"straight line from {b0:.2f} % ({t0}) to {tau:g} % in {by}", np.where(years < by, line, tau)
    if kind in RATIO_KINDS:
        rate = policy.real_growth.rate if kind == "real_growth" else 0.0
        label = f"real spending {rate:+g} % a year from {t0}" if rate else f"real spending held at its {t0} level"
        return kind, label, b0 * (1.0 + rate / 100.0) ** (years - t0)
    if kind == "plan":
        return _plan(dict(policy.plan), b0, t0, years, "plan", out, iso3)
    # announced: the ally's usable rows, or the fallback policy
    chosen, marked = announced.points(rows, iso3, t0)
    out.announced_rows += marked
    if not chosen:
        out.fell_back.append(iso3)
        fallback = policy.announced.fallback
        if fallback == "hold_spending":
            return fallback, f"no usable announcement: real spending held at its {t0} level", np.full(len(years), b0)
        return "constant_share", f"no usable announcement: keeps {b0:.2f} % ({t0})", np.full(len(years), b0)
    out.announcements[iso3] = announced.used_rows(marked, iso3, chosen)
    floors, held = announced.as_floors(chosen, b0)
    kind, label, path = _plan(floors, b0, t0, years, "announced", out, iso3)
    if held:
        shown = ", ".join(f"{y}: {chosen[y]:g}" for y in held)
        if all(v == b0 for v in floors.values()):
            label = f"keeps {b0:.2f} % ({t0}): the announced {shown} is a floor below it"
        else:
            label += f"; the announced {shown} is a floor below the path, which holds its level"
    return kind, label, path


def _plan(points: dict[int, float], b0, t0, years, kind, out: Compiled, iso3):
    later = {y: s for y, s in sorted(points.items()) if y > t0}
    if not later:
        return "constant_share", f"keeps {b0:.2f} % ({t0}; no plan year after it)", np.full(len(years), b0)
    out.plan_points[iso3] = later
    xs = np.array([t0, *later], dtype=float)
    ys = np.array([b0, *later.values()])
    shown = ", ".join(f"{y}: {s:g}" for y, s in later.items())
    name = "announced" if kind == "announced" else "plan"
    return kind, f"{name} {shown} (from {b0:.2f} % in {t0})", np.interp(years.astype(float), xs, ys)
