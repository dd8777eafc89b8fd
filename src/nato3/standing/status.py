"""Where each ally stands in one year of one NATO edition: share of GDP, real change, equipment
share, money, rank and the pledges met.

One edition answers the whole table (figures are never mixed across editions); which year and
edition a view shows by default is decided in :mod:`nato3.standing.defaults`. Aggregates follow
NATO's own rules (:mod:`nato3.alliance.aggregates`) or are the rows NATO published.
"""

from __future__ import annotations

import pandas as pd

from nato3.alliance import membership
from nato3.alliance.aggregates import AGGREGATES, METHOD_PUBLISHED, nato_aggregates
from nato3.standing.pledges import pledges
from nato3.store.database import query

HEADLINE = "defence_share_gdp_pct"
FIGURES = [
    HEADLINE,
    "defence_exp_real_change_pct",
    "equipment_share_pct",
    "defence_exp_musd_const",
    "gdp_musd_const",
]
# NATO publishes no aggregate for these (Table 8 has no aggregate rows).
NO_AGGREGATE = {"equipment_share_pct"}


def _members(year: int, reporting: frozenset[str]) -> pd.DataFrame:
    """The reporting allies that were members in ``year`` (the order is the table's sort's business)."""
    names = membership.allies()
    codes = [code for code in membership.members(year) if code in reporting]
    return pd.DataFrame({"iso3": codes, "country": [names[code] for code in codes]})


def _secondary_refs(dataset: str) -> set[str] | None:
    """The per-row source refs a dataset counts as primary (None: no per-row refs)."""
    import json

    found = query("SELECT descriptor FROM _resources WHERE name = ?", [dataset])
    if found.empty:
        return None
    primary = json.loads(found["descriptor"].iloc[0]).get("primary_source_refs")
    return set(primary) if primary is not None else None


def _aggregates(edition: str, year: int, rows: pd.DataFrame) -> pd.DataFrame:
    """NATO Europe and Canada and NATO Total in ``year``: computed from member rows by NATO's rules
    when the edition has spending in US$ (:func:`~nato3.alliance.aggregates.nato_aggregates`),
    else the rows NATO published, which ``rows`` (the edition's rows that year) already hold."""
    from nato3.standing.coverage import coverage_of_editions

    if edition in coverage_of_editions().computed:
        agg = nato_aggregates(edition)
        return agg[agg["year"] == year].set_index("iso3").reindex(list(AGGREGATES))
    return rows.reindex(list(AGGREGATES)).assign(aggregate_method=METHOD_PUBLISHED)


def standing(year: int, edition: str, reporting: frozenset[str]) -> pd.DataFrame:
    """One row per reporting ally of ``year`` plus NATO_EUR_CAN and NATO_TOTAL, from ``edition``.

    Columns: iso3, country, kind (ally/aggregate), rank (by share of GDP, allies only), the
    :data:`FIGURES`, ``meets_<pledge>`` (True/False/None), ``aggregate_method`` (aggregates) and
    ``marks`` (figure → ("estimate",) / ("secondary",)). Allies are sorted by share of GDP,
    then by name; aggregates last.
    """
    rows = _members(year, reporting).assign(kind="ally")
    agg_names = pd.DataFrame({"iso3": list(AGGREGATES), "country": list(AGGREGATES.values()), "kind": "aggregate"})
    table = pd.concat([rows, agg_names], ignore_index=True).set_index("iso3")

    got = query(
        f"SELECT iso3, dataset, is_estimate, source_ref, {', '.join(FIGURES)} FROM nato_series "
        "WHERE edition = ? AND year = ?",
        [edition, year],
    ).set_index("iso3")
    agg = _aggregates(edition, year, got)
    allies = table.index[table["kind"] == "ally"]
    got = got.reindex(allies)
    for figure in FIGURES:
        values = got[figure] if figure in got else pd.Series(float("nan"), index=allies)
        table[figure] = pd.concat(
            [values, agg[figure] if figure in agg and figure not in NO_AGGREGATE else pd.Series(None, index=agg.index)]
        ).astype(float)

    estimate = pd.concat([got["is_estimate"], agg["is_estimate"]]).astype("boolean").fillna(False)
    primary = _secondary_refs(got["dataset"].dropna().iloc[0]) if got["dataset"].notna().any() else None
    secondary = pd.Series(False, index=table.index)
    if primary is not None:
        refs = got["source_ref"]
        secondary[allies] = (refs.notna() & ~refs.isin(primary) & got[HEADLINE].notna()).to_numpy()
    values = {f: table[f].tolist() for f in FIGURES}
    flags = zip(estimate.loc[table.index].tolist(), secondary.loc[table.index].tolist(), strict=True)
    table["marks"] = [
        {
            f: (("estimate",) if est else ()) + (("secondary",) if f == HEADLINE and sec else ())
            for f in FIGURES
            if values[f][i] == values[f][i] and (est or (f == HEADLINE and sec))
        }
        for i, (est, sec) in enumerate(flags)
    ]
    method = agg["aggregate_method"].dropna()
    table["aggregate_method"] = None
    if len(method):
        table.loc[list(AGGREGATES), "aggregate_method"] = method.iloc[0]

    is_ally = table["kind"] == "ally"
    table["rank"] = table.loc[is_ally, HEADLINE].rank(ascending=False, method="min").astype("Int64")
    for pledge in pledges().values():
        column = table[pledge.metric] if pledge.metric in table else pd.Series(None, index=table.index)
        table[f"meets_{pledge.pledge_id}"] = pd.array([pledge.met(v) for v in column], dtype="boolean")

    table = table.reset_index()
    order = table.assign(
        _agg=table["iso3"].map({c: i for i, c in enumerate(AGGREGATES)}).fillna(-1),
        _missing=table[HEADLINE].isna(),
        _share=-table[HEADLINE].where(table["kind"] == "ally").fillna(0),
    ).sort_values(["_agg", "_missing", "_share", "country"], kind="stable")
    return table.loc[order.index].reset_index(drop=True)
