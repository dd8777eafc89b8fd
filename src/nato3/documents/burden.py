"""The burden document: who pays for NATO in one year.

Every group's and every ally's share of the alliance's defence spending and GDP, the fair-share
index, spending per person, share of military personnel and real change; the alliance's totals;
the Olson–Zeckhauser test and the joint-product diagnostic for that year. Rendered by
``nato3 burden``, ``GET /api/v1/burden``, the Who pays page, the overview's "US share of
spending" card, and the report's "Who pays" and headline money figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from nato3.documents import burden_common as common
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

TITLE = "Who pays for NATO"
YEAR = Column("year", "Year", kind="year", display=False)
EDITION = Column("edition", "Edition", kind="text", display=False, description="NATO edition or SIPRI release")
STATISTICS = {
    "olson_zeckhauser": [
        Column("spearman_rho", "Spearman ρ", "coefficient"),
        Column("spearman_p", "p (ρ)", "p-value", digits=4),
        Column("kendall_tau", "Kendall τ", "coefficient", priority=1),
        Column("kendall_p", "p (τ)", "p-value", digits=4, priority=1),
        Column("n", "n", "allies", kind="integer", description="Allies with both figures"),
    ],
    "joint_product": [
        Column("wilcoxon_w", "Wilcoxon W", "statistic", digits=1),
        Column("wilcoxon_p", "p", "p-value", digits=4),
        Column(
            "median_difference_pp",
            "Median difference",
            "percentage points",
            digits=3,
            description="Median of spending share − benefit share",
        ),
        Column(
            "n_above",
            "Paying more",
            "allies",
            kind="integer",
            description="Allies whose spending share is above their benefit share",
        ),
        Column("n", "n", "allies", kind="integer", description="Allies with both shares"),
    ],
}
COMPARISONS = {
    ("levels", "all"): "GDP vs burden, all allies",
    ("levels", "without_usa"): "GDP vs burden, without the US",
    ("growth", "all"): "GDP share vs real growth, all allies",
    ("growth", "without_usa"): "GDP share vs real growth, without the US",
}
BENEFITS = {"gdp": "GDP share", "population": "Population share"}


def build(
    year: int | None = None,
    source: str = "nato",
    edition: str | None = None,
    prices: str = "constant",
    groups: Sequence[str] | None = None,
) -> Document:
    """One year of burden sharing from ``source`` (``nato`` or ``sipri``) in ``prices``
    (``constant`` or ``current`` US$), for every built-in group or the headline pair plus
    ``groups`` (built-in ids or ``NAME=ISO3,ISO3``). NATO's year and edition default to the
    defaults rule's money view; SIPRI's edition is the release in effect.

    Raises:
        Nato3Error: naming its parameter: unknown source, prices, edition or group; an edition
            without spending in US$; a year without it; a group with no ally that year.
    """
    from nato3.burden.choices import as_prices, as_source
    from nato3.burden.groups import resolve_groups
    from nato3.burden.report import year_report

    source, prices = as_source(source).value, as_prices(prices).value
    chosen_groups = resolve_groups(groups)  # checked before any figure is read
    chosen = common.single_year(source, year, edition)
    report = year_report(chosen.year, source, chosen.edition, groups, prices)
    unit = _units(report)
    tables = {
        "group_shares": _groups(report, unit),
        "ally_shares": _allies(report, unit),
        "alliance": _alliance(report, unit),
        "olson_zeckhauser": _olson_zeckhauser(report),
        "joint_product": _joint_product(report),
    }
    iceland = (
        "Iceland, without armed forces, adds its GDP, as in NATO's totals"
        if source == "nato"
        else "Iceland, without armed forces, has no spending and so no derived GDP: it adds nothing"
    )
    notes = [
        "Allies count from their accession year. A total is unknown (–), never a partial sum, when an ally lacks "
        f"the figure; {iceland}.",
        "Fair share: an ally's share of the alliance's spending ÷ its share of the alliance's GDP; above 1 it pays "
        "more than its economic weight.",
        *common.derived_notes(report.derived),
        *_status_note(source, chosen),
        *report.notes,
    ]
    return Document(
        kind="burden",
        title=f"{TITLE}, {report.year}",
        parameters={
            "year": report.year,
            "source": source,
            "edition": chosen.edition,
            "prices": prices,
            "groups": [g.group_id if g.definition != "user-defined" else _spec(g) for g in chosen_groups],
        },
        tables=tables,
        sources=sources(*report.tables),
        editions=[chosen.use],
        caveats=report.caveats,
        notes=notes,
    )


def _spec(group) -> str:
    return f"{group.name}={','.join(group.members)}"


def _units(report) -> dict[str, str]:
    from nato3.burden.metrics import units

    return units(report.source, report.prices, report.price_base)


def _derived(report, kind: str) -> set[str]:
    from nato3.burden.metrics import derived_indicators

    return derived_indicators(report.source, kind)


def _measures(frame, report, kind: str, unit: dict[str, str], only=None):
    """The measure columns and the frame with the documents' names and estimate marks."""
    columns = common.share_columns(unit, _derived(report, kind), only)
    frame = frame.rename(columns=common.RENAMED)
    frame["year"] = report.year
    frame["edition"] = report.edition
    frame["marks"] = common.estimate_marks(frame, [c.name for c in columns])
    return columns, frame


def _groups(report, unit: dict[str, str]) -> Table:
    columns, frame = _measures(report.groups, report, "group", unit)
    leading = [
        Column("group", "Group id", kind="text", display=False, description="Built-in id or the name given"),
        Column("name", "Group", kind="text"),
        Column("members", "Members", kind="list", display=False, description="ISO3 codes of the group's members"),
        Column("n_members", "Allies", "allies", kind="integer", description="Members that were allies that year"),
    ]
    columns = leading + columns + [YEAR, EDITION]
    title = f"Groups' shares of the alliance, {report.year}"
    table = Table("group_shares", title, columns, frame[[c.name for c in columns] + ["marks"]])
    table.notes = ["Groups may overlap; the United States and Europe and Canada make up the whole alliance."]
    return table


def _allies(report, unit: dict[str, str]) -> Table:
    columns, frame = _measures(report.allies, report, "ally", unit)
    share = frame["spending_share_pct"]
    frame["rank"] = share.rank(ascending=False, method="first").astype("Int64")
    leading = [
        Column("rank", "#", kind="integer", description="Rank by share of the alliance's spending"),
        Column("country", "Ally", kind="text"),
        Column("iso3", "ISO3", kind="text", display=False),
    ]
    columns = leading + columns + [YEAR, EDITION]
    title = f"Allies by share of the alliance's spending, {report.year}"
    return Table("ally_shares", title, columns, frame[[c.name for c in columns] + ["marks"]])


def _alliance(report, unit: dict[str, str]) -> Table:
    only = ("burden_pct", "real_change_pct", "per_capita_usd", "spending_musd", "gdp_musd")
    frame = report.alliance.assign(name="NATO, all allies", is_estimate=report.allies["is_estimate"].any())
    columns, frame = _measures(frame, report, "group", unit, only)
    leading = [
        Column("name", "Alliance", kind="text"),
        Column("n_members", "Allies", "allies", kind="integer", description="Allies counted that year"),
    ]
    columns = leading + columns + [YEAR, EDITION]
    return Table("alliance", f"The alliance, {report.year}", columns, frame[[c.name for c in columns] + ["marks"]])


def _olson_zeckhauser(report) -> Table:
    from nato3.burden.exploitation import HYPOTHESIS, RATIO_BIAS

    frame = report.olson_zeckhauser.copy()
    frame["comparison"] = [COMPARISONS[(t, s)] for t, s in zip(frame["test"], frame["sample"], strict=True)]
    columns = [
        Column("comparison", "Olson–Zeckhauser test", kind="text"),
        Column("test", "Test", kind="text", display=False, description="levels: GDP vs burden; growth: vs growth"),
        Column("sample", "Sample", kind="text", display=False, description="all allies, or without the US"),
        *STATISTICS["olson_zeckhauser"],
        YEAR,
        EDITION,
    ]
    table = Table("olson_zeckhauser", f"Do larger allies carry a larger burden? {report.year}", columns, frame)
    table.notes = [HYPOTHESIS, RATIO_BIAS]
    return table


def _joint_product(report) -> Table:
    from nato3.burden.joint_product import INTERPRETATION

    frame = report.joint_product.copy()
    frame["benefit"] = frame["proxy"].map(BENEFITS)
    columns = [
        Column("benefit", "Benefit share", kind="text"),
        Column("proxy", "Proxy", kind="text", display=False, description="gdp or population"),
        *STATISTICS["joint_product"],
        YEAR,
        EDITION,
    ]
    title = f"Joint products: spending share against benefit share, {report.year}"
    table = Table("joint_product", title, columns, frame)
    table.notes = [INTERPRETATION]
    return table


def _status_note(source: str, chosen: common.Chosen) -> list[str]:
    """Shares of GDP come from the money edition; say when the status view uses another."""
    if source != "nato":
        return []
    from nato3.documents.defaults import standing_view
    from nato3.errors import Nato3Error

    try:
        standing = standing_view(chosen.year).edition.label
    except Nato3Error:
        return []
    if standing == chosen.edition:
        return []
    return [
        f"Shares of GDP here come from the {chosen.edition} edition, like every figure of this view (one edition "
        f"answers it); where each ally stands (status) shows {chosen.year} from the {standing} edition, whose "
        "shares of GDP can differ."
    ]
