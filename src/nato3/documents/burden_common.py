"""What the burden documents share: which edition answers them (and why), their columns, and how
a row's estimate flag becomes the marks of its figures.

Burden sharing needs spending in US$. With NATO's data the edition is the defaults rule's
:func:`~nato3.documents.defaults.money_view` (the newest edition with spending in US$), one
edition for the whole view, shares of GDP included; with SIPRI's it is the release in effect
(``sipri_series``: an imported release supersedes the bundled table).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nato3.documents.model import Column, EditionUse

if TYPE_CHECKING:
    import pandas as pd

# The figures each document takes from the source (EditionUse.figures).
NATO_FIGURES = (
    "defence_exp_musd_const",
    "defence_exp_musd_current",
    "gdp_musd_const",
    "gdp_musd_current",
    "gdp_per_capita_kusd_const",
    "military_personnel_thousands",
    "defence_share_gdp_pct",
)
SIPRI_FIGURES = ("milex_musd_const", "milex_musd_current", "milex_share_gdp_pct")
# Library names of the measures (nato3.burden.metrics) → the documents' names, shared with the
# status document where the concept is the same.
RENAMED = {"burden_pct": "defence_share_gdp_pct", "real_change_pct": "defence_exp_real_change_pct"}


@dataclass(frozen=True)
class Chosen:
    """The source, edition and years a burden document shows, and why that edition."""

    source: str
    edition: str
    year: int  # the (last) year asked for or chosen
    use: EditionUse


def single_year(source: str, year: int | None, edition: str | None) -> Chosen:
    """The year and edition of a one-year view.

    Raises:
        Nato3Error: an unknown edition or one without spending in US$ (``edition``), a year
            without spending in US$ (``year``).
    """
    from nato3.burden.choices import Source, check_years, years_available

    if Source(source) is Source.sipri:
        use, release = _sipri_use()
        year = release.last_year if year is None else int(year)
        check_years(Source.sipri, year, year, edition, names=("year", "year"))
        return Chosen(source, use.label, year, use)
    if year is not None:  # the source's own check first: its message names the years allowed
        check_years(Source.nato, int(year), int(year), edition, names=("year", "year"))
    elif edition is not None:
        years_available(Source.nato, edition)
    from nato3.documents.defaults import money_view

    view = money_view(year, edition)
    return Chosen(source, view.edition.label, view.year, _nato_use(view.edition, view.why))


def year_range(source: str, from_year: int | None, to_year: int | None, edition: str | None) -> tuple[Chosen, int]:
    """The edition and (first, last) years of a view over several years: NATO's money edition
    (one edition for every year, so revisions and price bases never mix), or SIPRI's release.

    Raises:
        Nato3Error: as :func:`single_year`, naming ``from_year`` or ``to_year``.
    """
    from nato3.burden.choices import Source, check_years, years_available
    from nato3.errors import Nato3Error

    if from_year is not None and to_year is not None and int(from_year) > int(to_year):
        raise Nato3Error(
            f"from_year {from_year} is after to_year {to_year}; allowed: from_year <= to_year", parameter="from_year"
        )
    if Source(source) is Source.sipri:
        use, release = _sipri_use()
        first = release.first_year if from_year is None else int(from_year)
        last = release.last_year if to_year is None else int(to_year)
        check_years(Source.sipri, first, first, edition, names=("from_year", "from_year"))
        check_years(Source.sipri, first, last, edition)
        return Chosen(source, use.label, last, use), first
    from nato3.documents.defaults import money_view

    if edition is not None:  # an edition without money is named before any year
        years_available(Source.nato, edition)
    if to_year is not None:
        check_years(Source.nato, int(to_year), int(to_year), edition, names=("to_year", "to_year"))
    view = money_view(to_year, edition)
    label = view.edition.label
    available = years_available(Source.nato, label)
    first = available[0] if from_year is None else int(from_year)
    last = view.year if to_year is None else int(to_year)
    check_years(Source.nato, first, first, label, names=("from_year", "from_year"))
    check_years(Source.nato, first, last, label)
    asked = "as asked" if edition is not None else "the newest with spending in US$"
    why = f"{first}–{last} from the {label} edition, {asked} (one edition for every year: editions revise history)"
    return Chosen(source, label, last, _nato_use(view.edition, why)), first


def _nato_use(edition, why: str) -> EditionUse:
    return EditionUse(
        edition.label,
        definition=getattr(edition, "definition", None),
        published=edition.published,
        price_base_year=edition.price_base_year,
        figures=tuple(f for f in NATO_FIGURES if f in edition.figures),
        why=why,
    )


def _sipri_use():
    from nato3.burden.choices import sipri_release

    release = sipri_release()
    why = f"SIPRI's {release.edition} release, the one in effect (an imported release supersedes the bundled table)"
    use = EditionUse(
        release.edition,
        publisher="SIPRI",
        published=release.published or None,
        price_base_year=release.price_base_year,
        figures=SIPRI_FIGURES,
        why=why,
    )
    return use, release


# (library name, label, digits, priority, description) of each measure, in the order shown.
MEASURES = [
    ("spending_share_pct", "Spending %", 2, 0, "Share of the alliance's defence spending"),
    ("gdp_share_pct", "GDP %", 2, 0, "Share of the alliance's GDP"),
    ("fair_share_index", "Fair share", 3, 0, "Spending share ÷ GDP share: above 1 pays more than its economic weight"),
    ("burden_pct", "% of GDP", 2, 1, "Defence spending ÷ GDP (an ally's: as the source publishes it)"),
    ("real_change_pct", "Real change %", 1, 1, "Real change of defence spending on the year before"),
    ("per_capita_usd", "US$ a head", 0, 2, "Defence spending per inhabitant"),
    ("personnel_share_pct", "Personnel %", 2, 2, "Share of the alliance's military personnel"),
    ("population_share_pct", "Population %", 2, 3, "Share of the alliance's population"),
    ("spending_musd", "Spending, US$ m", 0, 4, "Defence spending"),
    ("gdp_musd", "GDP, US$ m", 0, 5, "Gross domestic product"),
]


def share_columns(units: dict[str, str], derived: set[str], only: tuple[str, ...] | None = None) -> list[Column]:
    """The measures of an ally, group or the alliance (``units`` from
    :func:`nato3.burden.metrics.units`; ``derived``: library names resting on a derived quantity;
    ``only``: these library names)."""
    return [
        Column(
            RENAMED.get(name, name),
            label,
            units[name],
            digits=digits,
            priority=priority,
            mark="derived" if name in derived else None,
            description=description,
        )
        for name, label, digits, priority, description in MEASURES
        if only is None or name in only
    ]


def estimate_marks(frame: pd.DataFrame, figures: list[str], flag: str = "is_estimate") -> list[dict]:
    """Per row: every figure of a row whose ``flag`` is set carries the estimate mark (the figure
    rests on the publisher's estimate)."""
    out = []
    for row in frame.to_dict("records"):
        estimated = bool(row.get(flag))
        out.append(
            {f: ("estimate",) for f in figures if estimated and row.get(f) == row.get(f) and row.get(f) is not None}
        )
    return out


def derived_notes(derived: dict[str, str]) -> list[str]:
    """``gdp`` → "GDP: derived: …": how each derived quantity was derived, as notes."""
    names = {"gdp": "GDP", "population": "Population", "real_change": "Real change"}
    return [f"{names.get(k, k.replace('_', ' ').capitalize())}: {v}." for k, v in derived.items()]
