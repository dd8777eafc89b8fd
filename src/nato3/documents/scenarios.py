"""The scenarios document: the built-in scenarios, what each assumes, where it starts and the
Monte Carlo settings it runs with (fitted to history where the file leaves them out), each with
its scenario as JSON, a starting point to edit and send to ``POST /api/v1/projections``.

Rendered by ``nato3 scenario list`` and ``GET /api/v1/scenarios/builtin``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from nato3.documents.model import Column, Document, EditionUse, Table
from nato3.store.sources import sources

if TYPE_CHECKING:
    from nato3.projection.resolve import Resolved

PACKAGE_FOLDER = "nato3/data/scenarios"
COLUMNS = [
    Column("name", "Scenario", kind="text"),
    Column("description", "What it assumes", kind="text", display=False, description="the notes repeat it"),
    Column("target", "Target", kind="text", priority=3),
    Column("target_pct", "Target, % of GDP", "% of GDP", display=False),
    Column("base_year", "From", kind="year", priority=1),
    Column("horizon", "To", kind="year", priority=1),
    Column("edition", "Edition of the shares", kind="text", priority=2),
    Column("gdp_edition", "Edition of GDP", kind="text", display=False),
    Column("policy", "Policies", kind="text", display=False, description="key (default, ISO3 or group): policy kind"),
    Column("draws", "Draws", kind="integer", display=False),
    Column("seed", "Seed", kind="integer", display=False),
    Column("gdp_growth_sd", "GDP growth sd", "percentage points of annual real GDP growth", display=False),
    Column("correlation", "Correlation", "between allies' growth shocks", display=False),
    Column("execution_sd", "Execution sd", "% of planned spending a year", display=False),
    Column("fitted", "Fitted settings", kind="text", display=False),
    Column("file", "File", kind="text", display=False, description="the file in the nato3 package"),
    Column("scenario_json", "The scenario as JSON", kind="text", display=False),
]


def build() -> Document:
    """Every built-in scenario, by name."""
    from nato3.projection.builtin import builtin_scenarios, load_scenario

    resolved = [load_scenario(name) for name in builtin_scenarios()]
    frame = pd.DataFrame([describe(r) for r in resolved])
    frame["marks"] = [{} for _ in range(len(frame))]
    table = Table(
        "scenarios", "Built-in scenarios (assumptions, not data)", COLUMNS, frame[[*(c.name for c in COLUMNS), "marks"]]
    )
    tables = _tables(resolved)
    return Document(
        kind="scenarios",
        title="Built-in scenarios",
        parameters={},
        tables={"scenarios": table},
        sources=sources(*tables),
        editions=_editions(resolved),
        notes=[
            *(f"{r.name}: {' '.join(r.scenario.description.split())}" for r in resolved),
            f"Built-in scenarios are YAML files in the nato3 package ({PACKAGE_FOLDER}): assumptions for "
            "projections, not published data. Run one with `nato3 project NAME`; copy one with "
            "`nato3 scenario init FILE --from NAME`.",
            "Monte Carlo settings a file leaves out are the ones fitted to history (gdp_growth_sd in percentage "
            "points of annual real GDP growth, execution_sd in % of planned spending a year).",
        ],
    )


def describe(r: Resolved) -> dict[str, Any]:
    """One scenario as a row: what it assumes, where it starts, its Monte Carlo settings."""
    import json

    from nato3.projection.runner import mc_params
    from nato3.projection.scenario import scenario_json

    s, params = r.scenario, mc_params(r)
    return {
        "name": r.name,
        "description": " ".join(s.description.split()),
        "target": r.target_label,
        "target_pct": r.target_pct,
        "base_year": r.base_year,
        "horizon": r.horizon,
        "edition": r.edition,
        "gdp_edition": r.gdp_edition,
        "policy": "; ".join(f"{key}: {policy.kind}" for key, policy in s.policy.items()),
        "draws": params.draws,
        "seed": params.seed,
        "gdp_growth_sd": params.gdp_growth_sd,
        "correlation": params.correlation,
        "execution_sd": params.execution_sd,
        "fitted": params.fitted or None,
        "file": f"{PACKAGE_FOLDER}/{Path(r.path).name}" if r.path else None,
        "scenario_json": json.dumps(scenario_json(s), ensure_ascii=False, sort_keys=True),
    }


def _editions(resolved: list[Resolved]) -> list[EditionUse]:
    """The editions the built-ins start from: the shares' and GDP's."""
    from nato3.standing.editions import get_edition

    out = []
    for label, figure, why in (
        (resolved[0].edition, "defence_share_gdp_pct", f"every ally's {resolved[0].base_year} share of GDP: "
         "the year and edition of where each ally stands by default"),
        (resolved[0].gdp_edition, "gdp_musd_const", "the newest edition with constant-price GDP"),
    ):  # fmt: skip
        e = get_edition(label)
        out.append(
            EditionUse(e.label, definition=getattr(e, "definition", None), published=e.published,
                       price_base_year=e.price_base_year, figures=(figure,), why=why)
        )  # fmt: skip
    return out


def _tables(resolved: list[Resolved]) -> list[str]:
    from nato3.projection.uncertainty import FITTED_NAME
    from nato3.standing.editions import get_edition

    editions = sorted({e for r in resolved for e in (r.edition, r.gdp_edition)}, reverse=True)
    return [*(get_edition(e).dataset for e in editions), "national_defence_plans", "pledges", FITTED_NAME]
