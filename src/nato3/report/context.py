"""What every section of one report shares: the year and edition asked for, and the library's
answers for them, each computed once per build.

The default year is the newest year for which NATO's alliance total (NATO Total's share of GDP)
can be stated, so the headline is never empty by default; newer years that cover only some
allies are still available with ``--year``, and the headline says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from nato3.standing.editions import Edition
    from nato3.standing.pledges import Pledge

HEADLINE = "defence_share_gdp_pct"
TOTAL = "NATO_TOTAL"
EUROPE_CANADA = "NATO_EUR_CAN"


def aggregate_value(edition: str, year: int, code: str, figure: str) -> Any:
    """``figure`` of aggregate ``code`` (NATO_TOTAL, NATO_EUR_CAN) in ``year`` of ``edition``, as
    :func:`~nato3.alliance.aggregates.nato_aggregates` gives it; None when missing."""
    from nato3.alliance.aggregates import nato_aggregates
    from nato3.report.format import plain

    agg = nato_aggregates(edition)
    row = agg[(agg["year"] == year) & (agg["iso3"] == code)]
    if row.empty or figure not in row.columns:
        return None
    return plain(row[figure].iloc[0])


def default_year(edition: str | None = None) -> int:
    """The newest year with NATO Total's share of GDP in ``edition`` (or in any edition, each year
    answered by the edition :func:`~nato3.standing.editions.edition_for` picks).

    Raises:
        Nato3Error: unknown edition.
    """
    from nato3.standing import editions as ed

    pool = [ed.get_edition(edition)] if edition is not None else list(ed.editions())
    for year in range(max(e.last_year for e in pool), min(e.first_year for e in pool) - 1, -1):
        chosen = ed.edition_for(HEADLINE, year, edition)
        if chosen is not None and aggregate_value(chosen.label, year, TOTAL, HEADLINE) is not None:
            return year
    return ed.latest_year()


@dataclass
class ReportContext:
    """The inputs of one report and cached library answers for them.

    Create it with :meth:`create`, which checks the inputs. Sections read from it and never
    change it.
    """

    year: int
    edition: str | None = None
    scenario: str | None = None
    built_on: str = field(default_factory=lambda: date.today().isoformat())
    _status_by_year: dict[int, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def create(
        cls,
        year: int | None = None,
        edition: str | None = None,
        scenario: str | None = None,
        built_on: str | None = None,
    ) -> ReportContext:
        """Check the inputs and fill in the default year.

        Raises:
            Nato3Error: unknown edition, or a year no edition (or not ``edition``) covers.
        """
        from nato3.standing import editions as ed

        if edition is not None:
            ed.get_edition(edition)
        year = default_year(edition) if year is None else int(year)
        ed.check_year(year, edition)
        context = cls(year=year, edition=edition, scenario=scenario)
        if built_on is not None:
            context.built_on = built_on
        return context

    @property
    def version(self) -> str:
        from nato3 import __version__

        return __version__

    def status_for(self, year: int) -> pd.DataFrame:
        """``nato3.status(year, edition)``, computed once per year."""
        if year not in self._status_by_year:
            from nato3.api import status

            self._status_by_year[year] = status(year=year, edition=self.edition)
        return self._status_by_year[year]

    @property
    def status(self) -> pd.DataFrame:
        """Where each ally stands in the report's year (see :func:`nato3.status`)."""
        return self.status_for(self.year)

    def edition_for(self, figure: str, year: int | None = None) -> Edition | None:
        """The edition that answers ``figure`` for the report's year (or ``year``); None when no
        edition has it, or no NATO table has such a column (the Hague 5 % metric)."""
        from nato3.standing.editions import edition_for
        from nato3.store.views import NATO_COLUMNS

        if figure not in NATO_COLUMNS:
            return None
        return edition_for(figure, self.year if year is None else year, self.edition)

    def aggregate(self, code: str, figure: str) -> tuple[float | None, Edition | None]:
        """NATO_TOTAL or NATO_EUR_CAN's ``figure`` in the report's year, with its edition."""
        chosen = self.edition_for(figure)
        if chosen is None:
            return None, None
        return aggregate_value(chosen.label, self.year, code, figure), chosen

    @cached_property
    def pledges(self) -> dict[str, Pledge]:
        from nato3.standing.pledges import pledges

        return pledges()

    @cached_property
    def _descriptors(self) -> dict[str, dict[str, Any]]:
        from nato3.store.database import query

        rows = query("SELECT name, descriptor FROM _resources ORDER BY kind, name")
        return {name: json.loads(text) for name, text in rows.itertuples(index=False)}

    @property
    def descriptors(self) -> dict[str, dict[str, Any]]:
        """Every table's provenance descriptor (schema left out), by table name, reference tables
        first."""
        return {
            name: {k: v for k, v in d.items() if k not in ("fields", "harmonised")}
            for name, d in self._descriptors.items()
        }

    def fields(self, table: str) -> list[dict[str, Any]]:
        """The columns of ``table`` (name, type, unit, description) from its descriptor."""
        return self._descriptors[table].get("fields", [])

    def citation(self, table: str) -> str:
        """Producer, title, edition and publication date of ``table``, for footers."""
        from pathlib import Path

        from nato3.store.resources import Resource

        return Resource(Path(table), self._descriptors[table]).citation()

    def datasets_for(self, *figures: str) -> list[str]:
        """The bundled tables behind the editions that answer ``figures`` in the report's year."""
        found = {e.dataset for f in figures if (e := self.edition_for(f)) is not None}
        return sorted(found)
