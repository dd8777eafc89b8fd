"""Check a scenario against the data and decide, for every ally, which entry applies.

Pydantic (:mod:`nato3.projection.scenario`) checks types and ranges; this module checks what
needs the database and fills in what the scenario leaves out: that the editions exist and carry
the figures, that every ally has a share of GDP in the base year (which, left out, is the year
``nato3 status`` shows: :mod:`nato3.standing.defaults`), with two years of GDP when a growth rate
is a mean, that the target pledge is a share-of-GDP pledge, and that every key is ``default``, an
ally's ISO3 code or a group id. :mod:`nato3.projection.checks` checks the years, the growth
windows and, last, the engine's own deterministic path. Problems are raised as
:class:`~nato3.errors.DataValidationError` naming the file, the line and the field, exactly like
the pydantic errors, so ``nato3 scenario validate``, ``nato3 project``, the web API and saved
scenarios accept and refuse the same scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato3.projection.checks import DEFAULT_KEY, Problem, check_paths, check_policy, check_window, refuse
from nato3.projection.scenario import MAX_YEAR, MeanWindow, Policy, Scenario

SHARE = "defence_share_gdp_pct"
GDP = "gdp_musd_const"
GROUP_PREFIX = "group:"


@dataclass(frozen=True)
class Resolved:
    """A checked scenario with every default filled in and every ally's entries chosen."""

    scenario: Scenario
    name: str
    path: str
    edition: str
    gdp_edition: str
    base_year: int
    horizon: int
    target_pct: float
    target_label: str
    policies: dict[str, tuple[str, Policy]] = field(default_factory=dict)  # iso3 -> (key, policy)
    growth: dict[str, tuple[str, Any]] = field(default_factory=dict)  # iso3 -> (key, value)

    @property
    def years(self) -> list[int]:
        return list(range(self.base_year, self.horizon + 1))


def resolve(scenario: Scenario, path: str | Path | None = None, name: str | None = None) -> Resolved:
    """Check ``scenario`` against the data and resolve its defaults and per-ally entries.

    Raises:
        DataValidationError: naming ``path``, the line and the field of the first problem.
    """
    path = str(path) if path else ""
    try:
        resolved = _resolve(scenario, path, name)
        check_paths(resolved)
        return resolved
    except Problem as problem:
        refuse(path, problem)
        raise  # pragma: no cover - refuse always raises


def _edition(label: str | None, figure: str, loc: str):
    from nato3.standing.editions import editions

    known = [e for e in editions() if figure in e.figures]
    if label is None:
        return known[0]
    for e in known:
        if e.label == label:
            return e
    names = ", ".join(e.label for e in known)
    raise Problem((loc,), f"edition {label!r} has no {figure}; editions that have it: {names}")


def _start(scenario: Scenario):
    """The edition and year every ally starts from: the scenario's, or the defaults rule of
    :mod:`nato3.standing.defaults` (the year and edition ``nato3 status`` shows) for what it
    leaves out. Every ally NATO reports on must have a share of GDP in that year: a projection
    never mixes starting years."""
    from nato3.errors import Nato3Error
    from nato3.standing.defaults import standing_view

    chosen = _edition(scenario.edition, SHARE, "edition") if scenario.edition is not None else None
    base_year = scenario.base_year
    if chosen is not None and base_year is not None and not chosen.first_year <= base_year <= chosen.last_year:
        raise Problem(
            ("base_year",),
            f"base year {base_year} is outside the {chosen.label} edition; allowed: "
            f"{chosen.first_year}–{chosen.last_year}",
        )
    try:
        view = standing_view(base_year, scenario.edition)
    except Nato3Error as exc:
        raise Problem(("base_year",) if base_year is not None else ("edition",), str(exc)) from None
    share_ed = chosen or view.edition
    missing = _without_share(share_ed.label, view.year)
    if missing:
        complete = [
            y for y in range(share_ed.first_year, share_ed.last_year + 1) if not _without_share(share_ed.label, y)
        ]
        allowed = f"{complete[0]}–{complete[-1]}" if complete else "none"
        raise Problem(
            ("base_year",),
            f"the {share_ed.label} edition has no {view.year} share of GDP for {', '.join(missing)}, and every ally "
            f"starts from the same year; years of that edition with every ally: {allowed}",
        )
    return share_ed, view.year


def _without_share(edition: str, year: int) -> list[str]:
    """Allies NATO reports on that have no share of GDP in ``year`` of ``edition``, by name."""
    from nato3.alliance.aggregates import AGGREGATES
    from nato3.alliance.membership import allies
    from nato3.standing.defaults import coverage

    names = allies()
    return sorted(names.get(c, c) for c in set(coverage(edition, year)[1]) - set(AGGREGATES))


def _resolve(scenario: Scenario, path: str, name: str | None) -> Resolved:
    share_ed, base_year = _start(scenario)
    gdp_ed = _edition(scenario.gdp_edition, GDP, "gdp_edition")
    if base_year < gdp_ed.first_year:
        raise Problem(("base_year",), f"the {gdp_ed.label} edition has GDP only from {gdp_ed.first_year}")
    if base_year <= gdp_ed.first_year and _uses_mean_growth(scenario):
        raise Problem(
            ("base_year",),
            f"base year {base_year} leaves one year of GDP in the {gdp_ed.label} edition ({gdp_ed.first_year}), "
            f"and mean GDP growth needs two; allowed: {gdp_ed.first_year + 1}–{share_ed.last_year}, or give "
            "every ally a growth rate",
        )
    if not base_year < scenario.horizon <= MAX_YEAR:
        raise Problem(
            ("horizon",), f"horizon {scenario.horizon} must be after the base year {base_year} and ≤ {MAX_YEAR}"
        )
    target_pct, target_label = _target(scenario.target)
    years = (base_year, scenario.horizon)
    for key, policy in scenario.policy.items():
        check_policy(key, policy, years)
    for key, value in scenario.gdp_growth.items():
        if isinstance(value, MeanWindow):
            check_window(key, value, gdp_ed, base_year)
    policies = _assign("policy", scenario.policy)
    growth = _assign("gdp_growth", scenario.gdp_growth)
    return Resolved(
        scenario=scenario,
        name=name or scenario.name or (Path(path).stem if path else "scenario"),
        path=path,
        edition=share_ed.label,
        gdp_edition=gdp_ed.label,
        base_year=base_year,
        horizon=scenario.horizon,
        target_pct=target_pct,
        target_label=target_label,
        policies={
            iso3: (key, scenario.policy[key]) if key else ("", _DEFAULT_POLICY) for iso3, key in policies.items()
        },
        growth={iso3: (key, scenario.gdp_growth[key]) if key else ("", "mean") for iso3, key in growth.items()},
    )


_DEFAULT_POLICY = Policy.model_validate("constant_share")


def _uses_mean_growth(scenario: Scenario) -> bool:
    """True when some ally's GDP growth is a mean over data years (the default for allies without an entry)."""
    if any(not isinstance(v, float) for v in scenario.gdp_growth.values()):
        return True
    return DEFAULT_KEY not in scenario.gdp_growth and "" in _assign("gdp_growth", scenario.gdp_growth).values()


def _target(target: float | str) -> tuple[float, str]:
    from nato3.standing.pledges import pledges

    if isinstance(target, float):
        return target, f"{target:g} % of GDP"
    known = pledges()
    if target not in known:
        raise Problem(("target",), f"unknown pledge {target!r}; use a share of GDP or one of: {', '.join(known)}")
    pledge = known[target]
    if pledge.metric != SHARE:
        usable = [p for p, v in known.items() if v.metric == SHARE]
        raise Problem(
            ("target",),
            f"pledge {target!r} is not measured as NATO's share of GDP ({pledge.metric}), so it cannot be "
            f"projected; use one of: {', '.join(usable)}",
        )
    return pledge.threshold_pct, f"{pledge.name} ({target})"


def _assign(section: str, entries: dict[str, Any]) -> dict[str, str]:
    """For every ally, the key of ``entries`` that applies: its ISO3, else one group, else default."""
    from nato3.alliance.groups import builtin_groups
    from nato3.alliance.membership import allies

    known, groups = allies(), builtin_groups()
    own: dict[str, str] = {}
    for key in entries:
        iso3 = key.upper()
        if key != DEFAULT_KEY and iso3 in known:
            if iso3 in own:
                raise Problem((section, key), f"{iso3} is given twice ({own[iso3]!r} and {key!r})")
            own[iso3] = key
    by_group: dict[str, str] = {}
    for key in entries:
        if key == DEFAULT_KEY or key.upper() in known:
            continue
        group = groups.get(key.removeprefix(GROUP_PREFIX))
        if group is None:
            raise Problem(
                (section, key),
                f"unknown key {key!r}; use 'default', an ally's ISO3 code (e.g. POL) "
                f"or a group id: {', '.join(groups)}",
            )
        for iso3 in group.members:
            if iso3 in by_group and iso3 not in own:
                raise Problem(
                    (section, key),
                    f"groups {by_group[iso3]!r} and {key!r} both cover {iso3}; give {iso3} its own entry "
                    "or keep one of the groups",
                )
            by_group[iso3] = key
    default = DEFAULT_KEY if DEFAULT_KEY in entries else ""
    return {iso3: own.get(iso3) or by_group.get(iso3) or default for iso3 in known}
