"""Run a drawdown: US personnel withdrawn from European hosts → Europe's backfill need in personnel
and money, and the effect on Europe's share of the forces in Europe.

For each withdrawal (in date order):

* backfill personnel = withdrawn × ``backfill.ratio``;
* backfill cost (US$ a year) = backfill personnel × cost per soldier of the backfilling allies
  (:mod:`nato3.ledger.costs`: NATO personnel spending ÷ military personnel, one edition);
* US forces in Europe = the baseline level (F22/F23/F24 or DMDC) minus the cumulative withdrawals;
  Europe = European allies' military personnel (NATO Table 7) plus the cumulative backfill; Europe's
  share = Europe ÷ (Europe + US) (:mod:`nato3.ledger.forces`: a personnel proxy, not capability).

Published estimates of what replacing the US would take (IISS May 2025, Bruegel/Kiel February
2025: facts F16–F21) are returned beside the result as references with their sources. They
measure different things (equipment, whole force packages) and are not reconciled with the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from nato3.errors import Nato3Error
from nato3.ledger.scenario import Drawdown, context, load_drawdown

REFERENCE_FACTS = ("F16", "F17", "F18", "F19", "F20", "F21")


@dataclass
class DrawdownResult:
    """What a drawdown produces: the steps, a summary, the cost per soldier used, the published
    references, the long format, the store tables it rests on and its caveats. The ledger's
    drawdown document (:mod:`nato3.documents.ledger_drawdown`) is what the faces show."""

    scenario: Drawdown
    path: str | None
    steps: pd.DataFrame
    summary: dict[str, Any]
    costs: pd.DataFrame
    references: pd.DataFrame
    long: pd.DataFrame
    tables: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)


def replacement_estimates() -> pd.DataFrame:
    """Published estimates of replacing US forces in Europe (IISS 2025, Bruegel/Kiel 2025), with sources."""
    from nato3.ledger.provenance import load_table, mark_sources

    facts = mark_sources(load_table("nato30_context_facts"))
    ref = facts[facts["fact_id"].isin(REFERENCE_FACTS)].sort_values("fact_id").reset_index(drop=True)
    cols = ["fact_id", "topic", "statement", "value", "unit", "as_of", "source_title", "source_url"]
    return ref[[*cols, "source_kind", "is_secondary"]]


def _baseline(name: str) -> dict[str, Any]:
    from nato3.ledger.posture import DMDC_CAVEAT, europe_totals, us_reference_points

    if name == "dmdc":
        complete = europe_totals().query("complete")
        row = complete.iloc[-1]
        return {
            "label": f"DMDC {row['period_end']}: permanently assigned in the European allies",
            "date": row["period_end"],
            "us_in_europe": float(row["us_personnel"]),
            "source_kind": "official",
            "caveat": DMDC_CAVEAT + " Withdrawing rotational units from this baseline mixes two counts.",
        }
    ref = us_reference_points().set_index("fact_id").loc[name]
    return {
        "label": f"{name}: {ref['statement']}",
        "date": ref["as_of"],
        "us_in_europe": float(ref["value"]),
        "source_kind": ref["source_kind"],
        "caveat": f"Baseline {name} is a secondary source ({ref['source_title']}).",
    }


def _withdrawals(scenario: Drawdown) -> pd.DataFrame:
    from nato3.ledger.events import events

    ev = events().set_index("event_id")
    rows = []
    for i, w in enumerate(scenario.withdrawals):
        row = {"item": i, "event_id": w.event, "unit": w.unit, "note": w.note, "status": "scenario"}
        row.update(source_title=None, source_url=None, source_kind="scenario input", is_secondary=False)
        row.update(personnel_from_event=False)
        if w.event:
            e = ev.loc[w.event]
            given = None if pd.isna(e["change_personnel"]) else -int(e["change_personnel"])
            row.update(host=e["host_iso3"], date=e["date"], unit=w.unit or e["unit"], status=e["status"])
            row.update(personnel=given if given is not None else w.personnel, personnel_from_event=given is not None)
            row.update({k: e[k] for k in ("source_title", "source_url", "source_kind", "is_secondary")})
        else:
            row.update(host=w.host, date=w.date, personnel=w.personnel, personnel_from_event=False)
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["date", "item"], kind="stable").reset_index(drop=True)


def _backfillers(by: str | list[str], host: str, item: int) -> tuple[str, ...]:
    from nato3.alliance.groups import get_group

    if isinstance(by, list):
        return tuple(by)
    if by != "host":
        return get_group(by).members
    codes = [c for c in host.split(";") if c != "EUR"]
    if len(codes) != 1 or "EUR" in host:
        raise Nato3Error(
            f"withdrawals.{item}: backfill.by 'host' cannot price host {host!r} (several or unnamed hosts); "
            "set backfill.by to a group (e.g. europe) or a list of ISO3 codes",
            parameter="drawdown",
        )
    return (codes[0],)


def _label(by: str | list[str], allies: tuple[str, ...]) -> str:
    """How the backfilling allies are named in outputs: a group id with its size, or the codes."""
    if isinstance(by, str) and by != "host":
        return f"{by} ({len(allies)} allies)"
    return ";".join(allies)


def _validated(scenario: Drawdown | str | Path) -> tuple[Drawdown, str | None]:
    """Load a name or file, or re-validate a model built in Python against the data."""
    from pydantic import ValidationError

    if not isinstance(scenario, Drawdown):
        model, file = load_drawdown(scenario)
        return model, str(file)
    try:
        return Drawdown.model_validate(scenario.model_dump(), context=context()), None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise Nato3Error(f"drawdown {scenario.name!r}, field {where!r}: {first.get('msg')}", "drawdown") from None


def _price(steps: pd.DataFrame, scenario: Drawdown) -> pd.DataFrame:
    """Add backfill personnel and cost to each step; return the cost-per-soldier table used."""
    from nato3.ledger.costs import cost_per_soldier

    bf = scenario.backfill
    costs: dict[tuple[str, ...], pd.DataFrame] = {}
    per_soldier, labels = [], []
    for r in steps.itertuples():
        allies = _backfillers(bf.by, r.host, r.item)
        if allies not in costs:
            costs[allies] = cost_per_soldier(allies, year=bf.year, edition=bf.edition)
        per_soldier.append(float(costs[allies].iloc[-1]["cost_per_soldier_usd"]))
        labels.append(_label(bf.by, allies))
    steps["backfill_by"] = labels
    steps["backfill_personnel"] = steps["personnel"] * bf.ratio
    steps["cost_per_soldier_usd"] = per_soldier
    steps["backfill_cost_musd_per_year"] = steps["backfill_personnel"] * steps["cost_per_soldier_usd"] / 1e6
    table = pd.concat(
        [frame.assign(backfill_allies=_label(bf.by, allies)) for allies, frame in costs.items()], ignore_index=True
    )
    table.attrs["skipped"] = sorted({c for f in costs.values() for c in f.attrs.get("skipped", [])})
    first = next(iter(costs.values())).attrs
    table.attrs.update(edition=first["edition"], year=first["year"])
    return table


def _shares(steps: pd.DataFrame, scenario: Drawdown, base: dict[str, Any], europe0: float) -> None:
    """Add the US level, Europe's personnel and Europe's share after each step (cumulative)."""
    from nato3.ledger.forces import share

    steps["us_in_europe_after"] = base["us_in_europe"] - steps["personnel"].cumsum()
    if (steps["us_in_europe_after"] < 0).any():
        raise Nato3Error(
            f"the withdrawals ({int(steps['personnel'].sum()):,}) exceed the baseline "
            f"{scenario.us_baseline} ({base['us_in_europe']:,.0f} US personnel in Europe)",
            parameter="drawdown",
        )
    steps["europe_after"] = europe0 + steps["backfill_personnel"].cumsum()
    steps["share_europe_after_pct"] = [
        share(e, u) for e, u in zip(steps["europe_after"], steps["us_in_europe_after"], strict=True)
    ]
    steps["share_europe_no_backfill_pct"] = [share(europe0, u) for u in steps["us_in_europe_after"]]


def run_drawdown(scenario: Drawdown | str | Path) -> DrawdownResult:
    """Run a drawdown given as a model, a built-in name or a YAML file path.

    Raises:
        Nato3Error: unknown drawdown, a host the backfill rule cannot price, withdrawals larger than
            the baseline, or a model that fails validation against the data.
        DataValidationError: an invalid YAML file.
    """
    from nato3.ledger.forces import europe_personnel, share

    scenario, path = _validated(scenario)
    base = _baseline(scenario.us_baseline)
    eur = europe_personnel()
    europe0, europe_year = float(eur["europe_personnel"].iloc[-1]), int(eur["year"].iloc[-1])
    steps = _withdrawals(scenario)
    cost_table = _price(steps, scenario)
    _shares(steps, scenario, base, europe0)
    last, withdrawn = steps.iloc[-1], float(steps["personnel"].sum())
    summary = {
        "scenario": scenario.name,
        "title": scenario.title,
        "us_baseline": base["label"],
        "us_baseline_date": base["date"],
        "us_in_europe_before": base["us_in_europe"],
        "us_withdrawn": withdrawn,
        "us_in_europe_after": float(last["us_in_europe_after"]),
        "us_reduction_pct": 100 * withdrawn / base["us_in_europe"],
        "backfill_ratio": scenario.backfill.ratio,
        "backfill_personnel": float(steps["backfill_personnel"].sum()),
        "backfill_cost_musd_per_year": float(steps["backfill_cost_musd_per_year"].sum()),
        "cost_basis": "NATO edition {edition}, year {year}, US$ current prices".format(**cost_table.attrs),
        "europe_personnel_before": europe0,
        "europe_personnel_year": europe_year,
        "share_europe_before_pct": share(europe0, base["us_in_europe"]),
        "share_europe_after_pct": float(last["share_europe_after_pct"]),
        "share_europe_after_no_backfill_pct": float(last["share_europe_no_backfill_pct"]),
    }
    caveats = _caveats(scenario, steps, base, cost_table)
    references = replacement_estimates()
    long = _long(scenario, steps)
    return DrawdownResult(
        scenario, path, steps, summary, cost_table, references, long, _tables(steps, scenario), caveats
    )


def _tables(steps: pd.DataFrame, scenario: Drawdown) -> list[str]:
    """The store tables a run rests on: NATO's edition, the facts (baseline, references), the events
    table when a withdrawal names an event, DMDC for the dmdc baseline."""
    from nato3.standing.editions import get_edition

    tables = [get_edition(scenario.backfill.edition).dataset, "nato30_context_facts"]
    if steps["event_id"].notna().any():
        tables.append("force_posture_events")
    if scenario.us_baseline == "dmdc":
        tables.append("us_personnel_dmdc")
    return tables


def _caveats(scenario: Drawdown, steps: pd.DataFrame, base: dict, costs: pd.DataFrame) -> list[str]:
    from nato3.ledger.costs import METHOD, basis
    from nato3.ledger.forces import COUNTED

    group = costs[costs["iso3"] == "group"]
    out = [METHOD, basis(costs.attrs["edition"], costs.attrs["year"], bool(group["is_estimate"].any())), COUNTED]
    out.append(base["caveat"])
    early = steps[steps["date"].astype(str) < str(base["date"])]
    for r in early.itertuples():
        out.append(f"Withdrawal dated {r.date} is before the baseline date {base['date']}: it may already be in it.")
    assumed = steps[steps["event_id"].notna() & ~steps["personnel_from_event"]]
    for r in assumed.itertuples():
        out.append(f"{r.event_id} gives no personnel figure: {int(r.personnel):,} is the scenario's assumption.")
    for r in steps[steps["status"].isin(["announced", "planned"])].itertuples():
        out.append(f"{r.event_id} is {r.status}, not executed.")
    skipped = sorted(set(costs.attrs.get("skipped", [])))
    if skipped:
        out.append(f"No personnel figures for {', '.join(skipped)}: left out of the cost per soldier.")
    out.append(
        "References (IISS, Bruegel/Kiel) measure other things (equipment, whole force packages): not reconciled."
    )
    return out


def _long(scenario: Drawdown, steps: pd.DataFrame) -> pd.DataFrame:
    """Per host and year: withdrawn, backfill and cost; per year for Europe: US level and share after."""
    from nato3.longformat import SCENARIO_INDEX, to_long

    steps = steps.assign(year=steps["date"].astype(str).str[:4].astype(int))
    per_host = steps.groupby(["host", "year"], as_index=False)[
        ["personnel", "backfill_personnel", "backfill_cost_musd_per_year"]
    ].sum()
    per_host = per_host.rename(columns={"host": "iso3", "personnel": "us_withdrawn"})
    europe = steps.groupby("year", as_index=False).last()[["year", "us_in_europe_after", "share_europe_after_pct"]]
    europe["iso3"] = "group:europe"
    units = {"us_withdrawn": "persons", "backfill_personnel": "persons", "backfill_cost_musd_per_year": "million US$"}
    long_host = to_long(per_host, {"scenario": scenario.name}, units, index=SCENARIO_INDEX)
    long_eur = to_long(
        europe,
        {"scenario": scenario.name},
        {"us_in_europe_after": "persons", "share_europe_after_pct": "%"},
        index=SCENARIO_INDEX,
    )
    out = pd.concat([long_host, long_eur], ignore_index=True)
    out["is_projection"] = True
    return out
