"""The reconcile document: NATO's and SIPRI's share of GDP for every ally-year both publish, the
gap (NATO − SIPRI) and the known reasons, each resting on something in the data.

Rendered by ``nato3 data reconcile`` (and its ``--chart``, drawn from this document's table). The
analysis is :func:`nato3.reconcile.compare.reconcile`.
"""

from __future__ import annotations

from nato3.documents import data_common as common
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

TITLE = "NATO vs SIPRI: defence spending as a share of GDP"
COLUMNS = [
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("year", "Year", kind="year"),
    Column("nato_share_gdp_pct", "NATO %", "% of GDP", description="NATO's share of real GDP"),
    Column("nato_edition", "Ed.", kind="text", priority=2, description="The NATO edition of the figure"),
    Column("sipri_share_gdp_pct", "SIPRI %", "% of GDP", description="SIPRI's share of GDP (current prices)"),
    Column("difference_pp", "NATO−SIPRI", "percentage points", description="NATO minus SIPRI"),
    Column("reasons", "Reasons", kind="list", description="Codes of the known reasons (see the notes)"),
    Column("nato_is_estimate", "NATO estimate", kind="flag", display=False),
    Column("nato_definition", "NATO definition", kind="text", display=False, description="total or core"),
    Column("sipri_edition", "SIPRI release", kind="text", display=False),
    Column("sipri_flag", "SIPRI flag", kind="text", display=False, description="SIPRI's estimate/uncertain mark"),
    Column(
        "nato_share_current_prices_pct",
        "NATO %, current prices",
        "% of GDP",
        priority=3,
        mark="derived",
        description="NATO's Table 2 defence spending over Table 5 GDP, current prices, same edition",
    ),
    Column(
        "price_base_effect_pp",
        "Real − current",
        "percentage points",
        priority=3,
        mark="derived",
        description="NATO's share of real GDP minus the same share in current prices",
    ),
    Column("fiscal_year", "Fiscal year", kind="text", display=False, description="SIPRI's note for the country"),
    Column("sipri_notes", "SIPRI marks", kind="text", display=False),
    Column("explanation", "Explanation", kind="text", display=False, description="Each reason in words"),
]
REASONS = (
    "Reasons: nato_core = NATO's figure is core defence expenditure (the Hague definition); pensions, paramilitary, "
    "current_only, budget = SIPRI's definition for the ally (its footnote marks); fiscal_year = NATO counts fiscal "
    "years, SIPRI calendar years; gdp = different GDP data; prices = NATO's real vs current-price share; "
    "nato_estimate, sipri_estimate = an estimate; sipri_footnote = SIPRI's country footnote (the explanation "
    "column of the JSON and CSV has each reason in words)."
)


def build(iso3: str | None = None, year: int | None = None, edition: str | None = None) -> Document:
    """Every ally-year both publishers give a share of GDP for (only ``iso3``, ``year``; NATO's
    side from ``edition``, default the newest edition with each figure), sorted by ally name and
    year.

    Raises:
        Nato3Error: naming its parameter: unknown ally or edition, a year outside the years both
            publish; no SIPRI table loaded.
    """
    from nato3.reconcile.compare import reconcile

    code = common.check_codes(iso3, aggregates=False)[0] if iso3 else None
    year = None if year is None else int(year)
    edition = None if edition is None else str(edition)
    frame = reconcile(iso3=code, year=year, edition=edition)
    sides = frame.attrs["sources"]
    frame = common.sort_key(frame, ["year"]).reset_index(drop=True)
    frame["reasons"] = [r.split(";") if r else [] for r in frame["reasons"]]
    frame["marks"] = [
        {
            **({"nato_share_gdp_pct": ("estimate",)} if r["nato_is_estimate"] else {}),
            **({"sipri_share_gdp_pct": ("estimate",)} if r["sipri_flag"] == "estimate" else {}),
        }
        for r in frame.to_dict("records")
    ]
    nato_editions = sorted({s["edition"] for s in sides if s["side"] == "NATO"}, reverse=True)
    editions = [_nato(label, asked=edition is not None) for label in nato_editions]
    editions.append(common.sipri_use("SIPRI's release in effect (an imported release supersedes the bundled table)"))
    caveats = []
    if "core" in set(frame["nato_definition"]):
        caveats.append(
            "NATO's figures from a core-defence edition measure core defence expenditure (the Hague definition), "
            "not the total defence expenditure of earlier editions; the reason nato_core says so on each row."
        )
    return Document(
        kind="reconcile",
        title=TITLE,
        parameters={"iso3": code, "year": year, "edition": edition},
        tables={"reconcile": Table("reconcile", TITLE, COLUMNS, frame)},
        sources=sources(*(s["table"] for s in sides)),
        editions=editions,
        caveats=caveats,
        notes=[
            f"{len(frame)} ally-years with both shares. NATO − SIPRI in percentage points; nothing is filled in: "
            "an ally-year is shown only when both publishers give a share.",
            REASONS,
        ],
    )


def _nato(label: str, asked: bool):
    from nato3.standing.editions import get_edition

    why = "as asked" if asked else "for each ally-year, the newest NATO edition with its share of GDP"
    return common.nato_use(get_edition(label), why, ("defence_share_gdp_pct",))
