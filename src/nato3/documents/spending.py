"""The spending document: defence spending per country and year from every NATO edition and from
SIPRI's release in effect (the ``sipri_series`` view), side by side, never mixed.

Rendered by ``GET /api/v1/spending``, the Compare page and the series of an ally's page.
"""

from __future__ import annotations

from nato3.documents import data_common as common
from nato3.documents.model import Column, Document, Table
from nato3.errors import Nato3Error
from nato3.store.sources import sources

SOURCES = ("nato", "sipri")
FIGURES = (
    "defence_share_gdp_pct",
    "defence_exp_musd_current",
    "defence_exp_musd_const",
    "defence_exp_real_change_pct",
    "equipment_share_pct",
)
# SIPRI's columns under NATO's names, with the flag that marks each as an estimate.
SIPRI_AS = {
    "defence_share_gdp_pct": "milex_share_gdp_pct",
    "defence_exp_musd_current": "milex_musd_current",
    "defence_exp_musd_const": "milex_musd_const",
}
COLUMNS = [
    Column("source", "Source", kind="text", description="nato or sipri: whose definition and GDP apply"),
    Column("edition", "Edition", kind="text", description="NATO edition or SIPRI release"),
    Column("definition", "Definition", kind="text", description="NATO: total or core defence expenditure"),
    Column("country", "Country", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("year", "Year", kind="year"),
    Column("defence_share_gdp_pct", "% of GDP", "% of GDP", description="NATO: of real GDP; SIPRI: of GDP"),
    Column("defence_exp_real_change_pct", "Real change %", "%", digits=1, priority=1),
    Column("equipment_share_pct", "Equipment %", "% of defence expenditure", digits=1, priority=2),
    Column("defence_exp_musd_current", "US$ m, current", "million US$, current prices", digits=0, priority=3),
    Column(
        "defence_exp_musd_const",
        "US$ m, constant",
        "million US$, constant prices of the price base year",
        digits=0,
        priority=3,
    ),
    Column("price_base_year", "Prices", kind="year", priority=4, description="Price base of constant-price figures"),
    Column("is_estimate", "Estimate", kind="flag", display=False, description="NATO's 'e' or SIPRI's estimate mark"),
    Column("dataset", "Table", kind="text", display=False),
]


def build(
    iso3: str | list[str] | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    source: str | list[str] | None = None,
    edition: str | None = None,
) -> Document:
    """One row per source × edition × country × year with any figure: ``iso3`` allies (or NATO's
    published aggregate rows, NATO_EUR_CAN and NATO_TOTAL; default every ally), the years
    ``from_year``–``to_year``, ``source`` nato and/or sipri (default both), only ``edition``.

    Raises:
        Nato3Error: naming its parameter: unknown code, source or edition; an inverted range; a
            year outside the chosen sources' years.
    """
    codes = common.check_codes(iso3)
    chosen = _sources(source)
    low, high = (None if y is None else int(y) for y in (from_year, to_year))
    if low is not None and high is not None and low > high:
        raise Nato3Error(f"from_year {low} is after to_year {high}; allowed: from_year <= to_year", "from_year")
    edition = None if edition is None else _edition(str(edition), chosen)
    frame = _rows(codes, low, high, chosen, edition)
    if frame.empty:
        _check_years(codes, low, high, chosen, edition)
    frame = common.sort_key(frame, ["year"])
    rank = {s: i for i, s in enumerate(SOURCES)}
    frame = frame.sort_values(
        ["source", "edition"],
        key=lambda s: s.map(rank) if s.name == "source" else s,
        ascending=[True, False],
        kind="stable",
    ).reset_index(drop=True)
    frame["marks"] = _marks(frame)
    frame = frame[[c.name for c in COLUMNS] + ["marks"]]
    datasets = sorted(set(frame["dataset"])) or _all_datasets(chosen)
    return Document(
        kind="spending",
        title="Defence spending by source and edition",
        parameters={
            "iso3": codes or None,
            "from_year": low,
            "to_year": high,
            "source": list(chosen),
            "edition": edition,
        },
        tables={
            "spending": Table("spending", "Defence spending by source and edition", COLUMNS, frame),
            **_shares(frame),
        },
        sources=sources(*datasets, "countries"),
        editions=_editions(frame),
        caveats=[note] if (note := common.core_break_note()) and "nato" in chosen else [],
        notes=[
            "NATO revises its whole series in each edition (and moved its price base from 2015 to 2021), so editions "
            "are kept apart, never mixed; SIPRI's scope and GDP differ from NATO's, so its share differs too. Rows "
            "without any figure are left out.",
        ],
    )


def _shares(frame) -> dict[str, Table]:
    """The share-of-GDP pivot of :func:`share_pivot` as a table, when there is one."""
    import pandas as pd

    pivot = share_pivot(frame.to_dict("records"))
    if pivot is None:
        return {}
    title, columns, rows = pivot
    table = pd.DataFrame(rows, columns=[c.name for c in columns] + ["marks"])
    return {"shares": Table("shares", title, columns, table)}


def share_pivot(records: list[dict]) -> tuple[str, list[Column], list[dict]] | None:
    """When the rows hold one series (one source and edition): year × country, the share of GDP,
    newest year first, countries by name — the table and chart of the Compare page. Its title,
    columns and rows (None when the rows hold no series or several)."""
    if not records:
        return None
    source, edition = records[0]["source"], records[0]["edition"]
    if any(r["source"] != source or r["edition"] != edition for r in records):
        return None
    rows = [r for r in records if _valued(r["defence_share_gdp_pct"])]
    names = {c: common.name_of(c) for c in dict.fromkeys(r["iso3"] for r in rows)}  # already sorted by name
    what = f"NATO's {edition} edition" if source == "nato" else f"SIPRI's {edition} release"
    columns = [Column("year", "Year", kind="year")] + [
        Column(c, name, "% of GDP", description=f"{name}: share of GDP, {what}") for c, name in names.items()
    ]
    by_year: dict[int, dict] = {}
    for r in rows:
        cell = by_year.setdefault(int(r["year"]), {"year": int(r["year"]), "marks": {}})
        cell[r["iso3"]] = r["defence_share_gdp_pct"]
        if "estimate" in r["marks"].get("defence_share_gdp_pct", ()):
            cell["marks"][r["iso3"]] = ("estimate",)
    return f"Share of GDP by country, {what}", columns, sorted(by_year.values(), key=lambda r: -r["year"])


def _valued(value) -> bool:
    """Not None and not NaN."""
    return value is not None and value == value


def _sources(source) -> tuple[str, ...]:
    if source is None:
        return SOURCES
    values = [source] if isinstance(source, str) else list(source)
    wanted = [v.strip().lower() for v in values for v in str(v).split(",") if v.strip()]
    unknown = [v for v in wanted if v not in SOURCES]
    if unknown or not wanted:
        raise Nato3Error(f"unknown source {', '.join(map(repr, unknown))}; allowed: nato, sipri", parameter="source")
    return tuple(s for s in SOURCES if s in wanted)


def _edition(label: str, chosen: tuple[str, ...]) -> str:
    from nato3.burden.choices import sipri_release
    from nato3.standing.editions import editions

    allowed = [e.label for e in editions()] if "nato" in chosen else []
    allowed += [sipri_release().edition] if "sipri" in chosen else []
    if label not in allowed:
        which = " or ".join(chosen)
        raise Nato3Error(
            f"no edition {label!r} of {which}; allowed: {', '.join(dict.fromkeys(allowed))}", parameter="edition"
        )
    return label


def _select(chosen, codes, low, high, edition) -> tuple[list[str], list]:
    """The SQL of each chosen source's rows under one set of names (SIPRI's estimate flags beside
    its figures, NULL on NATO's side), and the parameters of all of them."""
    where, params = [], []
    if codes:
        where.append(f"iso3 IN ({', '.join('?' * len(codes))})")
        params += codes
    else:
        where.append("iso3 IN (SELECT iso3 FROM countries WHERE kind = 'ally')")
    for bound, op in ((low, ">="), (high, "<=")):
        if bound is not None:
            where.append(f"year {op} ?")
            params.append(bound)
    if edition is not None:
        where.append("edition = ?")
        params.append(edition)
    cond = " AND ".join(where)
    selects = []
    if "nato" in chosen:
        no_flags = ", ".join(f"CAST(NULL AS VARCHAR) AS {c}_flag" for c in SIPRI_AS.values())
        selects.append(
            "SELECT 'nato' AS source, dataset, edition, definition, price_base_year, iso3, year, is_estimate, "
            f"{', '.join(FIGURES)}, {no_flags} FROM nato_series WHERE {cond}"
        )
    if "sipri" in chosen:
        flags = " OR ".join(f"coalesce({c}_sipri_flag, '') = 'estimate'" for c in SIPRI_AS.values())
        renamed = ", ".join(f"{theirs} AS {ours}" for ours, theirs in SIPRI_AS.items())
        flagged = ", ".join(f"{c}_sipri_flag AS {c}_flag" for c in SIPRI_AS.values())
        selects.append(
            "SELECT 'sipri' AS source, dataset, edition, CAST(NULL AS VARCHAR) AS definition, price_base_year, iso3, "
            f"year, ({flags}) AS is_estimate, {renamed}, CAST(NULL AS DOUBLE) AS defence_exp_real_change_pct, "
            f"CAST(NULL AS DOUBLE) AS equipment_share_pct, {flagged} FROM sipri_series WHERE {cond}"
        )
    return selects, params * len(selects)


def _rows(codes, low, high, chosen, edition):
    from nato3.store.database import query

    selects, params = _select(chosen, codes, low, high, edition)
    any_figure = " OR ".join(f"{c} IS NOT NULL" for c in FIGURES)
    frame = query(f"SELECT * FROM ({' UNION ALL '.join(selects)}) WHERE {any_figure}", params)
    frame["country"] = [common.name_of(c) for c in frame["iso3"]]
    return frame


def _marks(frame) -> list[dict]:
    """NATO: ``e`` on every figure of the row; SIPRI: on each figure its own flag marks."""
    out = []
    for r in frame.to_dict("records"):
        present = [f for f in FIGURES if r.get(f) is not None and r.get(f) == r.get(f)]
        if r["source"] == "nato":
            out.append({f: ("estimate",) for f in present} if r["is_estimate"] else {})
        else:
            out.append({f: ("estimate",) for f in present if r.get(f"{SIPRI_AS.get(f)}_flag") == "estimate"})
    return out


def _check_years(codes, low, high, chosen, edition) -> None:
    """No rows: say which year bound lies outside the chosen sources' years."""
    if low is None and high is None:
        return
    years = _rows(codes, None, None, chosen, edition)["year"]
    if years.empty:
        return
    first, last = int(years.min()), int(years.max())
    for name, value in (("from_year", low), ("to_year", high)):
        if value is not None and not first <= value <= last:
            raise Nato3Error(
                f"{name} {value} is outside the years of {' and '.join(chosen)}; allowed: {first}–{last}",
                parameter=name,
            )


def _all_datasets(chosen) -> list[str]:
    from nato3.burden.choices import sipri_release
    from nato3.standing.editions import editions

    nato = [d for e in editions() for d in e.datasets] if "nato" in chosen else []
    return nato + ([sipri_release().dataset] if "sipri" in chosen else [])


def _editions(frame):
    labels = set(frame.loc[frame["source"] == "nato", "edition"])
    return edition_uses(labels, bool((frame["source"] == "sipri").any()))


def edition_uses(nato_labels, sipri: bool) -> list:
    """The editions a document of these NATO editions (and SIPRI's release, when ``sipri``) used."""
    from nato3.standing.editions import get_edition

    labels = sorted(nato_labels, reverse=True)
    uses = [common.nato_use(get_edition(e), "every NATO edition asked for, kept apart") for e in labels]
    if sipri:
        uses.append(common.sipri_use("SIPRI's release in effect (an imported release supersedes the bundled table)"))
    return uses
