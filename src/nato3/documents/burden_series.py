"""The burden-series document: the United States against Europe and Canada, year by year — each
one's defence spending and share of the alliance's, from NATO's data (one edition) or SIPRI's.

The chart of the overview page, the Who pays page (NATO and SIPRI) and the report's "Who pays"
are drawn from it.
"""

from __future__ import annotations

from nato3.documents import burden_common as common
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

TITLE = "Who pays for NATO: the United States and Europe and Canada"
SHARES = ("united_states_share_pct", "europe_and_canada_share_pct")


def build(
    source: str = "nato",
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
    prices: str = "constant",
) -> Document:
    """Per year from ``from_year`` to ``to_year`` (default: every year the source has spending in
    US$; NATO: in one edition, the defaults rule's money view unless ``edition``).

    Raises:
        Nato3Error: naming its parameter: unknown source, prices or edition, an inverted range,
            a year without spending in US$.
    """
    from nato3.burden.analysis import headline_series
    from nato3.burden.choices import as_prices, as_source
    from nato3.burden.metrics import units
    from nato3.burden.rows import price_base

    source, prices = as_source(source).value, as_prices(prices).value
    chosen, first = common.year_range(source, from_year, to_year, edition)
    frame = headline_series(source, first, chosen.year, chosen.edition, prices)
    money = units(source, prices, price_base(as_source(source), [chosen.edition]))["spending_musd"]
    columns = [
        Column("year", "Year", kind="year"),
        Column("united_states_share_pct", "United States %", "% of the alliance's defence spending"),
        Column("europe_and_canada_share_pct", "Europe and Canada %", "% of the alliance's defence spending"),
        Column("united_states_spending_musd", "United States, US$ m", money, digits=0, priority=1),
        Column("europe_and_canada_spending_musd", "Europe and Canada, US$ m", money, digits=0, priority=1),
        Column("edition", "Edition", kind="text", display=False, description="NATO edition or SIPRI release"),
    ]
    frame["marks"] = common.estimate_marks(frame, [c.name for c in columns[1:5]])
    span = f"{first}–{chosen.year}"
    table = Table("us_europe", f"Shares of the alliance's defence spending, {span}", columns, frame)
    gaps = frame.loc[frame["united_states_share_pct"].isna(), "year"].tolist()
    caveats = (
        [f"No share for {', '.join(map(str, gaps))}: the source lacks an ally's spending, so the total is unknown."]
        if gaps
        else []
    )
    return Document(
        kind="burden_series",
        title=f"{TITLE}, {span}",
        parameters={
            "source": source,
            "from_year": first,
            "to_year": chosen.year,
            "edition": chosen.edition,
            "prices": prices,
        },
        tables={"us_europe": table},
        sources=sources(*frame.attrs["tables"]),
        editions=[chosen.use],
        caveats=caveats,
        notes=[
            "Allies count from their accession year; the two groups make up the whole alliance, so their shares "
            "sum to 100 % in every year the total is known.",
        ],
    )
