"""What every section of one report shares: the year and edition asked for, and the library's
answers for them, each computed once per build.

The default year is the newest year for which NATO's alliance total (NATO Total's share of GDP)
can be stated, so the headline is never empty by default; newer years that cover only some
allies are still available with ``--year``, and the headline says so.

Projections to 2035 (the paths section and the headline's card about 2035) share one projection
document: :data:`DEFAULT_SCENARIO` unless another scenario is asked for, with
:data:`SCENARIO_DRAWS` Monte Carlo draws and the scenario's own seed, so a report is
reproducible and its figures equal ``nato3 project NAME --draws 10000`` for the built-ins. The
section on how good these projections are reads one backtest document (SIPRI's series, with
:data:`BACKTEST_DRAWS` draws per origin, which the document says).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from nato3.documents.model import Document
    from nato3.projection.resolve import Resolved
    from nato3.standing.editions import Edition
    from nato3.standing.pledges import Pledge

HEADLINE = "defence_share_gdp_pct"
# The default scenario: where allies' own announcements lead, the question this report asks.
# hague-linear (the pledge read literally) reaches the target by construction; the paths
# section says why it is not the default.
DEFAULT_SCENARIO = "announced-plans"
SCENARIO_DRAWS = 10_000  # the built-ins' own setting; about half a second
BACKTEST_DRAWS = 1_000  # per origin: bands and odds of the report's backtest in about 3 s (nato3 backtest: 10,000)
BACKTEST_SOURCE = "sipri"  # decades of origins
BACKTEST = {"source": BACKTEST_SOURCE, "draws": BACKTEST_DRAWS}  # the backtest document's parameters
TOTAL = "NATO_TOTAL"
EUROPE_CANADA = "NATO_EUR_CAN"


def default_year(edition: str | None = None) -> int:
    """The report's default year: the defaults rule of :mod:`nato3.documents.defaults`."""
    from nato3.documents.defaults import standing_view

    return standing_view(None, edition).year


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
    # A process computing the backtest document (it stores it on disk): :attr:`backtest_doc` waits for
    # it. Set by the build (:mod:`nato3.report.ahead`, :mod:`nato3.report.parallel`); None: compute here.
    backtest_elsewhere: Any = field(default=None, repr=False)

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
            Nato3Error: unknown edition, or a year no edition (or not ``edition``) covers;
                unknown scenario name or missing scenario file.
            DataValidationError: a bad scenario file (naming the file, the line and the field).
        """
        from nato3.documents.defaults import standing_view

        year = standing_view(year, edition).year
        context = cls(year=year, edition=edition, scenario=scenario)
        if built_on is not None:
            context.built_on = built_on
        if scenario is not None:
            context.resolved_scenario  # noqa: B018 - checked now, before anything is written
        return context

    @property
    def scenario_name(self) -> str:
        """The scenario asked for, or the default scenario."""
        return self.scenario or DEFAULT_SCENARIO

    @cached_property
    def resolved_scenario(self) -> Resolved:
        """The scenario, read and checked against the data. With an edition asked for, the starting
        shares come from that edition (a scenario file that names another edition is an error).

        Raises:
            Nato3Error / DataValidationError: as :func:`nato3.projection.load_scenario`.
        """
        from nato3.errors import DataValidationError
        from nato3.projection.builtin import read_scenario
        from nato3.projection.resolve import resolve

        scenario, path = read_scenario(self.scenario_name)
        if self.edition is not None and scenario.edition is None:
            scenario = scenario.model_copy(update={"edition": self.edition})
        elif self.edition is not None and scenario.edition != self.edition:
            from nato3.yamlfile import line_of, read_yaml

            raise DataValidationError(
                str(path),
                line_of(read_yaml(path), ("edition",)),
                "edition",
                f"the scenario starts from edition {scenario.edition} but the report was asked for "
                f"edition {self.edition}; leave out one of them",
            )
        return resolve(scenario, path)

    @cached_property
    def projection_doc(self) -> Document:
        """The projection document of the scenario, with :data:`SCENARIO_DRAWS` draws and its own
        seed: by name for a scenario as it is (``nato3 project NAME`` gives the same document), as
        JSON when the report's edition replaces the scenario's; kept on disk between reports
        (:mod:`nato3.report.kept`)."""
        from nato3.documents import build
        from nato3.projection.builtin import scenario_path
        from nato3.projection.scenario import scenario_json
        from nato3.report import kept

        if self.edition is not None:
            r = self.resolved_scenario
            params = {"scenario": scenario_json(r.scenario), "draws": SCENARIO_DRAWS, "name": r.name}
            return kept.projection(params, None, lambda: build("projection", **params))
        params = {"scenario": self.scenario_name, "draws": SCENARIO_DRAWS}
        return kept.projection(params, scenario_path(self.scenario_name), lambda: build("projection", **params))

    @cached_property
    def backtest_doc(self) -> Document:
        """The backtest document of SIPRI's series with :data:`BACKTEST_DRAWS` draws per origin."""
        from nato3.documents import build

        if self.backtest_elsewhere is not None:
            self.backtest_elsewhere.wait()
        return build("backtest", **BACKTEST)

    def document(self, kind: str, **params: Any) -> Document:
        """The document ``kind`` for ``params``, parameters left at their default (None) left out:
        two sections asking for one document in other words share one build in the registry."""
        from nato3.documents import build

        return build(kind, **{name: value for name, value in params.items() if value is not None})

    def projected_horizon(self) -> int | None:
        """The horizon of this build's projections; None if none was run."""
        if "projection_doc" not in self.__dict__:
            return None
        return self.projection_doc.tables["paths_settings"].records()[0]["horizon"]

    def scenario_note(self) -> str | None:
        """One line on the scenario behind this build's projections; None if none was run."""
        if "projection_doc" not in self.__dict__:
            return None
        settings = self.projection_doc.tables["paths_settings"].records()[0]
        how = "as asked" if self.scenario is not None else "the default"
        text = f"Paths to {settings['horizon']}: scenario {settings['scenario']} ({how})"
        if settings["draws"]:
            text += f", {settings['draws']:,} Monte Carlo draws, seed {settings['seed']}"
        return text + ". Projections, not data."

    @property
    def version(self) -> str:
        from nato3.version import __version__

        return __version__

    def status_for(self, year: int):
        """The status document of ``year`` (the report's edition, or the defaults rule's)."""
        from nato3.documents import build

        return build("status", year=year, edition=self.edition)

    @property
    def status_doc(self):
        """Where each ally stands in the report's year: the document ``nato3 status`` prints."""
        return self.status_for(self.year)

    @property
    def status(self) -> pd.DataFrame:
        """The status document's rows (see :attr:`status_doc`)."""
        return self.status_doc.tables["allies"].frame

    @property
    def standing_edition(self) -> Edition:
        """The one edition behind the report's view of where allies stand."""
        from nato3.standing.editions import get_edition

        return get_edition(self.status_doc.parameters["edition"])

    def edition_for(self, figure: str, year: int | None = None) -> Edition | None:
        """The edition that answers ``figure``: the standing view's when it has the figure, else
        (money) the newest edition with spending in US$; None when no NATO table has the column."""
        from nato3.documents.defaults import money_view
        from nato3.errors import Nato3Error
        from nato3.store.views import NATO_COLUMNS

        if figure not in NATO_COLUMNS:
            return None
        if figure in self.standing_edition.figures:
            return self.standing_edition
        try:
            view = money_view(min(self.year if year is None else year, money_view().year))
        except Nato3Error:  # no edition with money for that year
            return None
        return view.edition if figure in view.edition.figures else None

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
