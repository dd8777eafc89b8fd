"""Burden sharing for the API and the pages: parameter checks and cached results.

A thin layer over :mod:`nato3.burden`: each check raises
:class:`~nato3.web.errors.ParameterError` naming the parameter and what is allowed (before any
figure is computed), and each result is computed once per process (the database is read-only
while the server runs). Results are plain dicts and lists: treat them as read-only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from nato3.errors import Nato3Error
from nato3.web import queries
from nato3.web.errors import ParameterError

SOURCES = ("nato", "sipri")
MAX_GROUPS = 8
HEADLINE = ("united_states", "europe_and_canada")


def money_editions() -> list[str]:
    """NATO editions that publish spending in US$ (shares of the alliance need it), newest first."""
    return [e["label"] for e in queries.nato_editions() if "defence_exp_musd_const" in e["figures"]]


def check_edition(source: str, edition: str | None) -> str | None:
    """``edition`` if ``source`` has it with spending in US$.

    Raises:
        ParameterError: naming ``edition`` and the editions allowed for ``source``.
    """
    if edition is None:
        return None
    allowed = money_editions() if source == "nato" else [queries.sipri_edition()]
    if edition not in allowed:
        why = " (NATO's 2025 edition publishes shares of GDP only)" if source == "nato" else ""
        raise ParameterError(
            "edition", f"no {source} edition {edition!r} with spending in US${why}; allowed: {', '.join(allowed)}"
        )
    return edition


@lru_cache(maxsize=8)
def years(source: str, edition: str | None = None) -> tuple[int, ...]:
    """Years with spending in US$ for ``source`` (NATO: in ``edition`` or any edition)."""
    from nato3.burden.inputs import Source, years_available

    return tuple(years_available(Source(source), edition if source == "nato" else None))


def check_year(year: int | None, source: str, edition: str | None, parameter: str = "year") -> int:
    """``year``, or the newest year of ``source`` when None.

    Raises:
        ParameterError: naming ``parameter`` and the years the source covers.
    """
    available = years(source, edition)
    if year is None:
        return available[-1]
    if year not in available:
        which = f"NATO's {edition} edition" if edition else ("NATO's data" if source == "nato" else "SIPRI's data")
        raise ParameterError(
            parameter, f"no defence spending in US$ for {year} in {which}; allowed: {available[0]}–{available[-1]}"
        )
    return year


def check_groups(groups: list[str] | None, limit: int = MAX_GROUPS) -> tuple[str, ...]:
    """Group specs as given (built-in ids or ``NAME=ISO3,ISO3``), checked against the data.

    Raises:
        ParameterError: naming ``group``: too many, unknown id or member, empty, or a name taken.
    """
    from nato3.burden.groups import resolve_groups

    specs = tuple(dict.fromkeys(g.strip() for g in groups or () if g.strip()))
    if len(specs) > limit:
        raise ParameterError("group", f"{len(specs)} groups given; at most {limit} allowed")
    try:
        resolve_groups(list(specs))
    except Nato3Error as exc:
        # Unknown ids name the built-in groups; say that NAME=ISO3,ISO3 is allowed too.
        message = str(exc).replace("; built-in groups:", "; allowed: NAME=ISO3,ISO3 or a built-in group:")
        raise ParameterError("group", message) from None
    return specs


def _with_addresses(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The library's provenance entries as the web's Source dicts (with the original address)."""
    return queries.sources(*[s["table"] for s in sources])


@lru_cache(maxsize=128)
def report(year: int | None, source: str, edition: str | None, groups: tuple[str, ...]) -> dict[str, Any]:
    """One year of burden sharing: the document of ``nato3 burden --format json``.

    Raises:
        ParameterError: a bad ``source``, ``edition``, ``year`` or ``group`` (each named).
    """
    from nato3.burden.report import year_report

    if source not in SOURCES:
        raise ParameterError("source", f"unknown source {source!r}; allowed: {', '.join(SOURCES)}")
    edition = check_edition(source, edition)
    year = check_year(year, source, edition)
    groups = check_groups(list(groups))
    try:
        result = year_report(year=year, source=source, edition=edition, groups=list(groups) or None)
    except Nato3Error as exc:  # what is left once the checks passed: a group without a member that year
        raise ParameterError("group", str(exc)) from None
    out = result.to_dict()
    out["sources"] = _with_addresses(out["sources"])
    return out


@lru_cache(maxsize=2)
def _test_tables(source: str) -> tuple[Any, Any]:
    from nato3.burden.analysis import burden_test_tables

    return burden_test_tables(source)


def tests(source: str, year_from: int | None, year_to: int | None) -> dict[str, Any]:
    """The Olson–Zeckhauser and joint-product results per year: the document of
    ``nato3 burden test --format json``. Each year's test uses that year's allies only, so the
    full series is computed once per source and sliced.

    Raises:
        ParameterError: a bad ``source``, ``from`` or ``to`` (each named).
    """
    from nato3.cli.common import records

    if source not in SOURCES:
        raise ParameterError("source", f"unknown source {source!r}; allowed: {', '.join(SOURCES)}")
    year_from = check_year(year_from, source, None, "from") if year_from is not None else years(source)[0]
    year_to = check_year(year_to, source, None, "to")
    if year_from > year_to:
        raise ParameterError("from", f"from ({year_from}) is after to ({year_to}); allowed: from <= to")
    oz, jp = _test_tables(source)
    oz_part = oz[oz["year"].between(year_from, year_to)]
    jp_part = jp[jp["year"].between(year_from, year_to)]
    return {
        "source": source,
        "from_year": year_from,
        "to_year": year_to,
        "editions": sorted(str(e) for e in oz_part["edition"].unique()),
        "olson_zeckhauser": records(oz_part),
        "joint_product": records(jp_part),
        "notes": list(oz.attrs["notes"]),
        "derived": dict(oz.attrs["derived"]),
        "sources": _with_addresses(oz.attrs["sources"]),
    }


@lru_cache(maxsize=2)
def us_vs_europe(source: str) -> dict[str, Any]:
    """Per year of ``source``: the United States' and Europe and Canada's shares of the alliance's
    spending (None where a total is unknown), with the editions and sources used."""
    from nato3.alliance.groups import builtin_groups
    from nato3.burden.analysis import load
    from nato3.burden.groups import group_metrics
    from nato3.burden.inputs import price_base, provenance
    from nato3.cli.common import jsonable

    loaded = load(source, None, None, None)
    frame = loaded.within(group_metrics(loaded.rows, [builtin_groups()[g] for g in HEADLINE]))
    rows: dict[int, dict[str, Any]] = {}
    for r in frame.to_dict("records"):
        row = rows.setdefault(int(r["year"]), {"year": int(r["year"]), "edition": r["edition"], "is_estimate": False})
        row[f"{r['group']}_share_pct"] = jsonable(r["spending_share_pct"])
        row[f"{r['group']}_musd"] = jsonable(r["spending_musd"])
        row["is_estimate"] = row["is_estimate"] or bool(r["is_estimate"])
    editions = sorted(frame["edition"].unique())
    return {
        "rows": [rows[y] for y in sorted(rows)],
        "editions": [str(e) for e in editions],
        "price_base": price_base(loaded.source, editions),
        "sources": _with_addresses(provenance(loaded.source, editions)),
    }
