"""The allies document: every ally with its accession, share of GDP and rank — or one ally's page:
its share of GDP in every NATO edition and in SIPRI's release, where it stands (its row of the
status document) and what it pays (its row of the burden document).

Figures are read from the status, burden and spending documents, never recomputed, so the page
of an ally shows exactly what ``nato3 status`` and ``nato3 burden`` show. Rendered by
``GET /api/v1/allies`` (``/allies/{iso3}``) and the Allies pages.
"""

from __future__ import annotations

from nato3.documents import data_common as common
from nato3.documents.model import Column, Document, EditionUse, Source, Table
from nato3.errors import Nato3Error
from nato3.store.sources import sources

SERIES_FROM = 2000  # SIPRI goes back to 1949; the page's series starts here (the spending document has all)
LIST = [
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text"),
    Column("accession_date", "Member since", kind="date", priority=1),
    Column("accession_year", "Accession year", kind="year", display=False, description="NATO counts it from then"),
    Column("region", "Region", kind="text", display=False),
]
STANDING = [
    Column("defence_share_gdp_pct", "% of GDP", "% of GDP", description="From the status document"),
    Column("rank", "Rank", kind="integer", description="Rank by share of GDP among allies (status document)"),
]
SUMMARY = [
    *LIST,
    Column("rank", "Rank", kind="integer", description="Rank by share of GDP among allies (status document)"),
    Column("ranked", "Ranked allies", "allies", kind="integer", description="Allies with a rank that year"),
    Column("year", "Year", kind="year", description="The status document's year"),
    Column("edition", "NATO edition", kind="text", description="The status document's edition"),
]


def build(iso3: str | None = None, year: int | None = None, edition: str | None = None) -> Document:
    """Every ally (``iso3`` None) with its share of GDP and rank in the status view of ``year`` and
    ``edition`` (the defaults rule when left out); or the page of ally ``iso3``.

    Raises:
        Nato3Error: naming its parameter: an unknown ally, edition, or a year no edition covers.
    """
    from nato3.documents.registry import build as document

    status = document("status", year=year, edition=edition)
    if iso3 is None:
        return _list(status)
    codes = common.check_codes(iso3, aggregates=False)
    if len(codes) != 1:
        raise Nato3Error(f"give one ally's ISO3 code, not {iso3!r}", parameter="iso3")
    code = codes[0]
    return _page(code, status, document("burden"), document("spending", iso3=code, from_year=SERIES_FROM))


def _allies():
    from nato3.store.database import query

    frame = query(
        "SELECT iso3, name AS country, region, accession_date, "
        "CAST(substr(accession_date, 1, 4) AS INTEGER) AS accession_year FROM countries WHERE kind = 'ally'"
    )
    return frame.sort_values("country", ignore_index=True)


def _list(status) -> Document:
    frame = _allies()
    standing = status.tables["allies"]
    rows = {r["iso3"]: r for r in standing.records()}
    frame["defence_share_gdp_pct"] = [(rows.get(c) or {}).get("defence_share_gdp_pct") for c in frame["iso3"]]
    frame["rank"] = [(rows.get(c) or {}).get("rank") for c in frame["iso3"]]
    frame["rank"] = frame["rank"].astype("Int64")
    frame["marks"] = [
        {k: tuple(v) for k, v in (rows.get(c) or {}).get("marks", {}).items() if k == "defence_share_gdp_pct"}
        for c in frame["iso3"]
    ]
    year, label = status.parameters["year"], status.parameters["edition"]
    columns = [*LIST, *STANDING]
    title = f"The allies: share of GDP and rank in {year} (NATO {label} edition)"
    return Document(
        kind="allies",
        title=title,
        parameters={"iso3": None, **status.parameters},
        tables={"allies": Table("allies", title, columns, frame)},
        sources=_merged(sources("countries"), status.sources),
        editions=status.editions,
        caveats=status.caveats,
        notes=["NATO counts each ally from its accession year."],
    )


def _page(code: str, status, burden, spending) -> Document:
    ally = _allies().set_index("iso3").loc[[code]].reset_index()
    standing = status.tables["allies"]
    own = standing.frame[standing.frame["iso3"] == code].reset_index(drop=True)
    ranks = standing.frame.loc[standing.frame["kind"] == "ally", "rank"]
    ally["rank"] = own["rank"].astype("Int64").tolist()[:1] or [None]
    ally["ranked"] = int(ranks.notna().sum())
    ally["year"], ally["edition"] = status.parameters["year"], status.parameters["edition"]
    shares = burden.tables["ally_shares"]
    paid = shares.frame[shares.frame["iso3"] == code].reset_index(drop=True)
    series = _series(spending)
    name = ally["country"].iloc[0]
    return Document(
        kind="allies",
        title=name,
        parameters={"iso3": code, **status.parameters},
        tables={
            "ally": Table("ally", name, SUMMARY, ally),
            "status": Table("status", f"{name}: where it stands, {status.parameters['year']}", standing.columns, own),
            "burden": Table("burden", f"{name}: {shares.title}", shares.columns, paid),
            "series": series,
        },
        sources=_merged(sources("countries"), status.sources, burden.sources, spending.sources),
        editions=_editions(status.editions, burden.editions, spending.editions),
        caveats=[*spending.caveats],
        notes=[
            f"Share of GDP in every NATO edition and in SIPRI's release, from {SERIES_FROM}: each edition revises "
            f"history ({_described(spending.editions)}), so each is its own series; SIPRI's scope and GDP differ from "
            "NATO's. The spending document has every figure (SIPRI's from its first year).",
            *(status.notes[-1:]),
        ],
    )


def _series(spending) -> Table:
    """Year × series (each NATO edition, SIPRI's release): the share of GDP, newest year first."""
    import pandas as pd

    rows = spending.tables["spending"].frame
    rows = rows[rows["defence_share_gdp_pct"].notna()]
    keys = list(dict.fromkeys(zip(rows["source"], rows["edition"], rows["definition"], strict=True)))
    columns = [Column("year", "Year", kind="year")]
    by_year: dict[int, dict] = {}
    for source, edition, definition in keys:
        name = f"{source}_{edition}"
        part = rows[(rows["source"] == source) & (rows["edition"] == edition)]
        if source == "nato":
            label = f"NATO {edition} ({common.DEFINITION_LABELS.get(definition, definition)})"
            what = f"NATO's {edition} edition, {definition} defence expenditure, share of real GDP"
        else:
            label, what = f"SIPRI {edition}", f"SIPRI's {edition} release, military expenditure, share of GDP"
        columns.append(Column(name, label, "% of GDP", description=what))
        for r in part.to_dict("records"):
            cell = by_year.setdefault(int(r["year"]), {"year": int(r["year"]), "marks": {}})
            cell[name] = r["defence_share_gdp_pct"]
            if "estimate" in (r.get("marks") or {}).get("defence_share_gdp_pct", ()):
                cell["marks"][name] = ("estimate",)
    frame = pd.DataFrame(
        sorted(by_year.values(), key=lambda r: -r["year"]), columns=[c.name for c in columns] + ["marks"]
    )
    return Table("series", "Defence spending as a share of GDP, by edition", columns, frame)


def _described(editions: list[EditionUse]) -> str:
    parts = []
    for e in editions:
        if e.publisher == "NATO":
            what = [f"{e.price_base_year} prices"] if e.price_base_year else []
            what += [f"{e.definition} defence expenditure"] if e.definition else []
            parts.append(f"{e.label}: {', '.join(what)}")
    return "; ".join(parts)


def _merged(*groups: list[Source]) -> list[Source]:
    return list({s.table: s for group in groups for s in group}.values())


def _editions(*groups: list[EditionUse]) -> list[EditionUse]:
    out: dict[tuple, EditionUse] = {}
    for group in groups:
        for e in group:
            out.setdefault((e.publisher, e.label), e)
    return list(out.values())
