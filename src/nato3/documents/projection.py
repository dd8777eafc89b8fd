"""The projection document: every ally's path to the horizon under one scenario, with Monte Carlo
odds, the money gap, the credible-path verdicts, and the NATO 3.0 question in money (do Europe
and Canada come to spend more than the United States, and when?).

Every ally starts from one base year: the scenario's, or the year and edition ``nato3 status``
shows (:mod:`nato3.standing.defaults`), so the start figures are the status document's for that
year and edition, aggregates included, marks and all. Rendered by ``nato3 project``,
``POST /api/v1/projections``, the scenario builder page and the report's "Paths to 2035".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from nato3.documents import projection_frames as frames
from nato3.documents import projection_notes as notes
from nato3.documents import projection_tables as pt
from nato3.documents.model import Column, Document, EditionUse, Table
from nato3.errors import DataValidationError, Nato3Error
from nato3.projection.prepared import ScenarioCache
from nato3.store.sources import sources

if TYPE_CHECKING:
    from nato3.projection import Projection
    from nato3.projection.resolve import Resolved

MID_YEAR = 2030  # a column between the start and the horizon, when the horizon is after it


def build(
    scenario: str | dict = "hague-linear",
    draws: int | None = None,
    seed: int | None = None,
    countries: list[str] | None = None,
    name: str | None = None,
) -> Document:
    """Project ``scenario`` (a built-in name, a scenario file, or a scenario as a mapping, named
    ``name``) with ``draws`` Monte Carlo draws and ``seed`` (default: the scenario's), showing only
    ``countries`` among the allies when given (the aggregates always).

    Raises:
        Nato3Error: unknown scenario, draws or seed out of range, unknown country (naming it).
        DataValidationError: a bad scenario (naming the file or field).
    """
    from nato3.projection.runner import project

    checked_countries(countries)
    return document(project(load(scenario, name), draws, seed), scenario, countries, seed)


def load(scenario: str | dict, name: str | None = None) -> Resolved:
    """A scenario by built-in name, file path or mapping (the JSON form of a scenario file; plan
    years may be strings), checked against the data (a name or file: with its inputs kept on disk
    between runs, :mod:`nato3.documents.projection_inputs`)."""
    if not isinstance(scenario, dict):
        from nato3.documents.projection_inputs import load as load_stored

        return load_stored(scenario)
    from pydantic import ValidationError

    from nato3.projection.resolve import resolve
    from nato3.projection.scenario import Scenario, plan_years

    try:
        model = Scenario.model_validate(plan_years(scenario))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or None
        raise DataValidationError("<scenario>", None, field, first["msg"]) from None
    return resolve(model, name=name)


def checked_countries(countries: list[str] | None) -> list[str]:
    from nato3.alliance.membership import check_country

    try:
        return [check_country(c) for c in countries or []]
    except Nato3Error as exc:
        raise Nato3Error(str(exc), parameter="countries") from None


@dataclass(frozen=True, eq=False)
class Context:
    """What the document of a scenario's projection reads from the store, whatever the draws and
    seed: computed once per scenario and data generation (:func:`context`), and passed to a worker
    process with the run so the worker never opens the database."""

    start: dict[str, dict]  # the status document's marks of each ally's start
    caveats: list[str]
    history: pd.DataFrame  # the paths_history frame
    sources: dict[bool, list]  # without and with the fitted Monte Carlo settings
    editions: list[EditionUse]


_CONTEXTS = ScenarioCache(16)


def context(p: Projection) -> Context:
    """The store's part of the document of ``p``'s scenario (cached; see :class:`Context`)."""
    from nato3.projection.prepared import key

    return _CONTEXTS.get_or_compute(key(p.setup.resolved), lambda: _context(p))


def remember_context(resolved: Resolved, ctx: Context) -> None:
    """Keep ``ctx`` as the context of ``resolved``'s documents (read back from a cache on disk)."""
    from nato3.projection.prepared import key

    _CONTEXTS.put(key(resolved), ctx)


def _context(p: Projection) -> Context:
    from nato3.documents.registry import build as build_document
    from nato3.projection.result import source_tables

    r, base = p.setup.resolved, p.setup.base
    status = build_document("status", year=r.base_year, edition=base.edition.label)
    start = {row["iso3"]: row.get("marks") or {} for row in status.tables["allies"].records()}
    names = dict(zip(base.iso3, base.names, strict=True))
    return Context(
        start=start,
        caveats=notes.caveats(p, status),
        history=pt.history_frame(p, names),
        sources={fitted: sources(*source_tables(p.setup, fitted)) for fitted in (False, True)},
        editions=_editions(p),
    )


def document(
    p: Projection,
    scenario: Any = None,
    countries: list[str] | None = None,
    seed: int | None = None,
    ctx: Context | None = None,
) -> Document:
    """The document of a finished projection ``p`` (run with any backend); ``ctx``, when given
    (:func:`context` of the same scenario), spares every read of the store."""
    from nato3.documents.projection_fixed import fixed
    from nato3.projection import money

    r, base, m = p.setup.resolved, p.setup.base, p.montecarlo
    shown = checked_countries(countries)
    ctx = ctx or context(p)
    names = dict(zip(base.iso3, base.names, strict=True))
    mid = MID_YEAR if r.base_year < MID_YEAR < r.horizon else None
    same = fixed(p, ctx, mid)

    allies = frames.allies_frame(same.allies, m, ctx.start, r.base_year, shown)
    cash = money.with_outspend_odds(same.money, m)
    summary = {**money.outspend(p, cash), **frames.reaching(same.reaching, allies)}
    paths = pt.paths_frame(same.paths, m, shown)
    gaps = money.with_expected_gap(same.gaps, m, cash["projected"].to_numpy())
    target = f"target {r.target_pct:g} % of GDP"
    tables = {
        "paths_allies": _table(
            "paths_allies",
            f"Paths to {r.horizon}: {r.name} (projection), from {r.base_year}, {target}",
            pt.ally_columns(r.horizon, mid, p.setup.money_unit),
            allies,
            section_by="kind",
        ),
        "paths_summary": _table(
            "paths_summary",
            _outspend_title(summary, r.horizon),
            pt.SUMMARY,
            frames.summary_frame(summary, cash),
        ),
        "paths_money": _table(
            "paths_money",
            f"Europe and Canada against the United States, {p.setup.money_unit} (projection)",
            pt.MONEY_COLUMNS,
            frames.marked_by_year(
                cash, [c.name for c in pt.MONEY_COLUMNS[1:5]], ["p_outspend", "p_outspend_ever"], cash["projected"]
            ),
        ),
        "paths": _table(
            "paths", f"Paths year by year, {r.base_year}–{r.horizon} (projection)", pt.PATHS, paths, display=False
        ),
        "paths_history": _table(
            "paths_history",
            f"Published shares of GDP up to {r.base_year}, NATO {base.edition.label} edition",
            pt.HISTORY,
            ctx.history.copy(),
            display=False,
        ),
        "paths_gaps": _table(
            "paths_gaps",
            f"The gap to {r.target_pct:g} % of GDP each year, {p.setup.money_unit}; negative: above it (projection)",
            pt.GAPS,
            frames.marked_by_year(gaps, [c.name for c in pt.GAPS[1:]], [], cash["projected"]),
            display=False,
        ),
        "paths_verdicts": _table(
            "paths_verdicts",
            "Each path against the straight line to the target",
            pt.VERDICTS,
            frames.verdicts_frame(allies),
            display=False,
        ),  # fmt: skip
        "paths_settings": _table(
            "paths_settings", f"Scenario {r.name}", pt.SETTINGS, frames.settings_frame(p, mid, seed), display=False
        ),
    }
    if p.setup.compiled.announced_rows is not None:
        tables["paths_announcements"] = _table(
            "paths_announcements",
            "Announcements in national_defence_plans, used or not",
            pt.ANNOUNCEMENTS,
            frames.announcements_frame(p, names),
            display=False,
        )
    return Document(
        kind="projection",
        title=f"Paths to {r.horizon}: {r.name} (projection)",
        parameters=_parameters(p, scenario, shown, seed),
        tables=tables,
        sources=list(ctx.sources[p.montecarlo is not None and bool(p.montecarlo.params.fitted)]),
        editions=list(ctx.editions),
        caveats=list(ctx.caveats),
        notes=notes.notes(p),
    )


def _outspend_title(summary: dict[str, Any], horizon: int) -> str:
    if summary["outspend_year"] is None:
        return (
            f"Europe and Canada do not come to spend more than the United States by {horizon} on this path (projection)"
        )
    return f"Europe and Canada spend more than the United States from {summary['outspend_year']} (projection)"


def _table(name: str, title: str, columns: list[Column], frame: pd.DataFrame, **kwargs) -> Table:
    out = frame.reindex(columns=[*(c.name for c in columns), "marks"]).reset_index(drop=True)
    out["marks"] = [m if isinstance(m, dict) else {} for m in out["marks"]]
    return Table(name, title, columns, out, **kwargs)


def _parameters(p: Projection, scenario: Any, shown: list[str], seed: int | None) -> dict[str, Any]:
    from nato3.plain import plain

    m = p.montecarlo
    own_seed = p.setup.resolved.scenario.monte_carlo.seed
    given = scenario if isinstance(scenario, (str, dict)) else p.setup.resolved.name
    return plain(
        {
            "scenario": str(given) if not isinstance(given, dict) else given,
            "draws": m.params.draws if m is not None else 0,
            "seed": m.params.seed if m is not None else (own_seed if seed is None else seed),
            "countries": shown or None,
            "name": p.setup.resolved.name,
        }
    )  # fmt: skip


def _editions(p: Projection) -> list[EditionUse]:
    from nato3.standing.defaults import standing_view

    r, base = p.setup.resolved, p.setup.base
    shares, gdp = base.edition, base.gdp_edition
    default = standing_view()
    why = (
        f"every ally's {r.base_year} share of GDP: the year and edition of where each ally stands by default"
        if (default.year, default.edition.label) == (r.base_year, shares.label)
        else f"every ally's {r.base_year} share of GDP, as the scenario sets"
    )
    out = [_use(shares, ("defence_share_gdp_pct",), why)]
    money = "the newest edition with constant-price GDP: spending and gaps in constant US$, default growth rates"
    if gdp.label == shares.label:
        return [_use(shares, ("defence_share_gdp_pct", "gdp_musd_const"), f"{why}; GDP: {money}")]
    return [*out, _use(gdp, ("gdp_musd_const",), f"GDP from {base.anchor_year}: {money}")]


def _use(edition, figures: tuple[str, ...], why: str) -> EditionUse:
    return EditionUse(
        edition.label,
        definition=getattr(edition, "definition", None),
        published=edition.published,
        price_base_year=edition.price_base_year,
        figures=figures,
        why=why,
    )


def fan_chart(doc: Document, path, series: list[str] | None = None):
    """Write the fan chart of a projection document's paths (``series``: ISO3 or aggregate codes,
    default NATO Europe and Canada and NATO Total) to ``path`` (.png, .svg or .pdf).

    Raises:
        Nato3Error: unwritable path or unsupported file type.
    """
    from nato3.projection.charts import describe_source, draw_fan

    settings = doc.tables["paths_settings"].records()[0]
    shares, gdp = doc.editions[0].describe(), doc.editions[-1].describe()
    draws = (settings["draws"], settings["seed"]) if settings["draws"] else None
    source = describe_source(settings["scenario"], shares, gdp, draws)
    return draw_fan(doc.tables["paths"].frame, path, settings["target_pct"], doc.title, source, series)
