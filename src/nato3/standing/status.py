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


FIGURE_LABELS = {
    "defence_share_gdp_pct": "share of GDP",
    "defence_exp_real_change_pct": "real change",
    "equipment_share_pct": "equipment share",
    "defence_exp_musd_const": "spending",
    "gdp_musd_const": "GDP",
}


def _describe_methods(methods: dict[str, str]) -> str:
    """One method if all aggregate figures share it, else each method with the figures it covers."""
    by_method: dict[str, list[str]] = {}
    for figure, method in methods.items():
        by_method.setdefault(method, []).append(FIGURE_LABELS[figure])
    if len(by_method) == 1:
        return next(iter(by_method))
    return "; ".join(f"{', '.join(figures)}: {method}" for method, figures in by_method.items())


def _members(year: int) -> pd.DataFrame:
    return query(
        f"SELECT c.iso3, c.name AS country FROM countries c, (SELECT ? AS year) s "
        f"WHERE {MEMBER_IN_YEAR} ORDER BY c.iso3",
        [year],
    )


def _figure(edition: str, year: int, figure: str) -> pd.DataFrame:
    return query(
        f"SELECT iso3, {figure} AS value, is_estimate, source_ref FROM nato_series WHERE edition = ? AND year = ?",
        [edition, year],
    ).set_index("iso3")


def _aggregate_figure(edition: str, year: int, figure: str) -> tuple[dict, dict, str]:
    agg = nato_aggregates(edition)
    agg = agg[agg["year"] == year].set_index("iso3")
    if figure not in agg.columns:
        return {}, {}, ""
    method = agg["aggregate_method"].iloc[0] if len(agg) else ""
    return agg[figure].to_dict(), agg["is_estimate"].to_dict(), method


def _secondary_refs(dataset: str) -> tuple[set[str] | None, str]:
    """The per-row source refs a dataset counts as primary (None: no per-row refs) and its note."""
    import json

    found = query("SELECT descriptor FROM _resources WHERE name = ?", [dataset])
    if found.empty:
        return None, ""
    d = json.loads(found["descriptor"].iloc[0])
    primary = d.get("primary_source_refs")
    return (set(primary) if primary is not None else None), d.get("secondary_source_note", "")


def status(year: int | None = None, edition: str | None = None) -> pd.DataFrame:
    """Where each ally stands in ``year``: one row per ally plus NATO_EUR_CAN and NATO_TOTAL.

    Args:
        year: defaults to the newest year with shares of GDP in the newest edition.
        edition: use only this edition (e.g. "2024"); by default each figure comes from the
            newest edition that has it for ``year``; ``df.attrs["editions"]`` says which.

    Each row says which of its figures are NATO estimates (``estimate_figures``; ``is_estimate``
    is the share of GDP's flag) and whether its share of GDP comes from a secondary report of
    NATO's table (``secondary_source``) rather than the table itself.

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
    allies = table.index[table["kind"] == "ally"]
    flags: dict[str, pd.Series] = {}  # figure → is the value a NATO estimate (None: no value)
    methods: dict[str, str] = {}  # figure → how the aggregates of that figure were obtained
    secondary = pd.Series(False, index=table.index)

    for figure, edition_used in chosen.items():
        values = pd.Series(float("nan"), index=table.index)
        estimate = pd.Series(None, index=table.index, dtype=object)
        if edition_used is not None:
            got = _figure(edition_used.label, year, figure)
            values.update(got["value"].reindex(allies))
            estimate[allies] = got["is_estimate"].reindex(allies).astype(object)
            if figure == HEADLINE:
                primary, note = _secondary_refs(edition_used.dataset)
                if primary is not None:
                    refs = got["source_ref"].reindex(allies)
                    secondary[allies] = refs.notna() & ~refs.isin(primary) & got["value"].reindex(allies).notna()
                    if secondary.any():
                        table.attrs["secondary_note"] = note
            if figure not in NO_AGGREGATE:
                agg_values, agg_estimate, method = _aggregate_figure(edition_used.label, year, figure)
                for code in AGGREGATES:
                    value = agg_values.get(code, float("nan"))
                    values[code] = value
                    if value == value:
                        estimate[code] = agg_estimate.get(code)
                        methods[figure] = method
        table[figure] = values.astype(float)
        flags[figure] = estimate.where(table[figure].notna(), None)

    table["is_estimate"] = flags[HEADLINE].astype("boolean")
    table["estimate_figures"] = [
        tuple(f for f in FIGURES if flags[f][code] is True or flags[f][code] == True)  # noqa: E712 (numpy bools)
        for code in table.index
    ]
    table["secondary_source"] = secondary.astype(bool)
    table["aggregate_method"] = _describe_methods(methods) if methods else None
    table.loc[table["kind"] == "ally", "aggregate_method"] = None
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
        "estimate_figures",
        "secondary_source",
        "rank",
        *FIGURES,
        "price_base_year",
        "aggregate_method",
        *[c for c in table.columns if c.startswith("meets_")],
    ]
    return table[columns]
