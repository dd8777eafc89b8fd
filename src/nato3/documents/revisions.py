"""The revisions document: how each NATO figure changed from one edition to the next — estimate
→ outturn, revisions of history, price bases — and where the definition itself changed.

Rendered by ``nato3 data revisions`` and the report's Methods (the largest revisions between the
two newest editions of one definition, and the break it does not compare across). The analysis
is :func:`nato3.standing.revisions.revisions`.
"""

from __future__ import annotations

from nato3.documents import data_common as common
from nato3.documents.model import Column, Document, EditionUse, Table
from nato3.errors import Nato3Error
from nato3.store.sources import sources

ORDERS = ("name", "change")
COLUMNS = [
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("year", "Year", kind="year"),
    Column("figure", "Figure", kind="text", display=False),
    Column("edition_from", "From", kind="text", description="The earlier edition"),
    Column("value_from", "Value", description="The figure in the earlier edition"),
    Column("edition_to", "To", kind="text", description="The later edition"),
    Column("value_to", "Value ", description="The figure in the later edition"),
    Column(
        "change",
        "Change",
        description="Later minus earlier value; empty when the two are not comparable (another price base for "
        "constant-price money, another definition)",
    ),
    Column("status", "Status", kind="text", priority=1, description="estimate → outturn, estimate → estimate, …"),
    Column("note", "Note", kind="text", priority=2),
    Column("estimate_from", "Estimate (from)", kind="flag", display=False),
    Column("estimate_to", "Estimate (to)", kind="flag", display=False),
    Column("price_base_from", "Price base (from)", kind="year", display=False),
    Column("price_base_to", "Price base (to)", kind="year", display=False),
    Column("definition_from", "Definition (from)", kind="text", display=False, description="total or core"),
    Column("definition_to", "Definition (to)", kind="text", display=False, description="total or core"),
    Column(
        "definition_change",
        "Definition changed",
        kind="flag",
        display=False,
        description="The two editions measure different things (total → core defence expenditure): not a revision",
    ),
    Column("comparable", "Comparable", kind="flag", display=False),
    Column("revised", "Revised", kind="flag", display=False, description="The values differ by more than rounding"),
]
PAIR_COLUMNS = [
    Column("edition_from", "From", kind="text"),
    Column("edition_to", "To", kind="text"),
    Column("definition_from", "Definition (from)", kind="text", priority=2),
    Column("definition_to", "Definition (to)", kind="text", priority=2),
    Column("definition_change", "New definition", kind="flag"),
    Column("compared", "Pairs", "ally-years", kind="integer", description="Ally-years both editions publish"),
    Column("revised", "Revised", "ally-years", kind="integer", description="Pairs whose value changed"),
    Column(
        "median_abs_change",
        "Median |change|",
        description="Median absolute change of the comparable pairs (empty across a change of definition)",
    ),
    Column("largest_abs_change", "Largest |change|", priority=1),
]


def build(
    figure: str = "defence_share_gdp_pct",
    iso3: str | None = None,
    year: int | None = None,
    edition: str | None = None,
    revised_only: bool = False,
    order: str = "name",
    limit: int | None = None,
) -> Document:
    """Every pair of consecutive editions that publish ``figure`` for an ally and year (only
    ``iso3``, ``year``, pairs ending in ``edition``, pairs whose value changed), sorted by ally
    name and year (``order="name"``) or by the size of the change (``"change"``); only the first
    ``limit`` rows when given (the ``pairs`` summary still counts every row).

    Raises:
        Nato3Error: naming its parameter: unknown figure, ally, edition or order; a year outside
            the years any two editions publish.
    """
    from nato3.standing.revisions import FIGURES, revisions

    if limit is not None and int(limit) < 0:
        raise Nato3Error(f"limit {limit} is negative; allowed: 0 (all rows) or more", parameter="limit")
    if order not in ORDERS:
        raise Nato3Error(f"unknown order {order!r}; allowed: {', '.join(ORDERS)}", parameter="order")
    code = common.check_codes(iso3, aggregates=False)[0] if iso3 else None
    frame = revisions(figure=figure, iso3=code, year=None if year is None else int(year))
    described = frame.attrs["editions"]
    labels = [e["edition"] for e in described]
    if edition is not None and str(edition) not in labels[1:]:
        raise Nato3Error(
            f"edition {edition!r} follows no other edition here; allowed: {', '.join(labels[1:])}", parameter="edition"
        )
    if edition is not None:
        frame = frame[frame["edition_to"] == str(edition)]
    if revised_only:
        frame = frame[frame["revised"]]
    frame = frame.assign(country=[common.name_of(c) for c in frame["iso3"]], change=frame["change"].astype(float))
    rank = {label: i for i, label in enumerate(labels)}
    frame = frame.assign(_to=frame["edition_to"].map(rank), _size=frame["change"].abs())
    if order == "change":
        frame = frame.sort_values(["_size", "country", "year"], ascending=[False, True, True], na_position="last")
    else:
        frame = common.sort_key(frame, ["year", "_to"])
    frame = frame.drop(columns=["_to", "_size"]).reset_index(drop=True)
    frame["marks"] = _marks(frame)
    label = FIGURES[figure][0]
    pairs = _pairs(frame, labels)
    caveats = _caveats(pairs, frame)
    total = len(frame)
    if limit:
        frame = frame.head(int(limit))
    tables = {
        "revisions": Table("revisions", f"Revisions between NATO editions: {label}", COLUMNS, frame),
        "pairs": Table("pairs", "Editions compared", PAIR_COLUMNS, pairs),
    }
    used = [e for e in described if e["edition"] in set(frame["edition_from"]) | set(frame["edition_to"])]
    return Document(
        kind="revisions",
        title=f"Revisions between NATO editions: {label}",
        parameters={
            "figure": figure,
            "iso3": code,
            "year": None if year is None else int(year),
            "edition": None if edition is None else str(edition),
            "revised_only": bool(revised_only),
            "order": order,
            "limit": int(limit) if limit else None,
        },
        tables=tables,
        sources=sources(*(e["dataset"] for e in used or described)),
        editions=[_use(e, figure) for e in used or described],
        caveats=caveats,
        notes=[
            f"{_shown(len(frame), total)} pairs of consecutive editions. {label[0].upper() + label[1:]} compares as "
            f"{FIGURES[figure][1]}: shares and percentages are ratios and compare "
            "across editions (part of a revision can come from a new price base); constant-price money does not when "
            "the price base changed; current-price money does (revisions come from new data and exchange rates).",
        ],
    )


def _shown(shown: int, total: int) -> str:
    return f"{total}" if shown == total else f"The first {shown} of {total}"


def _marks(frame) -> list[dict]:
    """Estimates on each value; ‡ on a total-definition value compared with a core one."""
    out = []
    for r in frame.to_dict("records"):
        marks: dict[str, tuple] = {}
        for side in ("from", "to"):
            codes = ("estimate",) if r[f"estimate_{side}"] else ()
            if r["definition_change"] and r[f"definition_{side}"] == "total":
                codes += ("pre_core",)
            if codes:
                marks[f"value_{side}"] = codes
        out.append(marks)
    return out


def _pairs(frame, labels: list[str]):
    """One row per pair of editions compared, newest first."""
    import pandas as pd

    rows = []
    for (a, b), group in frame.groupby(["edition_from", "edition_to"], sort=False):
        changes = group["change"].dropna().abs()
        rows.append(
            {
                "edition_from": a,
                "edition_to": b,
                "definition_from": group["definition_from"].iloc[0],
                "definition_to": group["definition_to"].iloc[0],
                "definition_change": bool(group["definition_change"].iloc[0]),
                "compared": len(group),
                "revised": int(group["revised"].sum()),
                "median_abs_change": changes.median() if len(changes) else None,
                "largest_abs_change": changes.max() if len(changes) else None,
            }
        )
    columns = [c.name for c in PAIR_COLUMNS]
    out = pd.DataFrame(rows, columns=columns)
    rank = {label: i for i, label in enumerate(labels)}
    return out.sort_values("edition_to", key=lambda s: s.map(rank), ascending=False).reset_index(drop=True)


def _use(edition: dict, figure: str) -> EditionUse:
    base = edition.get("price_base_year")
    extract = " (an extract of that edition)" if "extract" in str(edition.get("dataset")) else ""
    return EditionUse(
        str(edition["edition"]),
        definition=edition.get("definition"),
        published=edition.get("published"),
        price_base_year=None if base is None or base != base else int(base),
        figures=(figure,),
        why=f"compared with the editions before and after it{extract}",
    )


def _caveats(pairs, frame) -> list[str]:
    """A change of definition named as such, with an example from the rows shown."""
    out = []
    for r in pairs[pairs["definition_change"]].to_dict("records"):
        rows = frame[(frame["edition_from"] == r["edition_from"]) & (frame["edition_to"] == r["edition_to"])]
        ex = rows.sort_values("year", ascending=False, kind="stable").iloc[0]
        example = (
            f"{ex['country']} {ex['year']}{'e' if ex['estimate_to'] else ''}: {ex['value_from']:.2f} "
            f"({r['definition_from']}, edition {r['edition_from']}) → {ex['value_to']:.2f} "
            f"({r['definition_to']}, edition {r['edition_to']})"
        )
        out.append(
            f"‡ Edition {r['edition_to']} measures {r['definition_to']} defence expenditure where edition "
            f"{r['edition_from']} measured {r['definition_from']} defence expenditure: its {r['compared']} pairs are a "
            f"change of definition, not revisions, and no change is computed across it (e.g. {example})."
        )
    note = common.core_break_note()
    if note and out:
        out.append(note)
    return out
