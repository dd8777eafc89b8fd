"""Response models of the NATO 3.0 ledger endpoints (``/api/v1/ledger/...``).

Every response is a :class:`~nato3.web.schemas.Provenance` (``source``, ``edition``) with
``caveats`` (what the numbers do and do not count) and ``secondary_note``; rows whose source is
secondary (news, aggregators, mirrors, think-tank abstracts) carry ``is_secondary = true`` and
``src = "†"``, with their own ``source_title`` and ``source_url`` where the row has one.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from nato3.web.schemas import Provenance

MARK = Field("", description="'†' when the row's source is secondary, else empty.")


class LedgerProvenance(Provenance):
    caveats: list[str] = Field(description="What the figures count and what they do not; read before use.")
    secondary_note: str = Field(description="What the mark † means.")


# --- US posture ----------------------------------------------------------------------------------


class PostureHost(BaseModel):
    """US active-duty personnel permanently assigned in one host (DMDC; rotational forces excluded)."""

    period_end: str
    iso3: str
    dmdc_country_name: str | None = None
    host_region: str | None = None
    us_army: int | None = None
    us_navy: int | None = None
    us_marine_corps: int | None = None
    us_air_force: int | None = None
    us_space_force: int | None = None
    us_coast_guard: int | None = None
    us_active_duty_military_total: int = Field(description="DMDC's total (equals the sum of the services).")
    services_sum: int | None = None
    previous_period: str | None = None
    previous_total: int | None = None
    us_change_executed: int | None = Field(None, description="Counted US changes in this host, executed.")
    us_change_executed_events: str | None = None
    us_change_announced: int | None = Field(None, description="Counted US changes, announced or planned.")
    us_change_announced_events: str | None = None
    caveat: str
    source_kind: str
    is_secondary: bool
    src: str = MARK


class EuropeTotal(BaseModel):
    period_end: str
    us_personnel: int = Field(description="DMDC, permanently assigned, summed over the European allies read.")
    hosts_read: int
    hosts_missing: str = Field(description="European allies the source was not read for (';'-separated).")
    complete: bool
    caveat: str


class TimelinePoint(BaseModel):
    """A level (DMDC; EUCOM/DoD incl. rotational) or a change (events): separate series, never added."""

    date: str
    series: str
    value_kind: Literal["level", "change"]
    us_personnel: float | None = None
    complete: bool
    note: str | None = None
    source: str
    source_url: str | None = None
    status: str | None = None
    source_kind: str | None = None
    is_secondary: bool
    src: str = MARK


class PostureResponse(LedgerProvenance):
    period: str = Field(description="The DMDC report period of `data`.")
    data: list[PostureHost]
    europe_totals: list[EuropeTotal]
    timeline: list[TimelinePoint]


# --- events ledger -------------------------------------------------------------------------------


class LedgerSum(BaseModel):
    """Counted personnel changes, executed apart from announced or planned; persons."""

    date: str | None = None
    host_iso3: str | None = None
    status_group: str
    us: int
    europe: int
    canada: int
    mixed: int = Field(description="Several actors including the US (NATO battlegroups): not split.")
    total: int
    event_ids: str = Field(description="The event rows summed (';'-separated).")


class EventRow(BaseModel):
    event_id: str
    date: str
    actor_iso3: str
    host_iso3: str = Field(description="Host code(s), ';'-separated; EUR = several European hosts.")
    unit: str | None = None
    change_personnel: int | None = Field(None, description="A change in persons; blank for level rows.")
    level_personnel: float | None = Field(None, description="Level rows only, for display: never added.")
    status: str
    status_group: str | None = None
    actor_group: Literal["us", "europe", "canada", "mixed"]
    row_type: str
    counted: bool = Field(description="Whether the row enters the sums.")
    reason: str = Field(description="Why a row is not added, or a caveat.")
    description: str | None = None
    notes: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    source_kind: str | None = None
    is_secondary: bool = False
    src: str = MARK


class EventsResponse(LedgerProvenance):
    view: Literal["date", "host", "total"]
    host: str | None = None
    data: list[LedgerSum] = Field(description="The ledger by `view`.")
    totals: list[LedgerSum]
    events: list[EventRow]


# --- forces, commands ----------------------------------------------------------------------------


class ForceShareRow(BaseModel):
    date: str
    us_series: str
    us_in_europe: float
    us_is_lower_bound: bool = Field(description="DMDC (rotational forces excluded): a lower bound.")
    europe_personnel: float
    europe_year: int = Field(description="The NATO year of the European figure.")
    europe_is_estimate: bool
    share_europe_pct: float = Field(description="Europe ÷ (Europe + US in Europe), % of personnel.")
    us_source: str
    us_source_kind: str | None = None
    is_secondary: bool
    src: str = MARK


class EuropePersonnelRow(BaseModel):
    year: int
    europe_personnel: float
    n_members: int
    n_with_personnel: int
    is_estimate: bool
    edition: str


class ForcesResponse(LedgerProvenance):
    counted: str = Field(description="What is counted: personnel is a proxy, not capability.")
    data: list[ForceShareRow]
    europe_personnel: list[EuropePersonnelRow]


class CommandPost(BaseModel):
    """One senior post: holder now and after the reallocation agreed on 6 February 2026."""

    post: str
    command: str
    level: str
    holder_iso3_now: str | None = None
    holder_name_now: str | None = None
    holder_group_now: str
    basis_now: str
    uncertain_now: bool
    source_title_now: str | None = None
    source_url_now: str | None = None
    source_kind_now: str | None = None
    is_secondary_now: bool
    src_now: str = MARK
    holder_iso3_after: str | None = None
    holder_name_after: str | None = None
    holder_group_after: str
    basis_after: str
    uncertain_after: bool
    source_title_after: str | None = None
    source_url_after: str | None = None
    source_kind_after: str | None = None
    is_secondary_after: bool
    src_after: str = MARK
    changes_group: bool = Field(description="The post passes between the US and Europe.")


class CommandShare(BaseModel):
    state: str
    level: str
    posts: int
    europe: int
    us: int
    share_europe_pct: float | None = None


class CommandHolder(BaseModel):
    date: str
    post: str
    level: str
    holder_iso3: str | None = None
    holder_name: str | None = None
    holder_group: str = Field(description="us, europe, mixed, or unknown (no tenure with a known start).")
    uncertain: bool


class CommandsResponse(LedgerProvenance):
    decision: str
    data: list[CommandPost]
    share: list[CommandShare]
    timeline: list[CommandHolder]


# --- industry ------------------------------------------------------------------------------------


class ProductionRow(BaseModel):
    item: str | None = None
    producer: str | None = None
    producer_type: str | None = None
    region: str
    scope: str | None = None
    calibre: str | None = Field(None, description="155mm, 'all calibres' (Russia: not one-for-one) or not stated.")
    year: int
    measure: str = Field(description="output, capacity or target.")
    quantity_per_year: float | None = None
    monthly_rate: float | None = Field(None, description="US rows: the monthly rate the yearly figure is 12 × of.")
    range_value: str | None = None
    caveat: str | None = None
    notes: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    source_kind: str | None = None
    is_secondary: bool = False
    src: str = MARK


class ProjectionRow(BaseModel):
    region: str
    year: int
    measure: str
    projected: float
    target: float
    growth: float
    is_projection: bool = Field(description="True for every projected year; the base year is observed.")


class ProjectionSummary(BaseModel):
    region: str
    base: dict[str, Any] = Field(description="The observed row the projection starts from.")
    growth: float = Field(description="Assumed growth a year (an assumption, not a source figure).")
    target: float
    target_label: str
    years_to_target: int | None = None
    reached_in: int | None = None
    note: str


class IndustryResponse(LedgerProvenance):
    item: str
    data: list[ProductionRow]
    companies: list[ProductionRow] = Field(description="Company figures (155 mm): never added to regions.")
    projection: list[ProjectionRow] = Field(description="155 mm only: a PROJECTION at an assumed growth rate.")
    projection_summary: ProjectionSummary | None = None


# --- drawdowns -----------------------------------------------------------------------------------


class ReferenceEstimate(BaseModel):
    fact_id: str
    topic: str
    statement: str
    value: str | None = None
    unit: str | None = None
    as_of: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    source_kind: str | None = None
    is_secondary: bool = False
    src: str = MARK


class DrawdownInfo(BaseModel):
    name: str
    title: str
    description: str
    backfill_by: str
    backfill_ratio: float
    withdrawals: int
    us_baseline: str
    us_withdrawn: float
    backfill_personnel: float
    backfill_cost_musd_per_year: float
    share_europe_before_pct: float
    share_europe_after_pct: float
    cost_basis: str


class DrawdownsResponse(LedgerProvenance):
    data: list[DrawdownInfo]
    references: list[ReferenceEstimate] = Field(description="IISS (2025) and Bruegel/Kiel (2025) estimates.")


class DrawdownStep(BaseModel):
    item: int
    date: str
    host: str
    event_id: str | None = None
    unit: str | None = None
    note: str | None = None
    status: str
    personnel: float = Field(description="US personnel withdrawn.")
    personnel_from_event: bool
    backfill_by: str
    backfill_personnel: float
    cost_per_soldier_usd: float
    backfill_cost_musd_per_year: float
    us_in_europe_after: float
    europe_after: float
    share_europe_after_pct: float
    share_europe_no_backfill_pct: float
    source_title: str | None = None
    source_url: str | None = None
    source_kind: str | None = None
    is_secondary: bool = False
    src: str = MARK


class CostPerSoldier(BaseModel):
    backfill_allies: str
    iso3: str = Field(description="An ally, or 'group' for the backfilling allies together.")
    year: int
    edition: str
    is_estimate: bool
    defence_exp_musd_current: float
    personnel_share_pct: float
    military_personnel_thousands: float
    personnel_spending_musd: float
    cost_per_soldier_usd: float


class DrawdownSummary(BaseModel):
    scenario: str
    title: str
    us_baseline: str
    us_baseline_date: str
    us_in_europe_before: float
    us_withdrawn: float
    us_in_europe_after: float
    us_reduction_pct: float
    backfill_ratio: float
    backfill_personnel: float
    backfill_cost_musd_per_year: float
    cost_basis: str
    europe_personnel_before: float
    europe_personnel_year: int
    share_europe_before_pct: float
    share_europe_after_pct: float
    share_europe_after_no_backfill_pct: float


class DrawdownResponse(LedgerProvenance):
    name: str
    title: str
    description: str
    scenario: dict[str, Any] = Field(description="The built-in scenario as defined (baseline, backfill, withdrawals).")
    summary: DrawdownSummary
    data: list[DrawdownStep]
    cost_per_soldier: list[CostPerSoldier]
    references: list[ReferenceEstimate]
