"""The ledger's drawdown document: a US withdrawal from European hosts (a built-in drawdown or a
YAML file) → Europe's backfill need in personnel and money, the effect on Europe's share of
personnel, the cost per soldier used (derived from NATO's tables), and the published estimates
of replacing US forces (IISS, Bruegel/Kiel) beside it, not reconciled with it.

Rendered by ``nato3 ledger drawdown NAME|FILE``, ``GET /api/v1/ledger/drawdowns/{name}`` (built-ins
only) and, through :mod:`nato3.documents.ledger_drawdowns`, the ledger page.
"""

from __future__ import annotations

import pandas as pd

from nato3.documents import ledger_common as common
from nato3.documents.model import Column, Document, EditionUse, Table
from nato3.store.sources import sources

SUMMARY = [
    Column("us_in_europe_before", "US before", "persons", digits=0, priority=2),
    Column("us_withdrawn", "US withdrawn", "persons", digits=0),
    Column("us_reduction_pct", "% of US", "%", digits=1, mark="derived", priority=3),
    Column("us_in_europe_after", "US after", "persons", digits=0, priority=2),
    Column("backfill_ratio", "Ratio", digits=2, priority=4, description="European soldiers per US soldier withdrawn"),
    Column("backfill_personnel", "Backfill", "persons", digits=0, mark="derived"),
    Column("backfill_cost_musd_per_year", "Cost, US$ m a year", "million US$ a year", digits=1, mark="derived"),
    Column("share_europe_before_pct", "Europe % before", "%", digits=2, mark="derived"),
    Column("share_europe_after_pct", "Europe % after", "%", digits=2, mark="derived"),
    Column("share_europe_after_no_backfill_pct", "Europe % (no backfill)", "%", digits=2, mark="derived", priority=1),
    Column("europe_personnel_before", "European personnel", "persons", digits=0, priority=5),
    Column("europe_personnel_year", "Personnel year", kind="year", display=False),
    Column("us_baseline", "US baseline", kind="text", display=False),
    Column("us_baseline_date", "US baseline as of", kind="text", display=False),
    Column("cost_basis", "Cost basis", kind="text", display=False),
    Column("drawdown", "Drawdown", kind="text", display=False),
    Column("title", "Title", kind="text", display=False),
    Column("description", "Description", kind="text", display=False),
    Column("backfill_by", "Backfill by", kind="text", display=False),
    Column("withdrawals", "Withdrawals", kind="integer", display=False),
]
STEPS = [
    Column("date", "Date", kind="text"),
    Column("event_id", "Event", kind="text", priority=1),
    Column("host", "Host", kind="text"),
    Column("unit", "Unit", kind="text", priority=6),
    Column("status", "Status", kind="text", priority=2),
    Column("personnel", "US withdrawn", "persons", digits=0),
    Column("personnel_from_event", "From the event", kind="flag", display=False),
    Column("backfill_by", "Backfill by", kind="text", priority=4),
    Column("backfill_personnel", "Backfill", "persons", digits=0, mark="derived"),
    Column("cost_per_soldier_usd", "US$ a soldier", "US$ a year", digits=0, mark="derived", priority=3),
    Column("backfill_cost_musd_per_year", "US$ m a year", "million US$ a year", digits=1, mark="derived"),
    Column("us_in_europe_after", "US after", "persons", digits=0, priority=5),
    Column("europe_after", "Europe after", "persons", digits=0, display=False),
    Column("share_europe_after_pct", "Europe %", "%", digits=2, mark="derived", priority=1),
    Column("share_europe_no_backfill_pct", "Europe % (no backfill)", "%", digits=2, mark="derived", display=False),
    Column("note", "Note", kind="text", display=False),
    *common.SOURCE_COLUMNS,
]
COSTS = [
    Column("backfill_allies", "Backfilling allies", kind="text"),
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("kind", "Kind", kind="text", display=False, description="ally, or group (the allies together)"),
    Column("year", "Year", kind="year", priority=3),
    Column("edition", "NATO edition", kind="text", display=False),
    Column("personnel_share_pct", "Personnel % of spending", "% of defence expenditure", digits=1, priority=2),
    Column("defence_exp_musd_current", "Spending, US$ m", "million US$, current prices", digits=0, priority=2),
    Column("military_personnel_thousands", "Personnel (k)", "thousands", digits=1, priority=1),
    Column("personnel_spending_musd", "Personnel spending, US$ m", "million US$", digits=0, mark="derived", priority=4),
    Column("cost_per_soldier_usd", "US$ a soldier", "US$ a year", digits=0, mark="derived"),
]
REFERENCES = [
    Column("fact_id", "Fact", kind="text"),
    Column("value", "Value", kind="text", description="as the source gives it (a range where it gives one)"),
    Column("unit", "Unit", kind="text"),
    Column("as_of", "As of", kind="text", priority=1),
    Column("statement", "Published estimate", kind="text", display=False),
    Column("topic", "Topic", kind="text", priority=2),
    *common.SOURCE_COLUMNS,
]


def build(drawdown: str) -> Document:
    """Run ``drawdown``: a built-in name or a YAML file.

    Raises:
        Nato3Error: unknown drawdown, a host the backfill rule cannot price, withdrawals larger than
            the baseline (parameter ``drawdown``).
        DataValidationError: an invalid YAML file (naming the file, line and field).
    """
    from nato3.ledger import run_drawdown

    result = run_drawdown(str(drawdown))
    return document(result, str(drawdown))


def document(result, drawdown: str) -> Document:
    """The document of a drawdown ``result`` (:class:`~nato3.ledger.drawdown.DrawdownResult`)."""
    from nato3.standing.editions import get_edition

    scenario, s = result.scenario, result.summary
    about = {
        "drawdown": scenario.name,
        "title": scenario.title,
        "description": scenario.description.strip() or None,
        "backfill_by": _by(scenario.backfill.by),
        "withdrawals": len(result.steps),
    }
    summary = pd.DataFrame([{c.name: {**s, **about}.get(c.name) for c in SUMMARY}])
    baseline_secondary = result.scenario.us_baseline != "dmdc"
    baseline = ["us_in_europe_before", "us_in_europe_after"]
    summary["marks"] = [dict.fromkeys(baseline, ("secondary",)) if baseline_secondary else {}]
    steps = result.steps.copy()
    steps["marks"] = common.marks(steps, ["personnel"], "date")
    costs = _costs(result.costs)
    references = result.references.copy()
    references["marks"] = common.marks(references, ["value"], "fact_id")

    edition = get_edition(result.costs.attrs["edition"])
    label = f"{scenario.name}: {scenario.title}"
    tables = {
        "summary": Table("summary", f"Drawdown {label}", SUMMARY, common.select(summary, SUMMARY)),
        "steps": Table("steps", "Withdrawals and backfill, in date order", STEPS, common.select(steps, STEPS)),
        "cost_per_soldier": Table(
            "cost_per_soldier",
            "Cost per soldier (derived from NATO's tables)",
            COSTS,
            common.select(costs, COSTS),
            section_by="kind",
        ),
        "references": Table(
            "references",
            "Published estimates of replacing US forces in Europe (references, not reconciled)",
            REFERENCES,
            common.select(references, REFERENCES),
            notes=reference_notes(references),
        ),
    }
    notes = [
        f"US baseline: {s['us_baseline']} (as of {s['us_baseline_date']}).",
        f"Backfill: by {_by(scenario.backfill.by)}, {scenario.backfill.ratio:g} European soldier(s) per US soldier.",
        f"European personnel before: {s['europe_personnel_before']:,.0f} ({s['europe_personnel_year']}, NATO).",
    ]
    if scenario.description.strip():
        notes.append(scenario.description.strip())
    return Document(
        kind="ledger_drawdown",
        title=f"Drawdown {label}",
        parameters=common.parameters(drawdown=drawdown),
        tables=tables,
        sources=sources(*result.tables, "countries", "groups"),
        editions=[
            EditionUse(
                edition.label,
                definition=getattr(edition, "definition", None),
                published=edition.published,
                price_base_year=edition.price_base_year,
                figures=("personnel_share_pct", "defence_exp_musd_current", "military_personnel_thousands"),
                why=f"the drawdown's backfill edition, year {result.costs.attrs['year']}: it publishes personnel "
                "spending and military personnel",
            )
        ],
        caveats=common.caveats(result.caveats, [common.SECONDARY_NOTE]),
        notes=notes,
    )


def reference_notes(references: pd.DataFrame) -> list[str]:
    """Each published estimate in words, for people (the table holds its value and unit)."""
    return [f"{r.fact_id}{' †' if r.is_secondary else ''}: {r.statement}" for r in references.itertuples()]


def _by(by) -> str:
    return ", ".join(by) if isinstance(by, list) else by


def _costs(costs: pd.DataFrame) -> pd.DataFrame:
    """Allies by name within each backfilling group, the group's row after them."""
    from nato3.alliance.membership import allies

    names = allies()
    out = costs.copy()
    out["kind"] = ["group" if c == "group" else "ally" for c in out["iso3"]]
    out["country"] = ["together" if c == "group" else names.get(c, c) for c in out["iso3"]]
    out["is_estimate"] = out["is_estimate"].fillna(False).astype(bool)
    figures = ["personnel_share_pct", "defence_exp_musd_current", "military_personnel_thousands"]
    out["marks"] = common.flag_marks(out, "is_estimate", figures, "estimate")
    out["_group"] = out["kind"] == "group"
    return out.sort_values(["backfill_allies", "_group", "country"], kind="stable").drop(columns="_group")
