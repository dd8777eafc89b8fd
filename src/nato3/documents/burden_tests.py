"""The burden-tests document: the Olson–Zeckhauser test and the joint-product diagnostic, year by
year over a range, from NATO's data (one edition) or SIPRI's (the release in effect).

Rendered by ``nato3 burden test``, ``GET /api/v1/burden/tests``, the Who pays page's chart of
the test over time and the report's "Who pays" (its table of NATO's years, its SIPRI history).
"""

from __future__ import annotations

from nato3.documents import burden_common as common
from nato3.documents.burden import BENEFITS, COMPARISONS, STATISTICS
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

TITLE = "Olson–Zeckhauser and joint-product tests"
SIGNIFICANCE = 0.05  # the level the documents' "significant" flag uses
YEAR = Column("year", "Year", kind="year")
EDITION = Column("edition", "Edition", kind="text", display=False, description="NATO edition or SIPRI release")

SUMMARY_COLUMNS = [
    Column("comparison", "Olson–Zeckhauser test", kind="text"),
    Column("test", "Test", kind="text", display=False),
    Column("sample", "Sample", kind="text", display=False),
    Column("years", "Years", "years", kind="integer", description="Years with a ρ (three or more allies)"),
    Column("significant_years", "p < 0.05", "years", kind="integer", description="Years with p < 0.05"),
    Column(
        "positive_years",
        "and ρ > 0",
        "years",
        kind="integer",
        description="Years with p < 0.05 and ρ > 0: larger allies carried more",
    ),
    Column("last_significant", "Last p < 0.05", kind="year", description="The last year with p < 0.05"),
]


def build(
    source: str = "nato",
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
    prices: str = "constant",
) -> Document:
    """The tests for every year from ``from_year`` to ``to_year`` (default: every year the source
    has spending in US$; NATO: in one edition, the defaults rule's money view unless ``edition``).

    Raises:
        Nato3Error: naming its parameter: unknown source, prices or edition, an inverted range,
            a year without spending in US$.
    """
    from nato3.burden.analysis import burden_test_tables
    from nato3.burden.choices import as_prices, as_source
    from nato3.burden.exploitation import HYPOTHESIS, RATIO_BIAS
    from nato3.burden.joint_product import INTERPRETATION
    from nato3.burden.rows import derived, tables

    source, prices = as_source(source).value, as_prices(prices).value
    chosen, first = common.year_range(source, from_year, to_year, edition)
    oz, jp = burden_test_tables(source, first, chosen.year, chosen.edition, prices)
    oz["comparison"] = [COMPARISONS[(t, s)] for t, s in zip(oz["test"], oz["sample"], strict=True)]
    oz["significant"] = (oz["spearman_p"] < SIGNIFICANCE).where(oz["spearman_p"].notna())
    jp["benefit"] = jp["proxy"].map(BENEFITS)
    significant = Column(
        "significant",
        "p < 0.05",
        kind="verdict",
        priority=2,
        description=f"Spearman's ρ significant at p < {SIGNIFICANCE:g}: true, false, or null (fewer than 3 allies)",
    )
    oz_columns = [
        YEAR,
        Column("comparison", "Olson–Zeckhauser test", kind="text"),
        Column("test", "Test", kind="text", display=False, description="levels: GDP vs burden; growth: vs growth"),
        Column("sample", "Sample", kind="text", display=False, description="all allies, or without the US"),
        *STATISTICS["olson_zeckhauser"],
        significant,
        EDITION,
    ]
    jp_columns = [
        YEAR,
        Column("benefit", "Benefit share", kind="text"),
        Column("proxy", "Proxy", kind="text", display=False, description="gdp or population"),
        *STATISTICS["joint_product"],
        EDITION,
    ]
    span = f"{first}–{chosen.year}"
    oz_table = Table("olson_zeckhauser", f"Do larger allies carry a larger burden? {span}", oz_columns, oz, "year")
    oz_table.notes = [HYPOTHESIS, RATIO_BIAS, "A dash: fewer than three allies with both figures that year."]
    jp_table = Table("joint_product", f"Joint products, {span}", jp_columns, jp, "year")
    jp_table.notes = [INTERPRETATION]
    summary = Table(
        "significance",
        f"How often the Olson–Zeckhauser test was significant, {span}",
        SUMMARY_COLUMNS,
        _significance(oz),
    )
    return Document(
        kind="burden_tests",
        title=f"{TITLE}, {span}",
        parameters={
            "source": source,
            "from_year": first,
            "to_year": chosen.year,
            "edition": chosen.edition,
            "prices": prices,
        },
        tables={"olson_zeckhauser": oz_table, "joint_product": jp_table, "significance": summary},
        sources=sources(*tables(source, [chosen.edition])),
        editions=[chosen.use],
        notes=[
            "Each year's test counts that year's allies only (from their accession year).",
            *common.derived_notes(derived(source)),
        ],
    )


def _significance(oz):
    """Per test and sample: years tested, years significant (p < 0.05), of which with ρ > 0, and the last."""
    import pandas as pd

    rows = []
    for (test, sample), part in oz.groupby(["test", "sample"], sort=False):
        tested = part[part["spearman_rho"].notna()]
        hits = tested[tested["significant"].astype(bool)]
        rows.append(
            {
                "comparison": COMPARISONS[(test, sample)],
                "test": test,
                "sample": sample,
                "years": len(tested),
                "significant_years": len(hits),
                "positive_years": int((hits["spearman_rho"] > 0).sum()),
                "last_significant": int(hits["year"].max()) if len(hits) else None,
            }
        )
    return pd.DataFrame(rows)
