"""The NATO 3.0 ledger for the API and the pages: parameter checks and cached results.

A thin layer over :mod:`nato3.ledger`. Each view is a dict of row lists (plain JSON values) plus
``tables`` (the bundled tables it rests on) and ``caveats`` (what the numbers do and do not
count). Rows from secondary sources keep ``is_secondary`` and the mark ``src = '†'``. Checks raise
:class:`~nato3.web.errors.ParameterError` naming the parameter and what is allowed; results are
computed once per process (the database is read-only while the server runs).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from nato3.errors import Nato3Error
from nato3.web.errors import NotFoundError, ParameterError

VIEWS = ("date", "host", "total")
ITEMS = ("155mm", "pac3", "iris-t", "tanks")
DEFAULT_GROWTH, DEFAULT_UNTIL = 0.10, 2035


def rows(df) -> list[dict[str, Any]]:
    """Records of ``df`` as JSON values, with the mark ``src`` wherever ``is_secondary`` is known."""
    from nato3.ledger.provenance import SECONDARY_MARK, records

    if "is_secondary" in df.columns and "src" not in df.columns:
        df = df.assign(src=df["is_secondary"].map({True: SECONDARY_MARK, False: ""}))
    return records(df)


def meta(*frames) -> dict[str, Any]:
    """``tables`` and ``caveats`` of ``frames`` (from their attrs), in order, without repeats."""
    tables = [s.get("name") for f in frames for s in f.attrs.get("sources", []) if s.get("name")]
    caveats = [c for f in frames for c in f.attrs.get("caveats", [])]
    return {"tables": list(dict.fromkeys(tables)), "caveats": list(dict.fromkeys(caveats))}


@lru_cache(maxsize=1)
def posture() -> dict[str, Any]:
    """US personnel permanently assigned by host (newest DMDC period), DMDC totals over the European
    allies, and the timeline of US forces in Europe (DMDC levels, EUCOM/DoD levels, changes)."""
    from nato3.ledger import europe_totals, posture_summary, us_timeline

    hosts, totals, timeline = posture_summary(), europe_totals(), us_timeline()
    return {
        "period": str(hosts.attrs["period"]),
        "hosts": rows(hosts),
        "europe_totals": rows(totals),
        "timeline": rows(timeline),
        **meta(hosts, totals, timeline),
    }


@lru_cache(maxsize=1)
def event_hosts() -> tuple[str, ...]:
    """Every host code in the events table (EUR = several European hosts, not itemised)."""
    from nato3.ledger import events as all_events

    return tuple(sorted({c for h in all_events()["host_iso3"] for c in h.split(";")}))


def check_host(host: str | None) -> str | None:
    """``host`` normalised, if some event has it.

    Raises:
        ParameterError: naming ``host`` and the hosts in the events table.
    """
    if host is None:
        return None
    code = host.strip().upper()
    if code not in event_hosts():
        raise ParameterError("host", f"no event has host {host!r}; allowed: {', '.join(event_hosts())}")
    return code


@lru_cache(maxsize=64)
def events(by: str = "date", host: str | None = None) -> dict[str, Any]:
    """The ledger of counted changes by ``by`` (date, host, total), the totals, and the event rows
    (levels and overlapping rows listed with the reason they are not added), for one host or all.

    Raises:
        ParameterError: unknown ``by`` or ``host``.
    """
    from nato3.ledger import events as all_events
    from nato3.ledger import ledger

    if by not in VIEWS:
        raise ParameterError("by", f"unknown ledger view {by!r}; allowed: {', '.join(VIEWS)}")
    host = check_host(host)
    table, totals, listed = ledger(by=by, host=host), ledger(by="total", host=host), all_events()
    if host:
        listed = listed[listed["host_iso3"].str.split(";").map(lambda codes: host in codes)]
    return {"view": by, "host": host, "ledger": rows(table), "totals": rows(totals), "events": rows(listed)} | meta(
        table, listed
    )


@lru_cache(maxsize=1)
def forces() -> dict[str, Any]:
    """Europe's share of personnel against every dated level of US forces in Europe, and the
    European allies' military personnel per year (NATO Table 7)."""
    from nato3.ledger import europe_personnel, force_share
    from nato3.ledger.forces import COUNTED

    share, europe = force_share(), europe_personnel()
    return {"counted": COUNTED, "share": rows(share), "europe_personnel": rows(europe), **meta(share, europe)}


@lru_cache(maxsize=1)
def commands() -> dict[str, Any]:
    """The nine senior posts now and after the 6 February 2026 reallocation, Europe's share of
    them, and holders' nationality on 1 January of each year."""
    from nato3.ledger import command_changes, command_share, command_timeline
    from nato3.ledger.commands import DECISION

    changes, share, timeline = command_changes(), command_share(), command_timeline()
    return {
        "decision": DECISION,
        "posts": rows(changes),
        "share": rows(share),
        "timeline": rows(timeline),
        **meta(changes, share, timeline),
    }


def projection_regions() -> list[str]:
    """Regions with a 155 mm output or capacity figure to project from."""
    from nato3.ledger import production

    df = production("155mm")
    base = df[(df["producer_type"] == "region") & (df["measure"] != "target") & (df["calibre"] == "155mm")]
    return sorted(set(base["region"]))


@lru_cache(maxsize=64)
def industry(
    item: str = "155mm",
    region: str | None = None,
    growth: float | None = None,
    target: float | None = None,
    until: int | None = None,
) -> dict[str, Any]:
    """Production rows of ``item``; for 155 mm shells also the regions side by side, the company
    figures, and a ramp-up projection of ``region`` (default Europe) at ``growth`` a year (default
    10 %, an assumption) to ``until`` (default 2035) against ``target`` (default: the region's
    latest stated target), marked as a projection.

    Raises:
        ParameterError: unknown ``item`` or ``region``; projection parameters for another item;
            ``until`` before the base year; no target given and none stated.
    """
    from nato3.ledger import production, ramp_up, shells_by_region
    from nato3.ledger.industry import PROJECTION_NOTE

    if item not in ITEMS:
        raise ParameterError("item", f"unknown item {item!r}; allowed: {', '.join(ITEMS)}")
    if item != "155mm":
        given = [
            n
            for n, v in (("region", region), ("growth", growth), ("target", target), ("until", until))
            if v is not None
        ]
        if given:
            raise ParameterError(given[0], "the ramp-up projection is for 155 mm shells only; allowed with item=155mm")
        listed = production(item)
        return {"item": item, "production": rows(listed), "companies": [], "projection": [], "summary": None} | meta(
            listed
        )
    region = region or "Europe"
    if region not in projection_regions():
        allowed = ", ".join(projection_regions())
        raise ParameterError("region", f"no 155 mm output or capacity for {region!r}; allowed: {allowed}")
    growth = DEFAULT_GROWTH if growth is None else growth
    until = DEFAULT_UNTIL if until is None else until
    shells, companies = shells_by_region(), production("155mm")
    try:
        projection = ramp_up(region, growth=growth, target=target, until=until)
    except Nato3Error as exc:
        parameter = "until" if "--until" in str(exc) else "target"
        raise ParameterError(parameter, str(exc).replace("--until", "until").replace("--target", "target")) from None
    info = projection.attrs
    summary = {
        "region": region,
        "base": info["base"],
        "growth": growth,
        "target": info["target"],
        "target_label": info["target_label"],
        "years_to_target": info["years_to_target"],
        "reached_in": info["reached_in"],
        "note": PROJECTION_NOTE,
    }
    return {
        "item": item,
        "production": rows(shells),
        "companies": rows(companies[companies["producer_type"] == "company"]),
        "projection": rows(projection),
        "summary": summary,
    } | meta(shells, projection)


def check_drawdown(name: str) -> str:
    """``name`` if it is a built-in drawdown (only those run here: a name is never read as a path).

    Raises:
        NotFoundError: naming ``name`` and the built-in drawdowns.
    """
    from nato3.ledger import builtin_drawdowns

    names = list(builtin_drawdowns())
    if name not in names:
        raise NotFoundError("name", f"no built-in drawdown {name!r}; allowed: {', '.join(names)}")
    return name


@lru_cache(maxsize=8)
def drawdown(name: str) -> dict[str, Any]:
    """Run a built-in drawdown: summary, steps, cost per soldier, published references.

    Raises:
        NotFoundError: ``name`` is not a built-in drawdown.
    """
    from nato3.ledger import run_drawdown
    from nato3.ledger.provenance import records

    result = run_drawdown(check_drawdown(name))
    scenario = result.scenario.model_dump()
    return {
        "name": result.scenario.name,
        "title": result.scenario.title,
        "description": (scenario.get("description") or "").strip(),
        "scenario": scenario,
        "summary": result.summary,
        "steps": rows(result.steps),
        "cost_per_soldier": records(result.costs),
        "references": rows(result.references),
        "tables": list(dict.fromkeys(s["name"] for s in result.sources if s.get("name"))),
        "caveats": list(result.caveats),
    }


@lru_cache(maxsize=1)
def drawdowns() -> dict[str, Any]:
    """Every built-in drawdown with its headline result, and the published replacement estimates."""
    from nato3.ledger import builtin_drawdowns, replacement_estimates

    listed = []
    for name in builtin_drawdowns():
        run = drawdown(name)
        backfill = run["scenario"]["backfill"]
        keys = ("us_baseline", "us_withdrawn", "backfill_personnel", "backfill_cost_musd_per_year")
        keys += ("share_europe_before_pct", "share_europe_after_pct", "cost_basis")
        listed.append(
            {
                "name": name,
                "title": run["title"],
                "description": run["description"],
                "backfill_by": backfill["by"] if isinstance(backfill["by"], str) else ";".join(backfill["by"]),
                "backfill_ratio": backfill["ratio"],
                "withdrawals": len(run["steps"]),
                **{k: run["summary"][k] for k in keys},
            }
        )
    references = replacement_estimates()
    tables = [t for name in builtin_drawdowns() for t in drawdown(name)["tables"]]
    caveats = [c for name in builtin_drawdowns() for c in drawdown(name)["caveats"]]
    return {
        "drawdowns": listed,
        "references": rows(references),
        "tables": list(dict.fromkeys(tables)),
        "caveats": list(dict.fromkeys(caveats)),
    }
