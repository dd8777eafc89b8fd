"""Announced national paths (the bundled ``national_defence_plans`` table) as plan points.

Each row of the table is one announced target point. For the ``announced`` policy a row is used
only if it gives a share of GDP, a target year and a scope the scenario accepts; for each ally and
target year the latest announcement wins. Every other row is kept with the reason it was not
used, so outputs can show it as what it is (a cash amount, a national definition, the Hague 5 %
total) instead of mixing it silently with NATO's core share. A point at or before the year of the
ally's latest NATO figure is not used either: the published figure supersedes the announcement.

An announced share is a floor, not a ceiling: "3 % of GDP in 2026" from an ally already above
3 % does not announce a cut, so the path keeps the level before it (:func:`as_floors`). Only a
plan that itself says the share will fall (a point below the plan's own earlier point) falls.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from nato3.store.cache import data_cache

SCOPE_NOTES = {
    "core_nato_definition": "NATO's definition",
    "unknown": "the source does not say which definition; used as if NATO's",
    "national_definition": "a national definition, not NATO's; not used",
    "total_5pct": "the Hague 5 % total (core plus defence-related); not comparable with the core share; not used",
}


@dataclass(frozen=True)
class PlanRow:
    iso3: str
    announced_on: str
    target_year: int | None
    share_gdp_pct: float | None
    scope: str
    amount: str | None
    amount_unit: str | None
    statement: str
    source_title: str
    source_url: str
    source_kind: str
    used: bool
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@data_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:
    from nato3.store.database import query

    df = query("SELECT * FROM national_defence_plans ORDER BY iso3, target_year, announced_on")
    df = df.astype(object).where(df.notna(), None)
    return tuple(df.to_dict("records"))


def _reason(row: dict, scopes: tuple[str, ...]) -> str | None:
    """Why a row cannot be a plan point, or None if it can."""
    if row["target_share_gdp_pct"] is None:
        return "money only (no share of GDP); not used" if row["amount"] else "no share of GDP; not used"
    if row["target_year"] is None:
        return "no target year; not used"
    if row["scope"] not in scopes:
        return f"scope {row['scope']}: {SCOPE_NOTES.get(row['scope'], 'not accepted by the scenario')}"
    return None


def plan_rows(scopes: tuple[str, ...]) -> list[PlanRow]:
    """Every row of the table, marked used or not with the reason (the latest announcement for
    each ally and target year wins among usable rows; ``announced_on`` compares as text, so a
    month-only date sorts before the days of that month)."""
    rows = list(_rows())
    winners: dict[tuple[str, int], dict] = {}
    for row in rows:
        if _reason(row, scopes) is None:
            key = (row["iso3"], int(row["target_year"]))
            if key not in winners or row["announced_on"] >= winners[key]["announced_on"]:
                winners[key] = row
    out = []
    for row in rows:
        reason = _reason(row, scopes)
        used = False
        if reason is None:
            winner = winners[(row["iso3"], int(row["target_year"]))]
            if winner is row:
                used, reason = True, f"used ({SCOPE_NOTES[row['scope']]})"
            else:
                reason = f"superseded by the announcement of {winner['announced_on']} for {row['target_year']}"
        out.append(
            PlanRow(
                iso3=row["iso3"],
                announced_on=row["announced_on"],
                target_year=None if row["target_year"] is None else int(row["target_year"]),
                share_gdp_pct=None if row["target_share_gdp_pct"] is None else float(row["target_share_gdp_pct"]),
                scope=row["scope"],
                amount=row["amount"],
                amount_unit=row["amount_unit"],
                statement=row["statement"],
                source_title=row["source_title"],
                source_url=row["source_url"],
                source_kind=row["source_kind"],
                used=used,
                reason=reason,
            )
        )
    return out


def points(rows: list[PlanRow], iso3: str, after_year: int) -> tuple[dict[int, float], list[PlanRow]]:
    """The used plan points of ``iso3`` after ``after_year`` (its latest NATO figure), and the
    ally's rows with points at or before that year re-marked as superseded by the figure."""
    chosen: dict[int, float] = {}
    marked = []
    for row in rows:
        if row.iso3 != iso3:
            continue
        if row.used and row.target_year <= after_year:
            reason = f"target year not after the latest NATO figure ({after_year}), which is used instead"
            row = PlanRow(**{**row.to_dict(), "used": False, "reason": reason})
        elif row.used:
            chosen[row.target_year] = row.share_gdp_pct
        marked.append(row)
    return dict(sorted(chosen.items())), marked


def as_floors(points: dict[int, float], b0: float) -> tuple[dict[int, float], list[int]]:
    """Plan points read as floors from the latest share ``b0``, and the years held up.

    Each point below the level before it (``b0``, then the path's previous point) keeps that
    level, unless it is below the plan's own previous point: then the plan says the share falls,
    and it does.
    """
    out: dict[int, float] = {}
    held: list[int] = []
    level, announced_before = b0, None
    for year, share in sorted(points.items()):
        falls = announced_before is not None and share < announced_before
        value = share if falls or share >= level else level
        if value != share:
            held.append(year)
        out[year] = value
        level, announced_before = value, share
    return out, held


def used_rows(rows: list[PlanRow], iso3: str, years: dict[int, float]) -> list[PlanRow]:
    """The announcements behind ``iso3``'s plan ``years``, by target year."""
    used = {r.target_year: r for r in rows if r.iso3 == iso3 and r.used and r.target_year in years}
    return [used[y] for y in sorted(used)]


def describe_used(rows: list[PlanRow], short: bool = False) -> str:
    """'year: share % (announced on, source)' for each row; ``short`` leaves out the source."""
    if short:
        return "; ".join(f"{r.target_year}: {r.share_gdp_pct:g} % ({r.announced_on})" for r in rows)
    return "; ".join(
        f"{r.target_year}: {r.share_gdp_pct:g} % (announced {r.announced_on}, {r.source_title})" for r in rows
    )
