"""How each NATO figure changed from one edition to the next.

NATO republishes its whole series every year: estimates become outturns, history is revised
(new GDP data, late national reports) and sometimes the price base moves (2015 prices in the
2024 edition, 2021 prices in the 2025 edition). For every ally, year and figure published by at
least two editions, this module pairs each edition's value with the previous edition's value for
the same ally and year, says whether it went from estimate to outturn, and whether the change
means anything:

* shares and percentages (share of GDP, real change, Table 8 shares) are ratios: comparable
  across editions, though a share of *real* GDP is computed in each edition's constant prices,
  so part of a revision can come from the new price base;
* money in current prices is comparable (revisions come from new data and exchange rates);
* money in constant prices is **not** comparable when the price base differs: those pairs carry
  no change, and say why;
* nothing is comparable across a **definition break**: the 2026 edition measures *core* defence
  expenditure (the Hague definition) where earlier editions measured *total* defence expenditure.
  Such pairs (Poland 2025e: 4.48 % total in the 2025 edition, 4.25 % core in the 2026 edition)
  are flagged ``definition_change``, carry no change, and say that the definition changed — not
  only the figure.

Editions are those in ``nato_series`` plus bundled extracts of other editions (kind
``nato_edition_extract``, e.g. the 2023 edition's 2023e shares), each with its provenance.
"""

from __future__ import annotations

import json

import pandas as pd

from nato3.errors import Nato3Error
from nato3.store.database import query

EXTRACT_KIND = "nato_edition_extract"
# Relative differences below this are rounding (the 2023 extract has 10 significant digits).
UNCHANGED = 1e-8
# Harmonised figure → (label, how it compares across editions).
FIGURES = {
    "defence_share_gdp_pct": ("share of real GDP (%)", "ratio"),
    "defence_exp_real_change_pct": ("real change (%)", "ratio"),
    "equipment_share_pct": ("equipment share (%)", "ratio"),
    "personnel_share_pct": ("personnel share (%)", "ratio"),
    "infrastructure_share_pct": ("infrastructure share (%)", "ratio"),
    "other_share_pct": ("other share (%)", "ratio"),
    "military_personnel_thousands": ("military personnel (thousands)", "count"),
    "defence_exp_musd_current": ("defence expenditure, current US$ m", "current"),
    "gdp_musd_current": ("GDP, current US$ m", "current"),
    "defence_exp_musd_const": ("defence expenditure, constant US$ m", "constant"),
    "gdp_musd_const": ("GDP, constant US$ m", "constant"),
    "gdp_per_capita_kusd_const": ("GDP per capita, constant US$ k", "constant"),
    "defence_exp_per_capita_usd_const": ("defence expenditure per capita, constant US$", "constant"),
}
COLUMNS = [
    "iso3",
    "year",
    "figure",
    "edition_from",
    "value_from",
    "estimate_from",
    "price_base_from",
    "edition_to",
    "value_to",
    "estimate_to",
    "price_base_to",
    "definition_from",
    "definition_to",
    "definition_change",
    "change",
    "comparable",
    "status",
    "revised",
    "note",
]


def _editions() -> pd.DataFrame:
    """Every edition with a label, publication date, price base, definition and the table it comes from."""
    from nato3.store.views import definition_of

    in_series = query(
        "SELECT DISTINCT s.edition, s.published, s.price_base_year, s.definition, s.dataset FROM nato_series s "
        "ORDER BY s.published"
    )
    extracts = query("SELECT name, edition, descriptor FROM _resources WHERE kind = ?", [EXTRACT_KIND])
    rows = in_series.to_dict("records")
    labels = {r["edition"] for r in rows}
    for name, edition, text in extracts.itertuples(index=False):
        d = json.loads(text)
        if edition not in labels:  # an edition in nato_series (e.g. imported in full) wins over an extract
            rows.append(
                {
                    "edition": edition,
                    "published": d.get("published"),
                    "price_base_year": d.get("price_base_year"),
                    "definition": definition_of(d),
                    "dataset": name,
                }
            )
    return pd.DataFrame(rows).sort_values("published", kind="stable").reset_index(drop=True)


def _where(value_column: str, iso3: str | None, year: int | None) -> tuple[str, list]:
    where, params = [f"{value_column} IS NOT NULL", "iso3 NOT LIKE 'NATO\\_%' ESCAPE '\\'"], []
    if iso3:
        where.append("iso3 = ?")
        params.append(iso3)
    if year is not None:
        where.append("year = ?")
        params.append(year)
    return " AND ".join(where), params


def _values(figure: str, editions: pd.DataFrame, iso3: str | None, year: int | None) -> pd.DataFrame:
    """edition, iso3, year, is_estimate, value: from nato_series and from each extract that has the figure."""
    cond, params = _where(figure, iso3, year)
    frames = [
        query(f"SELECT edition, iso3, year, is_estimate, {figure} AS value FROM nato_series WHERE {cond}", params)
    ]
    extracts = query("SELECT name, edition, descriptor FROM _resources WHERE kind = ?", [EXTRACT_KIND])
    wanted = set(editions["dataset"])
    for name, edition, text in extracts.itertuples(index=False):
        source = {v: k for k, v in json.loads(text).get("harmonised", {}).items()}
        if name not in wanted or figure not in source:
            continue
        column, estimate = f'"{source[figure]}"', f'"{source["is_estimate"]}"'
        cond, params = _where(column, iso3, year)
        sql = (
            f"SELECT ? AS edition, iso3, year, coalesce({estimate} = 'e', false) AS is_estimate, "
            f'{column} AS value FROM "{name}" WHERE {cond}'
        )
        frames.append(query(sql, [edition, *params]))
    return pd.concat(frames, ignore_index=True)


def _status(before: bool, after: bool) -> str:
    """estimate → outturn, estimate → estimate, outturn → outturn or outturn → estimate."""
    name = {True: "estimate", False: "outturn"}
    return f"{name[bool(before)]} → {name[bool(after)]}"


def _revised(old: float, new: float) -> bool:
    """True unless the values differ only by rounding (relative difference below UNCHANGED)."""
    return abs(new - old) > UNCHANGED * max(1.0, abs(old))


def _note(kind: str, base_from, base_to, definition_from: str, definition_to: str) -> tuple[bool, str]:
    """Whether a pair of values is comparable, and a note saying why (not)."""
    if definition_from != definition_to:
        return False, f"definition changed ({definition_from} → {definition_to} defence expenditure): not a revision"
    same = base_from == base_to
    if kind == "constant" and not same:
        return False, f"not comparable: {base_from} prices vs {base_to} prices"
    if kind == "ratio" and not same:
        return True, f"price base {base_from} → {base_to}: a ratio, so comparable"
    if kind == "current":
        return True, "current prices: revisions come from new data and exchange rates"
    return True, ""


def revisions(figure: str = "defence_share_gdp_pct", iso3: str | None = None, year: int | None = None) -> pd.DataFrame:
    """One row per ally, year and pair of consecutive editions that both publish ``figure``.

    ``change`` is the later value minus the earlier one, or missing when the values are not
    comparable (constant prices with different bases, or a change of definition:
    ``definition_change`` with ``definition_from``/``definition_to``). ``df.attrs["editions"]``
    describes each edition (publication date, price base, definition, table).

    Raises:
        Nato3Error: unknown ``figure`` (parameter ``figure``); a ``year`` outside the years any two
            editions publish (``year``).
    """
    if figure not in FIGURES:
        raise Nato3Error(f"unknown figure {figure!r}; allowed: {', '.join(FIGURES)}", parameter="figure")
    df = _pairs(figure, iso3, year)
    if df.empty and year is not None:
        years = _paired_years(figure, iso3)
        if len(years) and not years.min() <= int(year) <= years.max():
            raise Nato3Error(
                f"year {year} is outside the years NATO revised between editions; allowed: {years.min()}–{years.max()}",
                parameter="year",
            )
    return df


def _paired_years(figure: str, iso3: str | None) -> pd.Series:
    """The years of every pair :func:`_pairs` would make (an ally-year two editions or more
    publish), without making them: only the error message of a year outside them needs these."""
    values = _values(figure, _editions(), iso3, None)
    editions_per_year = values.groupby(["iso3", "year"]).size()
    return editions_per_year[editions_per_year > 1].index.get_level_values("year").to_series()


def _pairs(figure: str, iso3: str | None, year: int | None) -> pd.DataFrame:
    editions = _editions()
    order = {e: i for i, e in enumerate(editions["edition"])}
    base = dict(zip(editions["edition"], editions["price_base_year"], strict=True))
    definition = dict(zip(editions["edition"], editions["definition"], strict=True))
    values = _values(figure, editions, iso3, year)
    rows = []
    kind = FIGURES[figure][1]
    for (code, yr), group in values.groupby(["iso3", "year"], sort=True):
        group = group.assign(rank=group["edition"].map(order)).sort_values("rank")
        records = group.to_dict("records")
        for before, after in zip(records, records[1:], strict=False):
            b_from, b_to = _int(base.get(before["edition"])), _int(base.get(after["edition"]))
            d_from, d_to = definition[before["edition"]], definition[after["edition"]]
            comparable, note = _note(kind, b_from, b_to, d_from, d_to)
            rows.append(
                {
                    "iso3": code,
                    "year": int(yr),
                    "figure": figure,
                    "edition_from": before["edition"],
                    "value_from": before["value"],
                    "estimate_from": bool(before["is_estimate"]),
                    "price_base_from": b_from,
                    "edition_to": after["edition"],
                    "value_to": after["value"],
                    "estimate_to": bool(after["is_estimate"]),
                    "price_base_to": b_to,
                    "definition_from": d_from,
                    "definition_to": d_to,
                    "definition_change": d_from != d_to,
                    "change": after["value"] - before["value"] if comparable else None,
                    "comparable": comparable,
                    "status": _status(before["is_estimate"], after["is_estimate"]),
                    "revised": _revised(before["value"], after["value"]),
                    "note": note,
                }
            )
    df = pd.DataFrame(rows, columns=COLUMNS)
    df.attrs["editions"] = editions.to_dict("records")
    df.attrs["figure"] = {"name": figure, "label": FIGURES[figure][0], "compares_as": kind}
    return df


def _int(value):
    if value is None or value != value:
        return None
    return int(value)
