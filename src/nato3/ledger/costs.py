"""What one soldier costs a year, from NATO's own tables: the price of backfilling US forces.

Derivation (documented wherever the figure is shown): for each backfilling ally, NATO Table 8a
gives personnel expenditure as a share of defence expenditure (``personnel_share_pct``: "military
and civilian expenditure and pensions"), Table 2 gives defence expenditure (current prices and
exchange rates, million US$) and Table 7 military personnel (thousands). Then

    personnel spending (US$)   = personnel_share_pct / 100 × defence expenditure
    cost per soldier (US$/yr)  = personnel spending / military personnel

and for a group of allies the sums of both are divided (a personnel-weighted average, not a mean
of ratios). All from one NATO edition (2024: the 2025 edition has no personnel figures). Because
Table 8a's personnel spending also covers civilians and pensions, this is a fully loaded cost per
soldier; it excludes equipment, infrastructure and operations.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from nato3.errors import Nato3Error

NEEDED = ["defence_exp_musd_current", "personnel_share_pct", "military_personnel_thousands"]
METHOD = (
    "Cost per soldier = personnel share of defence expenditure (NATO Table 8a: military and civilian pay and "
    "pensions) × defence expenditure (Table 2, current US$) ÷ military personnel (Table 7), summed over the "
    "backfilling allies before dividing; one NATO edition. Includes civilians and pensions; excludes equipment."
)


def cost_per_soldier(allies: Iterable[str], year: int | None = None, edition: str = "2024") -> pd.DataFrame:
    """Personnel cost per soldier of each ally in ``allies`` and of them together (row ``iso3 = 'group'``).

    ``attrs`` says which allies were left out for want of figures (``skipped``), the edition and year.

    Args:
        allies: ISO3 codes of the backfilling allies.
        year: NATO year; default the edition's last year.
        edition: NATO edition; it must publish personnel shares (2024 does, 2025 does not).

    Raises:
        Nato3Error: unknown ally or edition, an edition without the needed figures, a year outside
            it, or no backfilling ally with all three figures.
    """
    from nato3.alliance.membership import check_country
    from nato3.standing.editions import get_edition

    codes = list(dict.fromkeys(check_country(a) for a in allies))
    if not codes:
        raise Nato3Error("no backfilling allies given; name at least one ISO3 code or a group", parameter="allies")
    ed = get_edition(edition)
    lacking = [f for f in NEEDED if f not in ed.figures]
    if lacking:
        raise Nato3Error(
            f"{ed.describe()} has no {', '.join(lacking)}; the cost per soldier needs edition 2024", parameter="edition"
        )
    year = ed.last_year if year is None else int(year)
    if not ed.first_year <= year <= ed.last_year:
        raise Nato3Error(f"year {year} is outside {ed.describe()} ({ed.first_year}-{ed.last_year})", parameter="year")
    from nato3.store.database import query

    rows = query(
        f"SELECT iso3, year, edition, is_estimate, {', '.join(NEEDED)} FROM nato_series "
        f"WHERE edition = ? AND year = ? AND iso3 IN ({', '.join('?' * len(codes))}) ORDER BY iso3",
        [ed.label, year, *codes],
    )
    complete = rows.dropna(subset=NEEDED)
    if complete.empty:
        raise Nato3Error(
            f"none of {', '.join(codes)} has personnel figures in {ed.describe()} for {year}", parameter="allies"
        )
    complete["personnel_spending_musd"] = complete["personnel_share_pct"] / 100 * complete["defence_exp_musd_current"]
    complete["cost_per_soldier_usd"] = (
        1e6 * complete["personnel_spending_musd"] / (1000 * complete["military_personnel_thousands"])
    )
    group = {
        "iso3": "group",
        "year": year,
        "edition": ed.label,
        "is_estimate": bool(complete["is_estimate"].any()),
        "defence_exp_musd_current": complete["defence_exp_musd_current"].sum(),
        "personnel_share_pct": 100
        * complete["personnel_spending_musd"].sum()
        / complete["defence_exp_musd_current"].sum(),
        "military_personnel_thousands": complete["military_personnel_thousands"].sum(),
        "personnel_spending_musd": complete["personnel_spending_musd"].sum(),
    }
    group["cost_per_soldier_usd"] = (
        1e6 * group["personnel_spending_musd"] / (1000 * group["military_personnel_thousands"])
    )
    out = pd.concat([complete, pd.DataFrame([group])], ignore_index=True)
    out.attrs.update(skipped=sorted(set(codes) - set(complete["iso3"])), edition=ed.label, year=year)
    return out


def basis(edition: str, year: int, estimate: bool) -> str:
    """One line naming the figures a cost per soldier rests on."""
    from nato3.standing.editions import get_edition

    return f"{get_edition(edition).describe()}; {year}{' estimates' if estimate else ''}, US$ current prices."
