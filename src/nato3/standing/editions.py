"""Editions (vintages) of NATO's figures and which one answers a question.

NATO republishes its whole series every year, revising history and sometimes the price base
(2015 prices in the 2024 edition, 2021 prices in the 2025 edition) or the definition itself
(``total`` defence expenditure up to the 2025 edition, ``core`` defence expenditure — the
Hague definition of the 3.5 % pledge — from the 2026 edition, which restated 2014–2024 on it).
Editions are kept side by side; a figure always comes from one edition, never a mix, and says
which. Without an explicit edition, the newest edition that has the figure for the year asked is
used (optionally only editions of one definition). A value missing from that edition (Germany
2025e in the 2025 edition) stays missing: it is not taken from an older edition.
"""

from __future__ import annotations

from dataclasses import dataclass

from nato3.errors import Nato3Error
from nato3.store.cache import data_cache
from nato3.store.database import query


@dataclass(frozen=True)
class Edition:
    label: str
    dataset: str
    published: str
    price_base_year: int | None
    first_year: int
    last_year: int
    figures: frozenset[str]  # harmonised columns with at least one country value
    definition: str = "total"  # 'total' (up to the 2025 edition) or 'core' (from the 2026 edition)
    cutoff: str | None = None  # NATO's data cut-off date, where known
    datasets: tuple[str, ...] = ()  # every table the edition is read from (dataset first)

    @property
    def definition_text(self) -> str:
        """What the edition's figures measure, in words."""
        from nato3.store.views import DEFINITIONS

        return DEFINITIONS[self.definition]

    def describe(self) -> str:
        """E.g. 'NATO edition 2026 (published 2026-07-07, 2021 prices, core defence expenditure)';
        the definition is named for core editions, the break from every earlier one."""
        base = f", {self.price_base_year} prices" if self.price_base_year else ""
        core = ", core defence expenditure" if self.definition == "core" else ""
        return f"NATO edition {self.label} (published {self.published}{base}{core})"


def editions() -> tuple[Edition, ...]:
    """All NATO editions in the database, newest first."""
    return _summary()[0]


# The harmonised columns an edition is summarised by (figures, and the years each one has).
def _counted() -> list[str]:
    from nato3.store.views import NATO_COLUMNS

    return [c for c in NATO_COLUMNS if c not in ("is_estimate", "national_2pct_commitment", "source_ref")]


@data_cache(maxsize=1)
def _summary() -> tuple[tuple[Edition, ...], dict[tuple[str, str], frozenset[int]]]:
    """Every edition and, per edition and figure, the years with a country value, from one small
    query (country values counted per edition and year): each query over the ``nato_series`` view
    pays for planning the whole view."""
    counted = _counted()
    counts = ", ".join(f"count({c}) AS {c}" for c in counted)
    df = query(
        "SELECT edition, year, any_value(dataset) AS dataset, any_value(datasets) AS datasets, "
        "any_value(published) AS published, any_value(definition) AS definition, any_value(cutoff) AS cutoff, "
        f"any_value(price_base_year) AS price_base_year, {counts} "
        "FROM nato_series WHERE iso3 NOT LIKE 'NATO\\_%' ESCAPE '\\' GROUP BY edition, year ORDER BY edition, year"
    )
    by_edition: dict[str, list[dict]] = {}
    for r in df.to_dict("records"):
        by_edition.setdefault(r["edition"], []).append(r)
    result = []
    with_years: dict[tuple[str, str], frozenset[int]] = {}
    for label, years in by_edition.items():
        r = years[0]  # the edition's metadata: the same on every row
        base, cutoff = r["price_base_year"], r["cutoff"]
        for c in counted:
            with_years[(label, c)] = frozenset(int(y["year"]) for y in years if y[c])
        result.append(
            Edition(
                label,
                r["dataset"],
                r["published"],
                None if base != base or base is None else int(base),
                min(int(y["year"]) for y in years),
                max(int(y["year"]) for y in years),
                frozenset(c for c in counted if with_years[(label, c)]),
                definition=r["definition"],
                cutoff=cutoff if isinstance(cutoff, str) and cutoff else None,
                datasets=tuple(str(r["datasets"]).split(";")),
            )
        )
    result.sort(key=lambda e: e.published, reverse=True)
    return tuple(result), with_years


def get_edition(label: str) -> Edition:
    for e in editions():
        if e.label == str(label):
            return e
    raise Nato3Error(
        f"unknown edition {label!r}; available: {', '.join(e.label for e in editions())}", parameter="edition"
    )


def _years_with(edition: str, figure: str) -> frozenset[int]:
    """Years of ``edition`` with a country value of ``figure``."""
    if figure in _counted():
        return _summary()[1].get((edition, figure), frozenset())
    return _years_queried(edition, figure)


@data_cache(maxsize=64)
def _years_queried(edition: str, figure: str) -> frozenset[int]:
    df = query(
        f"SELECT DISTINCT year FROM nato_series WHERE edition = ? AND {figure} IS NOT NULL "
        "AND iso3 NOT LIKE 'NATO\\_%' ESCAPE '\\'",
        [edition],
    )
    return frozenset(int(y) for y in df["year"])


def edition_for(figure: str, year: int, edition: str | None = None, definition: str | None = None) -> Edition | None:
    """The edition that answers ``figure`` for ``year``: ``edition`` if given, else the newest
    edition with any country value of that figure in that year — only among editions of
    ``definition`` ('total' or 'core') when given. None if no edition has it."""
    if edition is not None:
        chosen = get_edition(edition)
        return chosen if year in _years_with(chosen.label, figure) else None
    for e in editions():
        if (definition is None or e.definition == definition) and year in _years_with(e.label, figure):
            return e
    return None


def latest_year() -> int:
    """The newest year with shares of GDP in the newest edition: the default for ``status``."""
    return max(_years_with(editions()[0].label, "defence_share_gdp_pct"))


def check_year(year: int, edition: str | None = None) -> None:
    """Raise a clear error if no edition (or not ``edition``) covers ``year``."""
    pool = [get_edition(edition)] if edition is not None else list(editions())
    first = min(e.first_year for e in pool)
    last = max(e.last_year for e in pool)
    if not first <= year <= last:
        which = f"the {edition} edition" if edition is not None else "NATO's data"
        raise Nato3Error(f"year {year} is outside {which}; allowed: {first}–{last}", parameter="year")
