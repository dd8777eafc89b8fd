"""Response models of the burden-sharing endpoints (``/api/v1/burden``, ``/api/v1/burden/tests``).

These keep the JSON shape of ``nato3 burden --format json`` and ``nato3 burden test --format json``,
so a script can switch between the command and the API: there ``source`` names the data source
(``nato`` or ``sipri``), ``edition`` the one edition used, and ``sources`` lists the tables (the
same :class:`~nato3.web.schemas.Source` entries every other response carries in ``source``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from nato3.web.schemas import Source

DataSource = Literal["nato", "sipri"]


class Shares(BaseModel):
    """One ally's or group's part of the alliance in one year."""

    spending_share_pct: float | None = Field(None, description="Share of the alliance's defence spending, %.")
    gdp_share_pct: float | None = Field(None, description="Share of the alliance's GDP, %.")
    fair_share_index: float | None = Field(
        None, description="Spending share ÷ GDP share: above 1 pays more than its economic weight."
    )
    per_capita_usd: float | None = Field(None, description="Defence spending per inhabitant, US$.")
    personnel_share_pct: float | None = Field(None, description="Share of military personnel, % (NATO only).")
    population_share_pct: float | None = Field(None, description="Share of the alliance's population, %.")
    burden_pct: float | None = Field(None, description="Defence spending ÷ GDP, %.")
    real_change_pct: float | None = Field(None, description="Real change of spending on the year before, %.")
    spending_musd: float | None = Field(None, description="Defence spending, million US$ (see price_base).")
    gdp_musd: float | None = Field(None, description="GDP, million US$ (SIPRI: derived).")
    is_estimate: bool | None = Field(None, description="The source marks a figure as an estimate.")


class _GroupKey(BaseModel):
    group: str = Field(description="Group id: a built-in id or the name given as NAME=ISO3,ISO3.")
    name: str
    members: list[str] = Field(description="ISO3 codes of the group (only allies of that year count).")
    n_members: int = Field(description="Members that were allies that year.")


class BurdenGroup(Shares, _GroupKey):  # the last base's fields come first
    pass


class _AllyKey(BaseModel):
    iso3: str
    country: str


class BurdenAlly(Shares, _AllyKey):
    pass


class BurdenAlliance(BaseModel):
    year: int
    n_members: int
    spending_musd: float | None = None
    gdp_musd: float | None = None
    burden_pct: float | None = None
    real_change_pct: float | None = None
    per_capita_usd: float | None = None
    edition: str


class RankTest(BaseModel):
    """Spearman's ρ and Kendall's τ with two-sided p-values; null when fewer than three allies."""

    spearman_rho: float | None = None
    spearman_p: float | None = None
    kendall_tau: float | None = None
    kendall_p: float | None = None
    n: int = Field(description="Allies with both figures.")


class GrowthTest(RankTest):
    without_usa: RankTest


class OlsonZeckhauser(RankTest):
    """The levels test (GDP against burden), all allies; without the US; and the growth variant."""

    test: str
    without_usa: RankTest
    growth: GrowthTest = Field(description="GDP share against real spending growth (no shared denominator).")
    hypothesis: str
    ratio_bias: str = Field(description="Why the levels test leans negative: burden has GDP in its denominator.")


class Wilcoxon(BaseModel):
    wilcoxon_w: float | None = None
    wilcoxon_p: float | None = None
    median_difference_pp: float | None = Field(None, description="Median of spending share − benefit share, pp.")
    n_above: int = Field(description="Allies whose spending share is above their benefit share.")
    n: int


class JointProduct(BaseModel):
    gdp: Wilcoxon
    population: Wilcoxon
    interpretation: str


class BurdenResponse(BaseModel):
    """One year of burden sharing: the same document as ``nato3 burden --format json``."""

    year: int
    source: DataSource = Field(description="Data source: NATO's series (2014-2024) or SIPRI's (1949-2024).")
    edition: str = Field(description="The NATO edition, or SIPRI's release, every figure comes from.")
    prices: str
    price_base: str
    alliance: BurdenAlliance
    groups: list[BurdenGroup]
    allies: list[BurdenAlly] = Field(description="Allies of that year, by share of spending (largest first).")
    olson_zeckhauser: OlsonZeckhauser
    joint_product: JointProduct
    derived: dict[str, str] = Field(description="Figures the source does not publish, and how they were derived.")
    notes: list[str]
    sources: list[Source] = Field(description="Every table the figures were computed from.")

    def table_rows(self, table: str | None = None) -> list[dict[str, Any]]:
        """The CSV of ``nato3 burden --format csv``: one row per group, then per ally."""
        head = {"source": self.source, "edition": self.edition, "year": self.year}
        share_keys = list(Shares.model_fields)
        rows = []
        for g in self.groups:
            shares = g.model_dump(include=set(share_keys))
            rows.append({**head, "kind": "group", "id": g.group, "name": g.name, "n_members": g.n_members, **shares})
            rows[-1]["members"] = g.members
        for a in self.allies:
            shares = a.model_dump(include=set(share_keys))
            rows.append({**head, "kind": "ally", "id": a.iso3, "name": a.country, "n_members": None, **shares})
        return rows


class _TestKey(BaseModel):
    year: int
    edition: str
    test: Literal["levels", "growth"] = Field(description="levels: GDP against burden; growth: against real growth.")
    sample: Literal["all", "without_usa"]


class OlsonZeckhauserRow(RankTest, _TestKey):
    pass


class _ProxyKey(BaseModel):
    year: int
    edition: str
    proxy: Literal["gdp", "population"] = Field(description="The benefit share paired with the spending share.")


class JointProductRow(Wilcoxon, _ProxyKey):
    pass


class BurdenTestsResponse(BaseModel):
    """The tests year by year: the same document as ``nato3 burden test --format json``."""

    source: DataSource
    from_year: int
    to_year: int
    editions: list[str]
    olson_zeckhauser: list[OlsonZeckhauserRow]
    joint_product: list[JointProductRow]
    notes: list[str] = Field(description="The hypothesis, the ratio bias of the levels test, how to read Wilcoxon.")
    derived: dict[str, str]
    sources: list[Source]

    def table_rows(self, table: str | None = None) -> list[dict[str, Any]]:
        """CSV rows: ``olson_zeckhauser`` (default) or ``joint_product``, each with its source."""
        rows = self.joint_product if table == "joint_product" else self.olson_zeckhauser
        return [{"source": self.source, **r.model_dump()} for r in rows]
