"""What the documents of the data views share (tables, spending, allies, revisions, reconcile):
country names for sorting by name, the editions used, and the estimate marks a row carries.

Rows are sorted by name (allies before NATO's aggregates), never by ISO code; a figure of a row
its publisher labelled an estimate carries the ``estimate`` mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nato3.documents.model import EditionUse
from nato3.errors import Nato3Error
from nato3.store.cache import data_cache

if TYPE_CHECKING:
    import pandas as pd

    from nato3.standing.editions import Edition

# How the publishers' definitions of defence spending are named for people.
DEFINITION_LABELS = {"total": "total defence", "core": "core defence"}


@data_cache(maxsize=1)
def countries() -> dict[str, tuple[str, str]]:
    """ISO3 → (name, kind) of every country and aggregate in the ``countries`` table."""
    from nato3.store.database import query

    df = query("SELECT iso3, name, kind FROM countries")
    return {r.iso3: (r.name, r.kind) for r in df.itertuples(index=False)}


def check_codes(codes, parameter: str = "iso3", aggregates: bool = True) -> list[str]:
    """Normalised ISO3 codes of allies (and NATO's aggregates when ``aggregates``), from repeated
    or comma-separated values; each once, in the order given.

    Raises:
        Nato3Error: an unknown code, naming ``parameter`` and the codes allowed.
    """
    if codes is None:
        return []
    values = [codes] if isinstance(codes, str) else list(codes)
    out = [c.strip().upper() for v in values for c in str(v).split(",") if c.strip()]
    allowed = {c for c, (_, kind) in countries().items() if kind == "ally" or (aggregates and kind == "aggregate")}
    unknown = [c for c in out if c not in allowed]
    if unknown:
        names = ", ".join(sorted(allowed))
        what = "code" if aggregates else "ally"
        raise Nato3Error(f"unknown {what} {', '.join(map(repr, unknown))}; allowed: {names}", parameter=parameter)
    return list(dict.fromkeys(out))


def name_of(iso3: str) -> str:
    return countries().get(iso3, (iso3, ""))[0]


def sort_key(frame: pd.DataFrame, then: list[str] | None = None, descending: tuple[str, ...] = ()) -> pd.DataFrame:
    """``frame`` sorted by country name (allies first, then aggregates), then by ``then``."""
    known = countries()
    keyed = frame.assign(
        _aggregate=[known.get(c, ("", ""))[1] == "aggregate" for c in frame["iso3"]],
        _name=[known.get(c, (c, ""))[0] for c in frame["iso3"]],
    )
    by = ["_aggregate", "_name", *(then or [])]
    ascending = [True, True, *(c not in descending for c in then or [])]
    return keyed.sort_values(by, ascending=ascending, kind="stable").drop(columns=["_aggregate", "_name"])


def nato_use(edition: Edition, why: str, figures: tuple[str, ...] = ()) -> EditionUse:
    return EditionUse(
        edition.label,
        definition=edition.definition,
        published=edition.published,
        price_base_year=edition.price_base_year,
        figures=figures,
        why=why,
    )


def sipri_use(why: str, figures: tuple[str, ...] = ()) -> EditionUse:
    from nato3.burden.choices import sipri_release

    release = sipri_release()
    return EditionUse(
        release.edition,
        publisher="SIPRI",
        published=release.published or None,
        price_base_year=release.price_base_year,
        figures=figures,
        why=why,
    )


def estimated(value) -> bool:
    """A publisher's estimate flag: NATO's ``e`` (raw tables), true (``nato_series``), SIPRI's
    ``estimate``."""
    return value is True or value in ("e", "estimate") or (hasattr(value, "item") and bool(value.item()) is True)


def row_marks(frame: pd.DataFrame, figures: list[str], flag: str = "is_estimate") -> list[dict[str, tuple]]:
    """Per row: ``estimate`` on each valued figure of a row whose ``flag`` says estimate."""
    flags = frame[flag].tolist() if flag in frame.columns else [None] * len(frame)
    present = {f: frame[f].notna().tolist() for f in figures}
    return [{f: ("estimate",) for f in figures if present[f][i]} if estimated(v) else {} for i, v in enumerate(flags)]


def core_break_note() -> str | None:
    """One line on NATO's change of definition, read from the editions in the database (None
    when every edition has one definition)."""
    from nato3.standing.editions import editions

    ordered = sorted(editions(), key=lambda e: e.published)
    core = [e for e in ordered if e.definition == "core"]
    total = [e for e in ordered if e.definition != "core"]
    if not core or not total:
        return None
    from nato3.store.database import query

    first = core[0]
    outturns = query(
        "SELECT max(year) AS last FROM nato_series WHERE edition = ? AND NOT is_estimate "
        "AND defence_share_gdp_pct IS NOT NULL",
        [first.label],
    )["last"].iloc[0]
    restated = f"{first.first_year}–{int(outturns)}" if outturns == outturns and outturns is not None else "its years"
    return (
        f"NATO's {first.label} edition is the first on the Hague core-defence definition (the basis of the 3.5 % "
        f"pledge) and restates {restated} on it; the "
        f"{', '.join(e.label for e in total)} editions measure total defence expenditure. A break in series: the two "
        "are never spliced or compared as revisions; the 3.5 % pledge is judged on core figures, and a verdict on an "
        "older edition's total figures carries ‡."
    )
