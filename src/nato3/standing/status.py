"""The status table: every ally's share of GDP, real change, equipment share and pledges met.

Each figure comes from one edition (see :mod:`nato3.standing.editions`) and the table records
which. Aggregates follow NATO's own rules (:mod:`nato3.alliance.aggregates`).
"""

from __future__ import annotations

import pandas as pd

from nato3.alliance.aggregates import AGGREGATES, METHOD_COMPUTED, nato_aggregates
from nato3.alliance.membership import MEMBER_IN_YEAR
from nato3.errors import Nato3Error
from nato3.standing import editions as ed
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


def _members(year: int) -> pd.DataFrame:
    return query(
        f"SELECT c.iso3, c.name AS country FROM countries c, (SELECT ? AS year) s "
        f"WHERE {MEMBER_IN_YEAR} ORDER BY c.iso3",
        [year],
    )


def _figure(edition: str, year: int, figure: str) -> pd.DataFrame:
    return query(
        f"SELECT iso3, {figure} AS value, is_estimate FROM nato_series WHERE edition = ? AND year = ?",
        [edition, year],
    ).set_index("iso3")


def _aggregate_figure(edition: str, year: int, figure: str) -> tuple[dict, dict, str]:
    agg = nato_aggregates(edition)
    agg = agg[agg["year"] == year].set_index("iso3")
    if figure not in agg.columns:
        return {}, {}, ""
    method = agg["aggregate_method"].iloc[0] if len(agg) else ""
    return agg[figure].to_dict(), agg["is_estimate"].to_dict(), method


def status(year: int | None = None, edition: str | None = None) -> pd.DataFrame:
    """Where each ally stands in ``year``: one row per ally plus NATO_EUR_CAN and NATO_TOTAL.

    Args:
        year: defaults to the newest year with shares of GDP in the newest edition.
        edition: use only this edition (e.g. "2024"); by default each figure comes from the
            newest edition that has it for ``year``; ``df.attrs["editions"]`` says which.

    Raises:
        Nato3Error: unknown edition, or a year no edition covers.
    """
    if edition is not None:
        ed.get_edition(edition)
    year = ed.latest_year() if year is None else int(year)
    ed.check_year(year, edition)
    chosen = {f: ed.edition_for(f, year, edition) for f in FIGURES}
    if chosen[HEADLINE] is None:
        raise Nato3Error(f"no shares of GDP for {year} in the {edition} edition")
    headline = chosen[HEADLINE]

    table = _members(year)
    table["kind"] = "ally"
    table = pd.concat(
        [table, pd.DataFrame({"iso3": list(AGGREGATES), "country": list(AGGREGATES.values()), "kind": "aggregate"})],
        ignore_index=True,
    ).set_index("iso3")
    table["year"] = year
    table["edition"] = headline.label
    table["aggregate_method"] = pd.Series(None, index=table.index, dtype=object)
    table["is_estimate"] = pd.Series(None, index=table.index, dtype=object)

    for figure, edition_used in chosen.items():
        values = pd.Series(float("nan"), index=table.index)
        if edition_used is not None:
            got = _figure(edition_used.label, year, figure)
            values.update(got["value"].reindex(table.index[table["kind"] == "ally"]))
            if figure not in NO_AGGREGATE:
                agg_values, agg_estimate, method = _aggregate_figure(edition_used.label, year, figure)
                for code in AGGREGATES:
                    values[code] = agg_values.get(code, float("nan"))
                if figure == HEADLINE:
                    for code in AGGREGATES:
                        if code in agg_values and agg_values[code] == agg_values[code]:
                            table.loc[code, "aggregate_method"] = method
                            table.loc[code, "is_estimate"] = agg_estimate.get(code)
            if figure == HEADLINE:
                flags = got["is_estimate"].reindex(table.index[table["kind"] == "ally"])
                table.loc[flags.index, "is_estimate"] = flags.astype(object)
        table[figure] = values.astype(float)

    table["is_estimate"] = table["is_estimate"].astype("boolean")
    money = chosen["defence_exp_musd_const"]
    table["price_base_year"] = money.price_base_year if money else None

    allies = table["kind"] == "ally"
    table["rank"] = table.loc[allies, HEADLINE].rank(ascending=False, method="min").astype("Int64")
    for pledge in pledges().values():
        column = table[pledge.metric] if pledge.metric in table else pd.Series(None, index=table.index)
        table[f"meets_{pledge.pledge_id}"] = pd.array([pledge.met(v) for v in column], dtype="boolean")

    table = table.reset_index()
    aggregate_order = {code: i for i, code in enumerate(AGGREGATES)}
    order = table.assign(
        _agg=table["iso3"].map(aggregate_order).fillna(-1),
        _missing=table[HEADLINE].isna(),
        _share=table[HEADLINE].where(table["kind"] == "ally"),
    )
    table = table.loc[
        order.sort_values(["_agg", "_missing", "_share", "iso3"], ascending=[True, True, False, True]).index
    ].reset_index(drop=True)

    used = {f: e.label for f, e in chosen.items() if e is not None}
    table.attrs.update(
        year=year,
        editions=used,
        edition_descriptions={e.label: e.describe() for e in chosen.values() if e is not None},
        datasets=sorted({e.dataset for e in chosen.values() if e is not None}),
        aggregate_note=METHOD_COMPUTED,
    )
    columns = [
        "iso3",
        "country",
        "kind",
        "year",
        "edition",
        "is_estimate",
        "rank",
        *FIGURES,
        "price_base_year",
        "aggregate_method",
        *[c for c in table.columns if c.startswith("meets_")],
    ]
    return table[columns]
