"""The one rule for default years and editions, used by every view (documents read it through
:mod:`nato3.documents.defaults`; projections take their base year from it).

A view of where allies stand shows, by default, the newest year for which the newest NATO
edition covers every ally and both aggregates (NATO Europe and Canada, NATO Total); an
explicit year without an edition takes the newest edition that covers that year completely.
A view that needs money (spending in US$) uses the newest edition that has money tables, and
says so in one line. One edition answers a whole view: figures are never mixed across editions.

"Every ally" means every member of that year that NATO reports on: Iceland, which has no armed
forces, has no defence figures in any edition and is not waited for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nato3.errors import Nato3Error
from nato3.standing.coverage import MONEY, SHARE

if TYPE_CHECKING:
    from nato3.standing.editions import Edition


@dataclass(frozen=True)
class View:
    """The year and edition a view shows, and one line saying why."""

    year: int
    edition: Edition
    why: str
    complete: bool  # every reported ally and both aggregates have the figure


def reporting_allies() -> frozenset[str]:
    """Allies with any defence figure in any edition (all but Iceland)."""
    from nato3.standing.coverage import coverage_of_editions

    return coverage_of_editions().reporting


def coverage(edition: str, year: int, figure: str = SHARE) -> tuple[frozenset[str], frozenset[str]]:
    """(reporting members with ``figure`` in ``year`` of ``edition``, those without it), NATO
    Europe and Canada and NATO Total included (see :mod:`nato3.standing.coverage`)."""
    from nato3.alliance.aggregates import AGGREGATES
    from nato3.alliance.membership import members
    from nato3.standing.coverage import covered_in

    expected = (set(members(year)) & reporting_allies()) | set(AGGREGATES)
    have = expected & covered_in(edition, year, figure)
    return frozenset(have), frozenset(expected - have)


def _complete(edition: Edition, year: int, figure: str) -> bool:
    return not coverage(edition.label, year, figure)[1]


def _pool(figure: str, edition: str | None) -> list[Edition]:
    from nato3.standing import editions as ed

    if edition is not None:
        return [ed.get_edition(edition)]
    pool = [e for e in ed.editions() if figure in e.figures]
    if not pool:
        raise Nato3Error(f"no NATO edition in the database has {figure}")
    return pool


def _view(figure: str, what: str, year: int | None, edition: str | None) -> View:
    from nato3.standing import editions as ed

    pool = _pool(figure, edition)
    if year is not None:
        year = int(year)
        ed.check_year(year, edition)
        for e in pool:
            if e.first_year <= year <= e.last_year and _complete(e, year, figure):
                return View(year, e, _because(e, year, edition, what, complete=True), True)
        for e in pool:
            if e.first_year <= year <= e.last_year and coverage(e.label, year, figure)[0]:
                return View(year, e, _because(e, year, edition, what, complete=False), False)
        which = f"the {edition} edition" if edition else "any NATO edition"
        raise Nato3Error(f"{which} has no {what} for {year}", parameter="year")
    newest = pool[0]
    for y in range(newest.last_year, newest.first_year - 1, -1):
        if _complete(newest, y, figure):
            return View(y, newest, _because(newest, y, edition, what, complete=True), True)
    for y in range(newest.last_year, newest.first_year - 1, -1):
        if coverage(newest.label, y, figure)[0]:
            return View(y, newest, _because(newest, y, edition, what, complete=False), False)
    raise Nato3Error(f"the {newest.label} edition has no {what}", parameter="edition")


def _because(e: Edition, year: int, asked: str | None, what: str, complete: bool) -> str:
    if asked is not None:
        chosen = f"the {e.label} edition, as asked"
    elif what == "spending in US$":
        chosen = f"the {e.label} edition: the newest with spending in US$"
    else:
        chosen = f"the {e.label} edition: NATO's newest" + (" covering every ally in that year" if complete else "")
    if complete:
        return f"{year} from {chosen}"
    have, missing = coverage(e.label, year, SHARE if what != "spending in US$" else MONEY)
    return f"{year} from {chosen} ({len(have)} of {len(have) + len(missing)} allies and aggregates have figures)"


def standing_view(year: int | None = None, edition: str | None = None) -> View:
    """Year and edition of the views of where allies stand (status, report, overview, API).

    Raises:
        Nato3Error: unknown edition (parameter ``edition``) or a year no edition covers (``year``).
    """
    return _view(SHARE, "shares of GDP", year, edition)


def money_view(year: int | None = None, edition: str | None = None) -> View:
    """Year and edition of views that need spending in US$ (burden sharing in money terms).

    Raises:
        Nato3Error: unknown edition, an edition without money tables, or a year without them.
    """
    if edition is not None:
        from nato3.standing import editions as ed

        chosen = ed.get_edition(edition)
        if MONEY not in chosen.figures:
            with_money = ", ".join(e.label for e in ed.editions() if MONEY in e.figures)
            raise Nato3Error(
                f"the {edition} edition has no spending in US$ (only shares of GDP); editions with money: {with_money}",
                parameter="edition",
            )
    return _view(MONEY, "spending in US$", year, edition)
