"""Groups of allies and their shares of the alliance: the United States against Europe and Canada
(NATO 3.0's headline), Europe, the EU allies, the Nordic-Baltic Eight, the eastern flank, the
Bucharest Nine, and groups users define as ``NAME=ISO3,ISO3``.

A group's totals follow the alliance's rules (:func:`nato3.burden.metrics.totals`: each member
counts from its accession year; a member without the figure makes the total unknown, Iceland
excepted), so groups that partition the alliance (United States + Europe and Canada; North
America + Europe) have shares that sum to 100 % of it in every year its total is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from nato3.alliance.groups import Group, builtin_groups, parse_group
from nato3.burden.choices import Prices
from nato3.burden.metrics import group_totals, shares
from nato3.errors import Nato3Error

HEADLINE = ("united_states", "europe_and_canada")
MAX_GROUPS = 8  # groups one may ask for at once, besides the headline pair
ORDER = (*HEADLINE, "north_america", "europe", "eu", "nordic_baltic", "eastern_flank", "bucharest_nine")


def default_groups() -> list[Group]:
    """Every built-in group, the headline pair first."""
    groups = builtin_groups()
    ordered = [g for g in ORDER if g in groups] + [g for g in groups if g not in ORDER]
    return [groups[g] for g in ordered]


def resolve_groups(specs: Sequence[str] | None = None) -> list[Group]:
    """The groups to show: all built-in ones, or the headline pair plus each of ``specs``.

    Each spec is a built-in id (``eu``) or ``NAME=ISO3,ISO3`` (see
    :func:`nato3.alliance.groups.parse_group`).

    Raises:
        Nato3Error: naming ``groups``: an empty group, an unknown member or id, a name used twice
            or taken by a built-in group, or more than :data:`MAX_GROUPS` groups.
    """
    specs = [s.strip() for s in specs or () if s.strip()]
    if not specs:
        return default_groups()
    if len([s for s in specs if s not in HEADLINE]) > MAX_GROUPS:
        raise Nato3Error(f"{len(specs)} groups given; at most {MAX_GROUPS} allowed", parameter="groups")
    builtin = builtin_groups()
    chosen = [builtin[g] for g in HEADLINE]
    for spec in specs:
        try:
            group = parse_group(spec)
        except Nato3Error as exc:
            # Unknown ids name the built-in groups; say that NAME=ISO3,ISO3 is allowed too.
            message = str(exc).replace("; built-in groups:", "; allowed: NAME=ISO3,ISO3 or a built-in group:")
            raise Nato3Error(message, parameter="groups") from None
        if group.definition == "user-defined" and group.group_id in builtin:
            raise Nato3Error(
                f"group name {group.group_id!r} is a built-in group; choose another name", parameter="groups"
            )
        if any(g.group_id == group.group_id for g in chosen):
            if group.group_id in HEADLINE and group == builtin[group.group_id]:
                continue  # asking again for a headline group shows it once
            raise Nato3Error(
                f"group {group.group_id!r} is given twice; each group needs its own name", parameter="groups"
            )
        chosen.append(group)
    return chosen


def alliance_and_group_totals(rows: pd.DataFrame, groups: Sequence[Group]) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """The alliance's totals and each group's (:func:`~nato3.burden.metrics.totals`), in one aggregation."""
    whole, *parts = group_totals(rows, [None, *(group.members for group in groups)])
    return whole, parts


def group_metrics(
    rows: pd.DataFrame,
    groups: Iterable[Group],
    prices: Prices | str = Prices.constant,
    whole: pd.DataFrame | None = None,
    parts: list[pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """One row per group and year: shares of the alliance, fair-share index, per capita, real change.

    Args:
        rows: from :func:`nato3.burden.rows.ally_rows`.
        groups: :class:`~nato3.alliance.groups.Group` objects (see :func:`resolve_groups`).
        prices: ``constant`` or ``current`` US$ for the money shares.
        whole, parts: the alliance's and each group's totals when the caller has them already
            (:func:`alliance_and_group_totals`).

    ``n_members`` counts the group's members that were allies that year; where it is 0 every
    measure is missing. ``burden_pct`` is the group's spending ÷ its GDP at constant prices.
    """
    groups = list(groups)
    if parts is None:
        if whole is None:
            whole, parts = alliance_and_group_totals(rows, groups)
        else:
            parts = group_totals(rows, [group.members for group in groups])
    # Every group's totals stacked, so each measure is computed once for all groups.
    part = pd.concat(parts).reset_index()
    repeat = len(parts[0])
    measures = shares(part, whole, prices)
    out = pd.DataFrame(
        {
            "group": [group.group_id for group in groups for _ in range(repeat)],
            "name": [group.name for group in groups for _ in range(repeat)],
            "iso3": [f"group:{group.group_id}" for group in groups for _ in range(repeat)],
            "year": part["year"].astype(int),
            "n_members": part["n_members"],
            **{column: measures[column] for column in measures.columns},
            "burden_pct": 100 * part["defence_exp_musd_const"] / part["gdp_musd_const"],
            "real_change_pct": part["defence_exp_real_change_pct"],
            "is_estimate": part["is_estimate"].fillna(False).astype(bool),
        }
    )
    editions = rows.groupby("year")["edition"].first()
    out.insert(4, "edition", out["year"].map(editions))
    empty = out["n_members"] == 0
    out.loc[empty, [c for c in out.columns if c.endswith(("_pct", "_index", "_usd", "_musd"))]] = float("nan")
    return out
