"""What the projection document says in words: its caveats (what to read with care) and notes
(how the paths were made, the Monte Carlo settings, which announcements were used)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nato3.documents.model import Document
    from nato3.projection import Projection

UNKNOWN_SCOPE = "unknown"


def caveats(p: Projection, status: Document) -> list[str]:
    """Projection, not data; the definition the target is judged on; the base year's aggregates;
    allies not projected; fall-backs; announcements of unknown definition."""
    r, base = p.setup.resolved, p.setup.base
    names = dict(zip(base.iso3, base.names, strict=True))
    out = [
        "Projection, not data: every figure marked p follows from the scenario's assumptions applied to NATO's "
        "published starting points; none was published by NATO."
    ]
    out += _definition(p)
    out += _start_aggregates(p, status)
    missing = [names[c] for c, has in zip(base.iso3, base.has_share, strict=True) if not has]
    if missing:
        out.append(
            f"Not projected (no NATO defence figures; their GDP counts in the aggregates): {', '.join(missing)}."
        )
    if p.setup.compiled.fell_back:
        fell = sorted(names.get(c, c) for c in p.setup.compiled.fell_back)
        out.append(f"No usable announcement, so the fallback policy applies: {', '.join(fell)}.")
    unknown = sorted({names.get(r_.iso3, r_.iso3) for r_ in p.setup.compiled.announced_rows or []
                      if r_.used and r_.scope == UNKNOWN_SCOPE and r_.iso3 in names})  # fmt: skip
    if unknown:
        out.append(
            "Used as if NATO's definition, though their source does not say which definition they measure: "
            f"the announcements of {', '.join(unknown)}."
        )
    if r.base_year != base.anchor_year:
        out.append(
            f"GDP from {base.anchor_year + 1} to {r.base_year} is projected too (the {base.gdp_edition.label} "
            f"edition ends in {base.anchor_year}), so money figures of {r.base_year} are projections."
        )
    return out


def _definition(p: Projection) -> list[str]:
    """The target pledge measured on another definition than the starting edition's."""
    from nato3.standing.pledges import pledges

    target = p.setup.resolved.scenario.target
    edition = p.setup.base.edition
    definition = getattr(edition, "definition", None)
    pledge = pledges().get(target) if isinstance(target, str) else None
    if pledge is None or not pledge.definition or not definition or definition == pledge.definition:
        return []
    return [
        f"{pledge.short_name}: the paths start from {definition} defence expenditure (the {edition.label} edition), "
        f"before NATO's {pledge.definition}-defence definition of the pledge."
    ]


def _start_aggregates(p: Projection, status: Document) -> list[str]:
    """The base year's aggregates are the edition's own; later years nato3's aggregation."""
    r = p.setup.resolved
    agg = p.aggregates[(p.aggregates["year"] == r.base_year) & p.aggregates["share_observed"]]
    if agg.empty:
        return []
    method = status.tables["allies"].frame["aggregate_method"].dropna()
    how = f" ({method.iloc[0]})" if len(method) else ""
    own = " and ".join(f"{row.name} {row.defence_share_gdp_pct:.2f} %" for row in agg.itertuples())
    computed = " and ".join(f"{row.computed_share_pct:.2f} %" for row in agg.itertuples())
    return [
        f"{r.base_year}: {own} are the {p.setup.base.edition.label} edition's aggregates{how}, as where each ally "
        f"stands shows them. From {r.base_year + 1} the aggregates are nato3's, by NATO's rules, from the projected "
        f"shares and the {p.setup.base.gdp_edition.label} edition's GDP; for {r.base_year} that gives {computed}."
    ]


def notes(p: Projection) -> list[str]:
    """How the paths were made: method, editions, Monte Carlo settings, announcements, limits."""
    from nato3.projection.result import METHOD

    s, base, r = p.setup, p.setup.base, p.setup.resolved
    out = [
        METHOD,
        f"Start: every ally's {r.base_year} share of GDP in {base.edition.describe()}. GDP: "
        f"{base.gdp_edition.describe()}, projected from {base.anchor_year}; spending and gaps in {s.money_unit}.",
    ]
    if base.edition.label != base.gdp_edition.label:
        out.append(
            f"The {base.edition.label} edition has no GDP levels, so money figures apply its shares to the "
            f"{base.gdp_edition.label} edition's GDP: two separate inputs, never one published figure."
        )
    if p.montecarlo is not None:
        m = p.montecarlo.params
        execution = f"{m.execution_sd:g} %"
        if m.execution_sd_by_ally:
            own = m.execution_sd_by_ally.values()
            execution = f"{min(own):g}–{max(own):g} % by ally ({execution} for the others)"
        out.append(
            f"Monte Carlo: {m.draws:,} draws, seed {m.seed}; GDP growth sd {m.gdp_growth_sd:g} percentage points, "
            f"correlation {m.correlation:g}; budget execution sd {execution}, compounding. P(reach) is the share of "
            "draws at or above the target in that year; 5 % and 95 % are percentiles of the draws."
        )
        if m.fitted:
            out.append(f"Monte Carlo settings: {m.fitted}.")
    out += _announced(p)
    out.append(
        "Europe and Canada against the United States: spending = share × GDP in constant US$; P(spend more) is the "
        "share of draws in which NATO Europe and Canada's spending exceeds the United States' that year."
    )
    out.append(
        "Credible path: each ally's path against the straight line from its start to the target at the horizon "
        "(on the path within 0.05 percentage points every year; front-loaded; back-loaded; misses target; at target)."
    )
    out.append(
        "Not modelled: the 1.5 % defence-related part of the Hague 5 % (no data), recessions deeper than the "
        "volatility allows, exchange rates, whether announced budgets pass."
    )
    return out


def _announced(p: Projection) -> list[str]:
    """How many announcements set a path, and why the others did not (announced plans only)."""
    rows = p.setup.compiled.announced_rows
    if rows is None:
        return []
    names = dict(zip(p.setup.base.iso3, p.setup.base.names, strict=True))
    out = [
        f"Announcements: {sum(r.used for r in rows)} of the {len(rows)} rows of national_defence_plans set a path "
        "(for each ally and target year the latest wins; linear from the start to the announced points, held after "
        "the last; an announced share is a floor unless the plan itself says the share falls)."
    ]
    unused: dict[str, list[str]] = {}
    for row in rows:
        if not row.used:
            names_for = unused.setdefault(_reason(row.reason), [])
            name = names.get(row.iso3, row.iso3)
            if name not in names_for:
                names_for.append(name)
    out += [f"Not used, {reason}: {', '.join(sorted(who))}." for reason, who in sorted(unused.items())]
    return out


def _reason(text: str) -> str:
    """A reason a row was not used, as a clause: "money only (no share of GDP)"."""
    if text.startswith("superseded"):
        return "superseded by a later announcement for the same year"
    text = text.removesuffix("; not used")
    return text.split(": ", 1)[1] if text.startswith("scope ") and ": " in text else text
