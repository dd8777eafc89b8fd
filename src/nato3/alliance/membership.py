"""Who counts as an ally in a given year.

NATO counts each ally in its aggregates from its accession year (Montenegro 2017, North
Macedonia 2020, Finland 2023, Sweden 2024). The dates are in the bundled ``countries`` table.
"""

from __future__ import annotations

from nato3.errors import Nato3Error
from nato3.store.cache import data_cache
from nato3.store.database import query

# SQL condition: ``s`` (any table with iso3, year) joined to countries ``c`` is a member that year.
MEMBER_IN_YEAR = "c.kind = 'ally' AND s.year >= CAST(substr(c.accession_date, 1, 4) AS INTEGER)"


@data_cache(maxsize=1)
def _countries() -> tuple[tuple[str, str, str, int | None], ...]:
    df = query("SELECT iso3, name, kind, accession_date FROM countries ORDER BY iso3")
    return tuple(
        (r.iso3, r.name, r.kind, int(r.accession_date[:4]) if isinstance(r.accession_date, str) else None)
        for r in df.itertuples()
    )


def allies() -> dict[str, str]:
    """ISO3 → name of every ally, in alphabetical order of code."""
    return {iso3: name for iso3, name, kind, _ in _countries() if kind == "ally"}


def accession_year(iso3: str) -> int:
    for code, _, kind, year in _countries():
        if code == iso3 and kind == "ally":
            return year
    raise Nato3Error(f"unknown ally {iso3!r}; allowed: {', '.join(allies())}")


def is_member(iso3: str, year: int) -> bool:
    """True if ``iso3`` was an ally in ``year`` (counted from its accession year)."""
    return year >= accession_year(iso3)


def members(year: int) -> list[str]:
    return [iso3 for iso3 in allies() if is_member(iso3, year)]


def check_country(code: str) -> str:
    """Normalise a user-typed ISO3 code; raise a clear error if it is not an ally."""
    iso3 = code.strip().upper()
    if iso3 not in allies():
        raise Nato3Error(f"unknown country {code!r}; use an ISO3 code of an ally: {', '.join(allies())}")
    return iso3
