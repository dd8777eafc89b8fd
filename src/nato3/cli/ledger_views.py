"""What each ``nato3 ledger`` command prints: sections of rows, and one way to emit them as a table
(with a footer naming sources and caveats), JSON (``sources`` and ``caveats`` keys) or CSV.

Imported by :mod:`nato3.cli.ledger` inside its commands, so pandas and Rich load only when used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from nato3.cli.common import OutputFormat, console, jsonable, rich_table, write_csv, write_json
from nato3.ledger.provenance import SECONDARY_NOTE, brief_sources, cite, records


@dataclass
class Section:
    """Rows to show: ``columns`` maps a column to its header; ``formats`` a column to a number format."""

    df: pd.DataFrame
    columns: dict[str, str]
    title: str
    formats: dict[str, str] = field(default_factory=dict)


def _format(value: Any, how: str) -> str:
    value = jsonable(value)
    if value is None:
        return "–"
    if how == "int":
        return f"{value:,.0f}"
    if how == "signed":
        return f"{value:+,.0f}"
    if how == "pct":
        return f"{value:.2f}"
    if how == "usd":
        return f"{value:,.0f}"
    if how == "musd":
        return f"{value:,.1f}"
    if how == "bool":
        return "✔" if value else "✗"
    return str(value)


def _display(section: Section) -> pd.DataFrame:
    df = section.df[list(section.columns)].copy().astype(object)
    for column, how in section.formats.items():
        df[column] = [_format(v, how) for v in section.df[column]]
    return df


def emit(fmt: OutputFormat, sections: dict[str, Section], csv: str) -> None:
    """Print ``sections`` in ``fmt``; CSV writes the ``csv`` section only (all its columns)."""
    sources = [s for sec in sections.values() for s in sec.df.attrs.get("sources", [])]
    caveats = list(dict.fromkeys(c for sec in sections.values() for c in sec.df.attrs.get("caveats", [])))
    unique = list({s.get("name") or s.get("title"): s for s in sources}.values())
    if fmt is OutputFormat.json:
        out: dict[str, Any] = {name: records(sec.df) for name, sec in sections.items()}
        write_json(out | {"caveats": caveats, "sources": brief_sources(unique)})
        return
    if fmt is OutputFormat.csv:
        df = sections[csv].df.copy()
        if "source_title" not in df.columns and "source" not in df.columns:
            df["source"] = cite(unique)
        write_csv(df)
        return
    out = console()
    for sec in sections.values():
        out.print(rich_table(_display(sec), sec.columns, title=sec.title))
    footer(unique, caveats)


def footer(sources: list[dict[str, Any]], caveats: list[str]) -> None:
    out = console()
    for caveat in caveats:
        out.print(f"• {caveat}", style="dim")
    out.print(SECONDARY_NOTE, style="dim")
    out.print(f"Sources: {cite(sources)}.", style="dim")


def posture_sections(hosts: pd.DataFrame, totals: pd.DataFrame, timeline: pd.DataFrame) -> dict[str, Section]:
    period = hosts.attrs.get("period")
    cols = {"iso3": "Host", "host_region": "Region", "us_army": "Army", "us_navy": "Navy", "us_marine_corps": "USMC"}
    cols |= {"us_air_force": "Air F.", "us_space_force": "Space F.", "us_coast_guard": "Coast G."}
    cols |= {"us_active_duty_military_total": f"Total {period}"}
    fmts = dict.fromkeys(cols, "int") | {"iso3": "str", "host_region": "str"}
    if "previous_total" in hosts:
        cols["previous_total"] = f"Total {hosts['previous_period'].iloc[0]}"
        fmts["previous_total"] = "int"
    cols |= {"us_change_executed": "US change executed", "us_change_executed_events": "Events"}
    cols |= {"us_change_announced": "US change announced", "us_change_announced_events": "Events (ann.)"}
    fmts |= {"us_change_executed": "signed", "us_change_announced": "signed"}
    tl_cols = {"date": "Date", "series": "Series", "value_kind": "Kind", "shown": "US personnel", "status": "Status"}
    tl_cols |= {"source": "Source", "src": "†"}
    shown = [
        _format(v, "signed" if kind == "change" else "int")
        for v, kind in zip(timeline["us_personnel"], timeline["value_kind"], strict=True)
    ]
    timeline = timeline.assign(src=timeline["is_secondary"].map({True: "†", False: ""}), shown=shown)
    tot_cols = {"period_end": "Period", "us_personnel": "US personnel, European allies", "hosts_read": "Hosts read"}
    tot_cols |= {"hosts_missing": "Not read"}
    return {
        "hosts": Section(
            hosts,
            cols,
            f"US active-duty personnel permanently assigned, by host (DMDC, {period}; rotational forces EXCLUDED)",
            fmts,
        ),
        "europe_totals": Section(
            totals,
            tot_cols,
            "DMDC totals over the 30 European allies (rotational forces excluded)",
            {"us_personnel": "int"},
        ),
        "timeline": Section(
            timeline,
            tl_cols,
            "US forces in Europe over time: levels (DMDC; EUCOM/DoD incl. rotational) and changes, never added",
        ),
    }


def events_sections(rows: pd.DataFrame, table: pd.DataFrame, totals: pd.DataFrame) -> dict[str, Section]:
    ev_cols = {"event_id": "Event", "date": "Date", "actor_iso3": "Actor", "actor_group": "Group"}
    ev_cols |= {"host_iso3": "Host", "change_personnel": "Change", "level_personnel": "Level", "status": "Status"}
    ev_cols |= {"counted": "Counted", "src": "†", "reason": "Note"}
    fmts = {"change_personnel": "signed", "level_personnel": "int", "counted": "bool"}
    sums = {"us": "US", "europe": "Europe", "canada": "Canada", "mixed": "Mixed (not split)", "total": "Total"}
    view = table.attrs.get("view", "date")
    keys = {"date": {"date": "Date"}, "host": {"host_iso3": "Host"}, "total": {}}[view]
    lcols = keys | {"status_group": "Status"} | sums | {"event_ids": "Events"}
    lfmts = dict.fromkeys(sums, "signed")
    return {
        "events": Section(rows, ev_cols, "Force-posture events (levels and overlapping rows are not added)", fmts),
        "ledger": Section(table, lcols, f"Ledger by {view}: counted changes, persons", lfmts),
        "totals": Section(totals, {"status_group": "Status"} | sums | {"event_ids": "Events"}, "Totals", lfmts),
    }


def forces_sections(eur: pd.DataFrame, shares: pd.DataFrame) -> dict[str, Section]:
    ecols = {"year": "Year", "europe_personnel": "European allies' military personnel", "n_members": "Allies"}
    ecols |= {"n_with_personnel": "with a figure", "is_estimate": "NATO estimate", "edition": "Edition"}
    scols = {"date": "US ref. date", "us_series": "US series", "us_in_europe": "US in Europe"}
    scols |= {"europe_personnel": "Europe", "europe_year": "Europe year", "share_europe_pct": "Europe share %"}
    scols |= {"src": "†"}
    shares = shares.assign(src=shares["is_secondary"].map({True: "†", False: ""}))
    return {
        "europe_personnel": Section(
            eur, ecols, "European allies' military personnel (NATO Table 7)", {"europe_personnel": "int"}
        ),
        "share": Section(
            shares,
            scols,
            "Europe's share of personnel vs US forces in Europe (a proxy, not capability)",
            {"us_in_europe": "int", "europe_personnel": "int", "share_europe_pct": "pct"},
        ),
    }


def commands_sections(changes: pd.DataFrame, share: pd.DataFrame, timeline: pd.DataFrame) -> dict[str, Section]:
    pcols = {"post": "Post", "level": "Level", "holder_iso3_now": "Now", "holder_name_now": "Holder now"}
    pcols |= {"uncertain_now": "Uncertain", "src_now": "†", "holder_iso3_after": "After (agreed)"}
    pcols |= {"basis_after": "Basis", "changes_group": "Changes US/Europe"}
    scols = {"state": "State", "level": "Level", "posts": "Posts", "europe": "Europe", "us": "US"}
    scols |= {"share_europe_pct": "Europe share %"}
    wide = timeline.pivot(index="post", columns="date", values="holder_iso3").fillna("?")
    wide = wide.reindex(list(dict.fromkeys(timeline["post"]))).reset_index()
    wide.attrs = dict(timeline.attrs)
    tcols = {c: c for c in wide.columns}
    return {
        "posts": Section(
            changes,
            pcols,
            "Senior NATO posts: now and after the reallocation agreed on 6 Feb 2026",
            {"uncertain_now": "bool", "changes_group": "bool"},
        ),
        "share": Section(share, scols, "Europe's share of the senior posts", {"share_europe_pct": "pct"}),
        "timeline": Section(wide, tcols, "Holder nationality on 1 January (? = not known from the data)"),
    }


def industry_sections(
    rows: pd.DataFrame, companies: pd.DataFrame | None, projection: pd.DataFrame | None
) -> dict[str, Section]:
    if projection is None:
        cols = {"item": "Item", "producer": "Producer", "region": "Region", "year": "Year", "measure": "Measure"}
        cols |= {"quantity_per_year": "Per year", "range_value": "Range", "src": "†", "source_title": "Source"}
        return {
            "production": Section(rows, cols, "Production: output, capacity and targets", {"quantity_per_year": "int"})
        }
    cols = {"region": "Region", "scope": "Scope", "calibre": "Calibre", "year": "Year", "measure": "Measure"}
    cols |= {
        "quantity_per_year": "Shells a year",
        "monthly_rate": "= 12 × monthly",
        "src": "†",
        "source_title": "Source",
    }
    fmts = {"quantity_per_year": "int", "monthly_rate": "int"}
    ccols = {"producer": "Company", "item": "Item", "year": "Year", "measure": "Measure"}
    ccols |= {"quantity_per_year": "Per year", "src": "†"}
    info = projection.attrs
    pcols = {"region": "Region", "year": "Year", "measure": "Measure", "projected": "Shells a year", "target": "Target"}
    reached = info.get("reached_in")
    title = (
        f"PROJECTION (assumption: {projection['growth'].iloc[0]:.0%} a year from {info['base']['producer']} "
        f"{info['base']['year']} {info['base']['measure']}); target {info['target']:,.0f} ({info['target_label']}): "
        + (f"reached in {reached} ({info['years_to_target']} years)" if reached is not None else "never at this growth")
    )
    summary = pd.DataFrame(
        [
            {
                "region": projection["region"].iloc[0],
                "base_year": info["base"]["year"],
                "base": info["base"]["quantity_per_year"],
                "growth": projection["growth"].iloc[0],
                "target": info["target"],
                "target_label": info["target_label"],
                "years_to_target": info["years_to_target"],
                "reached_in": reached,
                "is_projection": True,
            }
        ]
    )
    summary.attrs = dict(projection.attrs)
    return {
        "shells": Section(
            rows, cols, "Artillery shells a year by region (Russia: all calibres, not one-for-one)", fmts
        ),
        "companies": Section(
            companies, ccols, "Company figures (never added to regions)", {"quantity_per_year": "int"}
        ),
        "projection": Section(projection, pcols, title, {"projected": "int", "target": "int"}),
        "years_to_target": Section(
            summary,
            {"region": "Region", "years_to_target": "Years", "reached_in": "Reached in"},
            "Years to reach the target (projection)",
        ),
    }


def list_drawdowns(fmt: OutputFormat) -> None:
    """The built-in drawdowns: name, title, file."""
    from nato3.ledger import builtin_drawdowns, load_drawdown

    rows = []
    for name, path in builtin_drawdowns().items():
        model, _ = load_drawdown(name)
        rows.append({"name": name, "title": model.title, "file": str(path)})
    df = pd.DataFrame(rows)
    if fmt is OutputFormat.json:
        write_json(records(df))
    elif fmt is OutputFormat.csv:
        write_csv(df)
    else:
        console().print(rich_table(df, {"name": "Name", "title": "Title"}, title="Built-in drawdowns"))
        console().print("Run one: nato3 ledger drawdown NAME   (or give your own YAML file)", style="dim")


def emit_drawdown(fmt: OutputFormat, result: Any) -> None:
    """Print a drawdown result: summary, steps, cost per soldier and the published references."""
    if fmt is OutputFormat.json:
        write_json(result.to_dict())
        return
    if fmt is OutputFormat.csv:
        write_csv(result.steps)
        return
    s = result.summary
    summary = pd.DataFrame(
        [
            ("US in Europe before", f"{s['us_in_europe_before']:,.0f}  ({s['us_baseline']})"),
            ("US withdrawn", f"{s['us_withdrawn']:,.0f}  ({s['us_reduction_pct']:.1f} % of the baseline)"),
            ("US in Europe after", f"{s['us_in_europe_after']:,.0f}"),
            ("European backfill", f"{s['backfill_personnel']:,.0f} personnel (ratio {s['backfill_ratio']:g})"),
            ("Backfill cost", f"US$ {s['backfill_cost_musd_per_year']:,.1f} million a year ({s['cost_basis']})"),
            ("Europe's share before", f"{s['share_europe_before_pct']:.2f} %"),
            (
                "Europe's share after",
                f"{s['share_europe_after_pct']:.2f} % (no backfill: {s['share_europe_after_no_backfill_pct']:.2f} %)",
            ),
        ],
        columns=["what", "value"],
    )
    scols = {"date": "Date", "event_id": "Event", "host": "Host", "unit": "Unit", "status": "Status"}
    scols |= {"personnel": "US withdrawn", "backfill_by": "Backfill by", "backfill_personnel": "Backfill"}
    scols |= {"cost_per_soldier_usd": "US$/soldier", "backfill_cost_musd_per_year": "US$ m/yr"}
    scols |= {"share_europe_after_pct": "Europe share %", "src": "†"}
    steps = result.steps.assign(src=result.steps["is_secondary"].map({True: "†", False: ""}))
    costs = result.costs[result.costs["iso3"] == "group"]
    ccols = {"backfill_allies": "Backfilling allies", "year": "Year", "edition": "Edition"}
    ccols |= {"personnel_share_pct": "Personnel % of spending", "defence_exp_musd_current": "Spending US$ m"}
    ccols |= {"military_personnel_thousands": "Personnel (k)", "cost_per_soldier_usd": "US$ per soldier"}
    rcols = {
        "fact_id": "Fact",
        "statement": "Published estimate",
        "as_of": "As of",
        "src": "†",
        "source_title": "Source",
    }
    out = console()
    out.print(
        rich_table(
            summary, {"what": "", "value": ""}, title=f"Drawdown {result.scenario.name}: {result.scenario.title}"
        )
    )
    for df, cols, title, fmts in (
        (
            steps,
            scols,
            "Withdrawals and backfill",
            {
                "personnel": "int",
                "backfill_personnel": "int",
                "cost_per_soldier_usd": "usd",
                "backfill_cost_musd_per_year": "musd",
                "share_europe_after_pct": "pct",
            },
        ),
        (
            costs,
            ccols,
            "Cost per soldier (derived from NATO tables)",
            {
                "personnel_share_pct": "pct",
                "defence_exp_musd_current": "int",
                "military_personnel_thousands": "musd",
                "cost_per_soldier_usd": "usd",
            },
        ),
        (result.references, rcols, "Published replacement estimates (references, not reconciled)", {}),
    ):
        out.print(rich_table(_display(Section(df, cols, title, fmts)), cols, title=title))
    footer(result.sources, result.caveats)
