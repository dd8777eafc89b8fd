"""The scenario document: one scenario file and what it means for each ally — the share it starts
from (the status document's figure for the base year and edition, marks and all), its policy and
its real GDP growth — with the settings it runs with. Nothing is projected here.

Rendered by ``nato3 scenario show NAME|FILE``.
"""

from __future__ import annotations

import pandas as pd

from nato3.documents.model import Column, Document, EditionUse, Table
from nato3.store.sources import sources

ALLIES = [
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("base_share_pct", "Start %", "% of GDP", description="Share of GDP in the base year, as status shows it"),
    Column("base_share_year", "Year", kind="year", display=False),
    Column("policy_kind", "Policy", kind="text"),
    Column("policy", "In full", kind="text", priority=2),
    Column("gdp_growth_pct", "GDP growth %", "% a year"),
    Column("gdp_growth_method", "How GDP growth is set", kind="text", display=False),
]
FILE = [
    Column("scenario", "Scenario", kind="text"),
    Column("file", "File", kind="text"),
    Column("yaml", "The file", kind="text"),
    Column("edition", "Edition of the shares", kind="text"),
    Column("gdp_edition", "Edition of GDP", kind="text"),
    Column("base_year", "Base year", kind="year"),
    Column("horizon", "Horizon", kind="year"),
    Column("target", "Target", kind="text"),
    Column("target_pct", "Target, % of GDP", "% of GDP"),
    Column("draws", "Draws", kind="integer"),
    Column("seed", "Seed", kind="integer"),
    Column("gdp_growth_sd", "GDP growth sd", "percentage points of annual real GDP growth"),
    Column("correlation", "Correlation", "between allies' growth shocks"),
    Column("execution_sd", "Execution sd", "% of planned spending a year"),
    Column("fitted", "Fitted settings", kind="text"),
]


def build(scenario: str = "hague-linear") -> Document:
    """``scenario`` (a built-in name or a scenario file) and what it means for each ally.

    Raises:
        Nato3Error: unknown scenario or missing file (parameter ``scenario``).
        DataValidationError: a bad file, naming the file, the line and the field.
    """
    from nato3.documents.registry import build as build_document
    from nato3.documents.scenarios import PACKAGE_FOLDER, describe
    from nato3.projection.builtin import builtin_scenarios, load_scenario, scenario_path
    from nato3.projection.engine import prepare

    path = scenario_path(scenario)
    resolved = load_scenario(scenario)
    setup = prepare(resolved)
    base = setup.base
    status = build_document("status", year=resolved.base_year, edition=resolved.edition)
    start = {
        row["iso3"]: (row.get("marks") or {}).get("defence_share_gdp_pct") for row in status.tables["allies"].records()
    }
    allies = pd.DataFrame(
        {
            "country": base.names,
            "iso3": base.iso3,
            "base_share_pct": base.share,
            "base_share_year": [int(y) if y else None for y in base.share_year],
            "policy": setup.compiled.labels,
            "policy_kind": setup.compiled.kinds,
            "gdp_growth_pct": setup.growth,
            "gdp_growth_method": setup.growth_notes,
        }
    )
    allies["base_share_year"] = allies["base_share_year"].astype("Int64")
    allies["marks"] = [{"base_share_pct": tuple(start[c])} if start.get(c) else {} for c in allies["iso3"]]
    allies = allies.sort_values("country", kind="stable").reset_index(drop=True)
    about = describe(resolved)
    builtin = str(path) in {str(p) for p in builtin_scenarios().values()}
    row = {k: about[k] for k in about if k in {c.name for c in FILE}}
    row |= {
        "scenario": resolved.name,
        "file": f"{PACKAGE_FOLDER}/{path.name}" if builtin else str(path),
        "yaml": path.read_text(encoding="utf-8"),
    }
    file = pd.DataFrame([row])
    file["marks"] = [{}]
    edition = base.edition
    return Document(
        kind="scenario",
        title=f"Scenario {resolved.name}",
        parameters={"scenario": str(scenario)},
        tables={
            "scenario_allies": Table(
                "scenario_allies",
                f"{resolved.name}: each ally from {resolved.base_year} ({edition.describe()})",
                ALLIES,
                allies[[*(c.name for c in ALLIES), "marks"]],
            ),
            "scenario_file": Table("scenario_file", f"Scenario file {row['file']}", FILE, file, display=False),
        },
        sources=sources(edition.dataset, base.gdp_edition.dataset, "countries"),
        editions=_editions(edition, base.gdp_edition, resolved.base_year),
        caveats=["Assumptions, not data: the start is NATO's figure; the policy and growth rates are the scenario's."],
        notes=[f"{about['description']}", f"Target: {resolved.target_label}, by {resolved.horizon}."],
    )


def _editions(shares, gdp, base_year: int) -> list[EditionUse]:
    def use(edition, figures, why):
        return EditionUse(
            edition.label,
            definition=getattr(edition, "definition", None),
            published=edition.published,
            price_base_year=edition.price_base_year,
            figures=figures,
            why=why,
        )

    start = f"every ally's {base_year} share of GDP, where the scenario starts"
    growth = "its constant-price GDP sets the default growth rates"
    if shares.label == gdp.label:
        return [use(shares, ("defence_share_gdp_pct", "gdp_musd_const"), f"{start}; {growth}")]
    return [use(shares, ("defence_share_gdp_pct",), start), use(gdp, ("gdp_musd_const",), growth)]
