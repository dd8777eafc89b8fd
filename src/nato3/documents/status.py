"""The status document: where each ally stands against NATO's pledges in one year.

Rendered by ``nato3 status``, ``GET /api/v1/status``, the overview page and the report's
headline and "Where each ally stands".
"""

from __future__ import annotations

from nato3.documents import defaults
from nato3.documents.model import Column, Document, EditionUse, Table
from nato3.plain import plain
from nato3.store.sources import sources

TITLE = "Where each ally stands"
FIGURE_COLUMNS = [
    Column("defence_share_gdp_pct", "% of GDP", "% of GDP", description="Defence expenditure as a share of real GDP"),
    Column("defence_exp_real_change_pct", "Real change %", "%", digits=1, priority=1),
    Column("equipment_share_pct", "Equipment %", "% of defence expenditure", digits=1, priority=1),
    Column("defence_exp_musd_const", "Spending, US$ m", "million US$, constant prices", digits=0, priority=3),
    Column("gdp_musd_const", "GDP, US$ m", "million US$, constant prices", digits=0, priority=4),
]
LEADING = [
    Column("rank", "#", kind="integer", description="Rank by share of GDP among allies"),
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("kind", "Kind", kind="text", display=False, description="ally or aggregate"),
]
TRAILING = [
    Column("aggregate_method", "Aggregate method", kind="text", display=False),
    Column("year", "Year", kind="year", display=False),
    Column("edition", "NATO edition", kind="text", display=False),
]


def pledge_columns() -> list[Column]:
    from nato3.standing.pledges import pledges

    return [
        Column(
            f"meets_{p.pledge_id}",
            p.short_name,
            kind="verdict",
            priority=2 if p.metric == "total_share_gdp_pct" else 0,
            description=f"{p.name} ({p.summit} {p.agreed_on[:4]}, by {p.deadline_year}): true met, false not met, "
            "null unknown",
        )
        for p in pledges().values()
    ]


def build(year: int | None = None, edition: str | None = None) -> Document:
    """Every reporting ally and both aggregates in ``year`` of one NATO edition (the defaults rule
    of :mod:`nato3.documents.defaults` when left out).

    Raises:
        Nato3Error: unknown edition or a year no edition covers (naming the parameter).
    """
    from nato3.standing import status as analysis
    from nato3.standing.pledges import pledges

    view = defaults.standing_view(year, edition)
    e = view.edition
    frame = analysis.standing(view.year, e.label, defaults.reporting_allies())
    frame["year"] = view.year
    frame["edition"] = e.label
    definition = getattr(e, "definition", None)
    for p in pledges().values():
        if p.definition and definition and definition != p.definition:
            frame["marks"] = [
                {**m, f"meets_{p.pledge_id}": ("pre_core",)} if plain(v) is not None else m
                for m, v in zip(frame["marks"], frame[f"meets_{p.pledge_id}"], strict=True)
            ]

    columns = LEADING + FIGURE_COLUMNS + pledge_columns() + TRAILING
    figures = tuple(c.name for c in FIGURE_COLUMNS if frame[c.name].notna().any())
    table = Table("allies", f"{TITLE}, {view.year}", columns, frame[[c.name for c in columns] + ["marks"]], "kind")

    caveats, notes = [], []
    allies = frame[frame["kind"] == "ally"]
    missing = allies.loc[allies["defence_share_gdp_pct"].isna(), "country"].tolist()
    if missing:
        caveats.append(f"No share of GDP for {view.year} in the {e.label} edition: {', '.join(missing)}.")
    quiet = _not_reporting(view.year)
    if quiet:
        caveats.append(f"Not listed: {quiet} (no armed forces; NATO publishes no defence expenditure for it).")
    absent = [c.label for c in FIGURE_COLUMNS if c.name not in figures]
    if absent:
        notes.append(f"Not published in the {e.label} edition for {view.year}: {', '.join(absent)}.")
    method = frame["aggregate_method"].dropna()
    if len(method):
        notes.append(f"NATO Europe and Canada, NATO Total: {method.iloc[0]}.")
    if (frame["marks"].map(lambda m: "secondary" in m.get("defence_share_gdp_pct", ()))).any():
        caveats.append(_secondary_note(e.dataset))
    for p in pledges().values():
        if p.definition and definition and definition != p.definition:
            caveats.append(
                f"{p.short_name}: judged here on {definition} defence expenditure (the {e.label} edition), "
                f"before NATO's {p.definition}-defence definition; ‡ marks these verdicts."
            )
    for p in pledges().values():
        if not frame[f"meets_{p.pledge_id}"].isna().all():
            continue
        if p.metric == "total_share_gdp_pct":
            caveats.append(
                f"{p.short_name}: unknown, not zero — the defence-related part (up to 1.5 % of GDP) is not published."
            )
        else:
            caveats.append(f"{p.short_name}: unknown — the {e.label} edition publishes no {p.metric} for {view.year}.")
    notes.append(
        "Pledges: " + "; ".join(f"{p.short_name} — {p.name} ({p.summit} {p.agreed_on[:4]})" for p in pledges().values())
    )
    tables = {"allies": table}
    named = _named(frame, e, view.year)
    if named is not None:
        tables["named"], fact = named
        caveats.append(
            f"{fact['fact_id']} (†, {fact['source_kind']}): {fact['source_title']}, {fact['source_url']}. It says "
            '"NATO\'s spending ambitions"; reading that as the 3.5 % core target rests on "a decade ahead of '
            "schedule\" of the 2035 deadline. NATO's own transcript was not found."
        )
    return Document(
        kind="status",
        title=table.title,
        parameters={"year": view.year, "edition": e.label},
        tables=tables,
        sources=sources(
            *getattr(e, "datasets", (e.dataset,)), "countries", "pledges", *(["nato30_context_facts"] if named else [])
        ),
        editions=[
            EditionUse(
                e.label,
                definition=definition,
                published=e.published,
                price_base_year=e.price_base_year,
                figures=figures,
                why=view.why,
            )
        ],
        caveats=caveats,
        notes=notes,
    )


NAMED_TOPIC = "hague_core_named"  # context facts naming allies already at the Hague core target
NAMED_COLUMNS = [
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("named", "Named", kind="text", description="The statement naming the ally (context fact id)"),
    Column("defence_share_gdp_pct", "% of GDP", "% of GDP", description="NATO's figure in this view's edition"),
]


def _named(frame, edition, year):
    """Allies a sourced statement names as already at the Hague core target, with what this view's
    core-definition figures say of them; None outside a core edition or without such a statement."""
    from nato3.store.database import query

    if getattr(edition, "definition", None) != "core":
        return None
    facts = query("SELECT * FROM nato30_context_facts WHERE topic = ? ORDER BY as_of DESC", [NAMED_TOPIC])
    if facts.empty:
        return None
    fact = facts.iloc[0].to_dict()
    codes = [c for c in str(fact["allies"]).split(";") if c]
    rows = frame[frame["iso3"].isin(codes)].copy()
    rows["named"] = fact["fact_id"]
    core = "meets_hague-core-3.5"
    rows["marks"] = [
        {**{k: v for k, v in m.items() if k in ("defence_share_gdp_pct", core)}, "named": ("secondary",)}
        for m in rows["marks"]
    ]
    pledge = next(c for c in pledge_columns() if c.name == core)
    columns = [*NAMED_COLUMNS, pledge]
    title = (
        f"Named by NATO's Secretary General on {fact['as_of']} as already at NATO's spending ambitions: "
        f"NATO's {edition.label} edition for {year}"
    )
    table = Table("named", title, columns, rows[[c.name for c in columns] + ["marks"]].reset_index(drop=True))
    return table, fact


def _not_reporting(year: int) -> str:
    from nato3.alliance.membership import allies, members

    names = allies()
    return ", ".join(names[c] for c in members(year) if c not in defaults.reporting_allies())


def _secondary_note(dataset: str) -> str:
    import json

    from nato3.store.database import query

    found = query("SELECT descriptor FROM _resources WHERE name = ?", [dataset])
    note = json.loads(found["descriptor"].iloc[0]).get("secondary_source_note", "") if len(found) else ""
    return f"† {note}" if note else "† from a secondary report of NATO's table."
