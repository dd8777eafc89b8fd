"""The sweep document: one scenario run over a grid of its fields, one row per grid point and ally
(or NATO aggregate): the grid values, the share and gap in the horizon year, the year reaching the
target and, with draws, the odds and band there. Every figure is a projection.

Rendered by ``nato3 sweep FILE``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

if TYPE_CHECKING:
    import pandas as pd

MONEY = "million US$, constant prices"
FIGURES = [
    Column("country", "Ally", kind="text"),
    Column("iso3", "Code", kind="text", display=False),
    Column("kind", "Kind", kind="text", display=False, description="ally or aggregate"),
    Column("target_pct", "Target %", "% of GDP", priority=2),
    Column("horizon", "Horizon", kind="year", priority=3),
    Column("share_horizon_pct", "Share", "% of GDP", description="Share of GDP in the horizon year"),
    Column("year_reaching_target", "Reaches", kind="year"),
    Column("gap_horizon_musd", "Gap, US$ m", MONEY, digits=0, priority=1),
    Column("p_reach_by_horizon", "P(reach)", kind="probability"),
    Column("share_p05_horizon", "5 %", "% of GDP", priority=1),
    Column("share_p95_horizon", "95 %", "% of GDP", priority=1),
    Column("share_p50_horizon", "Median", "% of GDP", display=False),
    Column("expected_gap_horizon_musd", "Expected gap", MONEY, digits=0, display=False),
]


def build(file: str) -> Document:
    """Run the sweep file ``file`` on this process.

    Raises:
        Nato3Error / DataValidationError: a bad sweep file or grid value, naming its line.
    """
    from nato3.projection.sweep import run_sweep

    return document(run_sweep(file), file)


def document(table: pd.DataFrame, file: str) -> Document:
    """The document of a finished sweep (``run_sweep``'s table, run with any backend)."""
    from nato3.plain import plain

    grid = table.attrs["grid"]
    frame = table.copy()
    frame.attrs = {}  # pandas deep-copies attrs on every column read: minutes on a 1,000-point grid
    frame["_aggregate"] = frame["kind"] != "ally"
    frame = frame.sort_values(["point", "_aggregate", "country"], kind="stable").drop(columns="_aggregate")
    frame["year_reaching_target"] = frame["year_reaching_target"].astype("Int64")
    base_year = table.attrs.get("base_year")
    frame["marks"] = [_marks(row, base_year) for row in frame.to_dict("records")]
    columns = [Column("point", "Point", kind="integer"), *(_grid_column(k, frame[k]) for k in grid), *FIGURES]
    if "target" in grid:  # a target grid already shows the target
        columns = [c for c in columns if c.name != "target_pct"]
    frame = frame.reindex(columns=[*(c.name for c in columns), "marks"]).reset_index(drop=True)
    scenario, draws = table.attrs["scenario"], table.attrs["draws"]
    notes = [
        "Projection, not data. Share of GDP and gap to the target in each point's horizon year; P(reach) = share "
        "of draws at or above the target that year; 5 % and 95 %: percentiles of the draws. Every point uses the "
        "same seed, so points differ only by their parameters.",
        "Grid: " + "; ".join(f"{k}: " + ", ".join(map(_text, v)) for k, v in grid.items()) + ".",
    ]
    if table.attrs.get("settings"):
        notes.append(f"Monte Carlo settings: {table.attrs['settings']}.")
    return Document(
        kind="sweep",
        title=f"Sweep of {scenario} (projection)",
        parameters=plain(
            {"file": str(file), "scenario": scenario, "draws": draws, "seed": table.attrs.get("seed"), "grid": grid}
        ),
        tables={"sweep": Table("sweep", f"Sweep of {scenario} (projection)", columns, frame, section_by="point")},
        sources=sources(*table.attrs.get("tables", [])),
        caveats=["Projection, not data: every figure follows from the scenario's assumptions at each grid point."],
        notes=notes,
    )


PROJECTED = [c.name for c in FIGURES if c.kind not in ("text",) and c.name not in ("target_pct", "horizon")]


def _marks(row: dict[str, Any], base_year: int | None) -> dict[str, tuple[str, ...]]:
    """``projection`` on every projected figure; a year reaching the target that is the base year
    (the ally was there already) is observed."""
    from nato3.plain import plain

    marks = {c: ("projection",) for c in PROJECTED if plain(row.get(c)) is not None}
    if plain(row.get("year_reaching_target")) == base_year:
        marks.pop("year_reaching_target", None)
    return marks


def _text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _grid_column(key: str, values) -> Column:
    """A grid field's column: its last dotted part as the label, numbers formatted as given."""
    label = key.rsplit(".", 1)[-1]
    given = [v for v in values if v is not None]
    if given and all(isinstance(v, bool) for v in given):
        return Column(key, label, kind="flag")
    if given and all(isinstance(v, int) and not isinstance(v, bool) for v in given):
        return Column(key, label, kind="integer")
    if given and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in given):
        digits = max(len(f"{float(v):g}".partition(".")[2]) for v in given)
        return Column(key, label, digits=min(digits, 4))
    return Column(key, label, kind="text")
