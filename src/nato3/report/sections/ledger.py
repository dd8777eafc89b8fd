"""The NATO 3.0 ledger: Europe's share of military personnel against US forces in Europe, who
holds NATO's senior posts now and after the agreed reallocation, and the counted changes to US
and European forces in Europe.

Everything comes from :mod:`nato3.ledger`, with the caveats its tables carry (DMDC excludes
rotational forces; personnel is a proxy, not capability; secondary sources are marked †). The
section shows the ledger as it stands; it does not depend on the report's year or edition.
"""

from __future__ import annotations

from typing import Any

from nato3.report.charts import drawn_chart
from nato3.report.context import ReportContext
from nato3.report.format import pct, plain, words
from nato3.report.section import Section, SummaryRow

ID = "ledger"
TITLE = "The NATO 3.0 ledger"  # CONCEPT's ledger
ORDER = 50
CONCEPT = "NATO 3.0"

GROUPS = ["us", "europe", "canada", "mixed"]


def _sources(*frames: Any) -> list[str]:
    return sorted({s["name"] for df in frames for s in df.attrs.get("sources", [])})


def _caveats(df: Any) -> list[str]:
    return list(dict.fromkeys(df.attrs.get("caveats", [])))


def _forces() -> tuple[dict[str, Any], Any]:
    from nato3.ledger import force_share

    shares = force_share()
    rows = [
        {
            "date": r["date"],
            "series": r["us_series"],
            "us": plain(r["us_in_europe"]),
            "lower_bound": bool(r["us_is_lower_bound"]),
            "europe": plain(r["europe_personnel"]),
            "europe_year": int(r["europe_year"]),
            "europe_estimate": bool(plain(r["europe_is_estimate"])),
            "share": plain(r["share_europe_pct"]),
            "source": r["us_source"],
            "secondary": bool(r["is_secondary"]),
        }
        for r in shares.to_dict("records")
    ]
    official = [r for r in rows if not r["secondary"]]
    return {"rows": rows, "latest": (official or rows)[-1], "caveats": _caveats(shares)}, shares


def _commands() -> tuple[dict[str, Any], Any]:
    from nato3.ledger import command_share

    share = command_share()
    states = list(dict.fromkeys(share["state"]))
    table = [{"state": state, "levels": share[share["state"] == state].to_dict("records")} for state in states]
    overall = {r["state"]: r for r in share[share["level"] == "all"].to_dict("records")}
    return {"states": table, "now": overall[states[0]], "after": overall[states[-1]], "caveats": _caveats(share)}, share


def _changes() -> tuple[dict[str, Any], list[Any]]:
    from nato3.ledger import europe_totals, ledger, us_reference_points

    totals = ledger(by="total")
    dmdc = europe_totals()
    latest = dmdc[dmdc["complete"]].iloc[-1] if dmdc["complete"].any() else dmdc.iloc[-1]
    references = us_reference_points()
    values = {
        "totals": [
            {"status": r["status_group"], **{g: plain(r[g]) for g in GROUPS}} for r in totals.to_dict("records")
        ],
        "dmdc": {
            "period": latest["period_end"],
            "us": plain(latest["us_personnel"]),
            "hosts": int(latest["hosts_read"]),
        },
        "references": [
            {
                "id": r["fact_id"],
                "value": plain(r["value"]),
                "as_of": r["as_of"],
                "statement": r["statement"],
                "source": r["source_title"],
                "secondary": bool(r["is_secondary"]),
            }
            for r in references.to_dict("records")
        ],
        "caveats": list(dict.fromkeys(_caveats(dmdc) + _caveats(totals))),
    }
    return values, [totals, dmdc, references]


def build(ctx: ReportContext) -> Section:
    from nato3.ledger import charts

    forces, shares = _forces()
    commands, posts = _commands()
    changes, frames = _changes()
    latest, now, after = forces["latest"], commands["now"], commands["after"]
    citations = {name: ctx.citation(name) for name in _sources(shares, posts, *frames)}
    shares_pct = [r["share"] for r in forces["rows"]]
    force_alt = (
        f"Two panels: European allies' military personnel over time, and Europe's share of personnel against US "
        f"forces in Europe at {len(shares_pct)} reference dates, from {pct(min(shares_pct), 1)} to "
        f"{pct(max(shares_pct), 1)}."
    )
    command_alt = (
        f"Timeline of who held NATO's {now['posts']} senior posts, US or European: Europe holds {now['europe']} now "
        f"and {after['europe']} after the agreed reallocation."
    )
    chart_list = {
        "forces": drawn_chart(
            charts.forces_chart,
            "chart-ledger-forces",
            force_alt,
            "Europe's military personnel and its share against US forces in Europe.",
            words(citations[n] for n in _sources(shares)),
        ),
        "commands": drawn_chart(
            charts.commands_chart,
            "chart-ledger-commands",
            command_alt,
            "Holders of NATO's senior posts over time; squares: the agreed reallocation.",
            words(citations[n] for n in _sources(posts)),
        ),
    }
    summary = [
        SummaryRow("Europe's share of personnel", pct(latest["share"], 1), f"vs US in Europe, {latest['date']}"),
        SummaryRow(
            "Senior NATO posts, Europe",
            f"{now['europe']} of {now['posts']} → {after['europe']}",
            "now → agreed reallocation",
        ),
    ]
    return Section(
        id=ID,
        title=TITLE,
        values={"concept": CONCEPT, "forces": forces, "commands": commands, "changes": changes},
        charts=chart_list,
        sources=sorted(citations),
        summary=summary,
    )
