"""Which allies and aggregates each NATO edition covers in each year: what the defaults rule
(:mod:`nato3.standing.defaults`) needs to choose a view's year and edition.

Choosing needs only whether each figure is known, not the figures themselves, so one scan of
every edition answers it, cached per data generation, instead of aggregating every edition the
rule looks at. An aggregate is known as :mod:`nato3.alliance.aggregates` computes it: an edition
with spending in US$ has its aggregates computed from member rows, and a sum is known when some
member has the figure and no member that reports it in another year of the edition lacks it
(NATO's rule: a total is never a partial sum); the share of GDP needs both spending and GDP. An
edition without money has the rows NATO published. ``tests/test_defaults.py`` checks this answer
against the aggregates themselves for every edition, year and figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from nato3.store.cache import data_cache

SHARE = "defence_share_gdp_pct"
MONEY = "defence_exp_musd_const"
GDP = "gdp_musd_const"
FIGURES = (SHARE, MONEY)
# NATO's aggregates: the members each one sums.
AGGREGATE_MEMBERS = {"NATO_EUR_CAN": lambda iso3: iso3 != "USA", "NATO_TOTAL": lambda iso3: True}


@dataclass(frozen=True)
class Coverage:
    """What every edition covers: (edition, year, figure) → members and aggregates with the figure
    known; the allies with a share of GDP in any edition and year (all but Iceland); the allies
    with no positive spending or share of GDP in any (Iceland, which has no armed forces); the
    editions whose aggregates are computed from member rows (those with spending in US$)."""

    known: dict[tuple[str, int, str], frozenset[str]]
    reporting: frozenset[str]
    no_forces: frozenset[str]
    computed: frozenset[str]


@data_cache(maxsize=1)
def coverage_of_editions() -> Coverage:
    """One scan of ``nato_series`` (every row's edition, year, ally or aggregate, membership that
    year, share of GDP, spending and GDP) answers :class:`Coverage`."""
    from nato3.alliance.membership import MEMBER_IN_YEAR
    from nato3.store.database import connect

    with connect() as con:
        rows = con.execute(
            f"SELECT s.edition, s.year, s.iso3, c.kind, {MEMBER_IN_YEAR} AS member, s.{SHARE}, "
            f"s.{MONEY}, s.{GDP} FROM nato_series s JOIN countries c ON c.iso3 = s.iso3"
        ).fetchall()
    known: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    member_rows: dict[str, list[tuple[int, str, float | None, float | None]]] = defaultdict(list)
    published: dict[str, list[tuple[int, str, bool, bool]]] = defaultdict(list)
    reporting, allies, positive = set(), set(), set()
    for edition, year, iso3, kind, member, share, spend, gdp in rows:
        has_share = share is not None
        if kind == "ally":
            allies.add(iso3)
            if has_share:
                reporting.add(iso3)
            if (has_share and share > 0) or (spend is not None and spend > 0):
                positive.add(iso3)
        if member:
            member_rows[edition].append((year, iso3, spend, gdp))
            _add(known, edition, year, iso3, has_share, spend is not None)
        elif kind == "aggregate" and iso3 in AGGREGATE_MEMBERS:
            published[edition].append((year, iso3, has_share, spend is not None))
    computed = {e for e, members in member_rows.items() if any(row[2] is not None for row in members)}
    for edition in set(member_rows) | set(published):
        members = member_rows.get(edition, [])
        if edition in computed:  # as nato_aggregates decides
            for code, counts in AGGREGATE_MEMBERS.items():
                part = [row for row in members if counts(row[1])]
                spend, gdp = _sums(part, 2), _sums(part, 3)
                for year, total in spend.items():
                    share = total is not None and gdp[year] is not None and (total != 0 or gdp[year] != 0)
                    _add(known, edition, year, code, share, total is not None)
        else:
            for year, code, has_share, has_money in published.get(edition, []):
                _add(known, edition, year, code, has_share, has_money)
    known_sets = {key: frozenset(codes) for key, codes in known.items()}
    return Coverage(known_sets, frozenset(reporting), frozenset(allies - positive), frozenset(computed))


def _add(known: dict, edition: str, year: int, code: str, has_share: bool, has_money: bool) -> None:
    if has_share:
        known[(edition, year, SHARE)].add(code)
    if has_money:
        known[(edition, year, MONEY)].add(code)


def _sums(rows: list[tuple], column: int) -> dict[int, float | None]:
    """Year → the members' sum of ``column`` (0 / 0 aside, only whether it is 0 matters), None
    where no member has it or where a member that reports it (> 0) in another year lacks it."""
    reporters = {row[1] for row in rows if row[column] is not None and row[column] > 0}
    sums: dict[int, float | None] = {}
    gaps = set()
    for row in rows:
        year, value = row[0], row[column]
        if value is None:
            sums.setdefault(year, None)
            if row[1] in reporters:
                gaps.add(year)
        else:
            sums[year] = (sums.get(year) or 0.0) + value
    return {year: None if year in gaps else total for year, total in sums.items()}


def covered_in(edition: str, year: int, figure: str) -> frozenset[str]:
    """Members and aggregates with ``figure`` known in ``year`` of ``edition``.

    Raises:
        ValueError: ``figure`` is not one of :data:`FIGURES` (the defaults rule needs no other).
    """
    if figure not in FIGURES:
        raise ValueError(f"coverage is known for {', '.join(FIGURES)}, not {figure!r}")
    return coverage_of_editions().known.get((str(edition), int(year), figure), frozenset())
