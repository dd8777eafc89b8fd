"""What a burden-sharing question may ask for, and the checks that refuse what the data cannot answer.

A question names a source (NATO's series or SIPRI's), prices (constant or current US$), for NATO
an edition, and a year or a range of years. NATO's years are those of the editions with spending
in US$ (the 2025 and 2026 editions publish shares of GDP only); SIPRI's are those of the release
in effect (an imported release supersedes the bundled table). Every refusal is a
:class:`~nato3.errors.Nato3Error` naming the parameter and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nato3.errors import Nato3Error
from nato3.standing import editions as ed
from nato3.store.cache import data_cache
from nato3.store.database import query


class Source(StrEnum):
    nato = "nato"
    sipri = "sipri"


class Prices(StrEnum):
    constant = "constant"
    current = "current"


SIPRI_VIEW = "sipri_series"  # the SIPRI release in effect (nato3.store.views)
NATO_MONEY = "defence_exp_musd_const"  # the figure an edition needs for shares of the alliance
YEAR_NAMES = ("from_year", "to_year")  # the parameters a range check names


@dataclass(frozen=True)
class SipriRelease:
    """The SIPRI release ``sipri_series`` shows: its table, label, price base and years with spending."""

    dataset: str
    edition: str
    published: str
    price_base_year: int
    first_year: int
    last_year: int


@data_cache(maxsize=1)
def sipri_release() -> SipriRelease:
    """The SIPRI release in effect (the newest loaded; an imported one supersedes the bundled table)."""
    row = query(
        "SELECT any_value(dataset) AS dataset, any_value(edition) AS edition, any_value(published) AS published, "
        "any_value(price_base_year) AS base, min(year) AS first, max(year) AS last "
        f"FROM {SIPRI_VIEW} WHERE milex_musd_const IS NOT NULL"
    ).iloc[0]
    years = int(row["first"]), int(row["last"])
    return SipriRelease(row["dataset"], str(row["edition"]), str(row["published"]), int(row["base"]), *years)


def sipri_edition() -> str:
    """The label of the SIPRI release in effect (e.g. "2025")."""
    return sipri_release().edition


def money_editions() -> list[str]:
    """NATO editions with spending in US$ (shares of the alliance need it), newest first."""
    return [e.label for e in ed.editions() if NATO_MONEY in e.figures]


def as_source(source: Source | str) -> Source:
    """``source`` as a :class:`Source`; raises Nato3Error naming ``source`` and the allowed sources."""
    return _one_of(Source, source, "source")


def as_prices(prices: Prices | str) -> Prices:
    """``prices`` as :class:`Prices`; raises Nato3Error naming ``prices`` and the allowed values."""
    return _one_of(Prices, prices, "prices")


def _one_of(kind: type[StrEnum], value, parameter: str):
    try:
        return kind(str(value).lower())
    except ValueError:
        allowed = ", ".join(k.value for k in kind)
        raise Nato3Error(f"unknown {parameter} {value!r}; allowed: {allowed}", parameter=parameter) from None


def years_available(source: Source, edition: str | None = None) -> list[int]:
    """Years with spending in US$ for ``source`` (NATO: in ``edition`` or in any edition).

    Raises:
        Nato3Error: unknown NATO edition, or one without spending in US$ (the 2025 edition
            publishes shares of GDP only), naming ``edition``.
    """
    if source is Source.sipri:
        release = sipri_release()
        return list(range(release.first_year, release.last_year + 1))
    pool = [ed.get_edition(edition)] if edition is not None else list(ed.editions())
    years: set[int] = set()
    for e in pool:
        years |= {y for y in range(e.first_year, e.last_year + 1) if ed.edition_for(NATO_MONEY, y, e.label)}
    if not years:
        raise Nato3Error(
            f"NATO edition {edition} publishes shares of GDP only, no spending or GDP in US$, so shares of "
            f"the alliance cannot be computed from it; allowed: {', '.join(money_editions())}",
            parameter="edition",
        )
    return sorted(years)


def check_edition(source: Source, edition: str | None) -> None:
    """Raise when ``edition`` is not an edition of ``source`` with spending in US$.

    Raises:
        Nato3Error: naming ``edition`` and the editions allowed.
    """
    if edition is None:
        return
    if source is Source.sipri:
        if str(edition) != sipri_edition():
            raise Nato3Error(
                f"SIPRI release {edition!r} is not the one in effect; allowed: {sipri_edition()}", parameter="edition"
            )
        return
    years_available(source, str(edition))  # unknown edition, or one without money


def check_years(
    source: Source, from_year: int, to_year: int, edition: str | None = None, names: tuple[str, str] = YEAR_NAMES
) -> None:
    """Raise a clear error when the range is inverted or has a year without data.

    ``names`` are the parameters the years came from (``("year", "year")`` for one year).

    Raises:
        Nato3Error: ``from_year`` after ``to_year``, a year outside the source's coverage, an
            edition without spending in US$ (NATO 2025), or an edition ``source`` does not have.
    """
    if from_year > to_year:
        problem = f"{names[0]} {from_year} is after {names[1]} {to_year}; allowed: {names[0]} <= {names[1]}"
        raise Nato3Error(problem, parameter=names[0])
    check_edition(source, edition)
    available = years_available(source, None if source is Source.sipri else edition)
    for year, name in zip((from_year, to_year), names, strict=True):
        if year not in available:
            which = "NATO's data" if edition is None else f"NATO's {edition} edition"
            which = "SIPRI's data" if source is Source.sipri else which
            raise Nato3Error(
                f"no defence spending in US$ for {year} in {which}; allowed: {available[0]}–{available[-1]}",
                parameter=name,
            )
