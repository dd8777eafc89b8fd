"""The checks of a scenario that need more than its types: its years, its mean-growth windows, and
the engine's own deterministic path (:func:`check_paths`), which must stay finite and below the
whole economy with GDP positive under the widest shock. :mod:`nato3.projection.resolve` runs them
while it fills in the scenario's defaults; a problem names the file, line and field
(:func:`refuse`), like pydantic's errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nato3.errors import DataValidationError
from nato3.projection.scenario import MAX_YEAR, MeanWindow, Policy

if TYPE_CHECKING:
    from nato3.projection.resolve import Resolved

DEFAULT_KEY = "default"
MAX_PATH_SHARE = 100.0  # % of GDP: no ally spends more than its whole economy
SHOCK_SIGMAS = 10  # a growth shock this many standard deviations wide must leave GDP positive


class Problem(Exception):
    """One problem of a scenario: where (``loc``, the path of keys in the file) and what."""

    def __init__(self, loc: tuple, message: str):
        super().__init__(message)
        self.loc, self.message = loc, message


def refuse(path: str, problem: Problem) -> None:
    """Raise ``problem`` as a :class:`~nato3.errors.DataValidationError` naming ``path``, its line and field."""
    from nato3.yamlfile import line_of, read_yaml

    line = None
    if path and Path(path).is_file():
        line = line_of(read_yaml(path), problem.loc)
    field_name = ".".join(str(p) for p in problem.loc) or None
    raise DataValidationError(path or "<scenario>", line, field_name, problem.message) from None


def check_paths(resolved: Resolved) -> None:
    """Run the engine's deterministic path once and refuse what it cannot project honestly: a
    share of GDP that is not finite or over :data:`MAX_PATH_SHARE`, or a GDP volatility whose
    :data:`SHOCK_SIGMAS`-standard-deviation shock would turn GDP negative."""
    import numpy as np

    from nato3.errors import Nato3Error
    from nato3.projection import engine
    from nato3.projection import kernel as kn

    try:
        setup = engine.prepare(resolved)
    except DataValidationError:
        raise
    except Nato3Error as exc:  # no GDP for an ally up to the base year
        raise Problem(("base_year",), str(exc)) from None
    base, years = setup.base, setup.compiled.years
    for i, rate in enumerate(setup.growth):
        if not np.isfinite(rate):
            key = resolved.growth[base.iso3[i]][0]
            raise Problem(("gdp_growth", key or DEFAULT_KEY), f"{base.iso3[i]} has no GDP growth in the data years")
    share, _ = kn.evaluate(setup.kernel, kn.deterministic_index(setup.kernel))
    path = np.where(setup.compiled.projected, share[: len(base.iso3), :, 0], 0.0)
    bad = ~np.isfinite(path) | (path > MAX_PATH_SHARE)
    if bad.any():
        i, t = (int(v) for v in np.argwhere(bad)[0])
        _path_problem(resolved, setup, i, int(years[t]), float(path[i, t]))
    _check_volatility(resolved, setup)


def _path_problem(resolved: Resolved, setup, i: int, year: int, value: float) -> None:
    """Refuse ally ``i``'s path, naming the entry of the scenario that drives it."""
    iso3 = setup.base.iso3[i]
    key, policy = resolved.policies[iso3]
    growth_key = resolved.growth[iso3][0]
    kind = setup.compiled.kinds[i]
    growth = f"GDP {setup.growth[i]:+.2f} % a year"
    if kind == "real_growth":
        loc: tuple = ("policy", key, "real_growth", "rate")
        why = f"real spending {policy.real_growth.rate:+g} % a year, {growth}"
    elif growth_key:
        loc, why = ("gdp_growth", growth_key), f"spending held while {growth}"
    else:
        loc, why = ("policy", key or DEFAULT_KEY), f"{kind}, {growth}"
    raise Problem(
        loc,
        f"{iso3}'s share of GDP would reach {value:.3g} % by {year} ({why}): more than its whole economy; "
        f"allowed: paths that stay at or below {MAX_PATH_SHARE:g} % of GDP (a lower rate or an earlier horizon)",
    )


def _check_volatility(resolved: Resolved, setup) -> None:
    """A GDP volatility whose widest shock leaves every ally's GDP positive."""
    import math

    sd = resolved.scenario.monte_carlo.gdp_growth_sd
    if sd is None:  # the fitted value, checked when it was fitted
        return
    i = int(setup.growth.argmin())
    lowest = float(setup.growth[i])
    limit = math.floor((100.0 + lowest) / SHOCK_SIGMAS * 100) / 100
    if sd > limit:
        raise Problem(
            ("monte_carlo", "gdp_growth_sd"),
            f"{sd:g} is too wide for {setup.base.iso3[i]}'s GDP growth of {lowest:+.2f} % a year: a shock of "
            f"{SHOCK_SIGMAS} standard deviations would turn its GDP negative; at most {limit:g}",
        )


def check_policy(key: str, policy: Policy, years: tuple[int, int]) -> None:
    """A policy's years (``by``, plan years) lie between the base year and the last year allowed."""
    base_year, _ = years
    loc = ("policy", key, policy.kind)
    if policy.kind == "linear_to_target" and policy.linear_to_target.by is not None:
        by = policy.linear_to_target.by
        if not base_year < by <= MAX_YEAR:
            raise Problem((*loc, "by"), f"year {by} must be after the base year {base_year} and ≤ {MAX_YEAR}")
    if policy.kind == "plan":
        for year in policy.plan:
            if not base_year <= year <= MAX_YEAR:
                raise Problem((*loc, year), f"year {year} must be between the base year {base_year} and {MAX_YEAR}")


def check_window(key: str, window: MeanWindow, gdp_ed, base_year: int) -> None:
    """A mean-growth window lies within the GDP edition's years up to the base year, in order."""
    last = min(gdp_ed.last_year, base_year)
    start, stop = window.mean_from or gdp_ed.first_year, window.mean_to or last
    for part, year in (("mean_from", start), ("mean_to", stop)):
        if not gdp_ed.first_year <= year <= last:
            raise Problem(
                ("gdp_growth", key, part),
                f"year {year} is outside the GDP data of the {gdp_ed.label} edition up to the base year "
                f"({gdp_ed.first_year}–{last})",
            )
    if start >= stop:
        raise Problem(("gdp_growth", key), f"mean_from ({start}) must be before mean_to ({stop})")
