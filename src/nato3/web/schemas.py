"""Pydantic models of every API response (and the request body of a saved scenario; projections
have theirs in :mod:`nato3.web.schemas_projection`).

Every data response carries ``source`` (who published the data, which edition, under which
terms) and ``edition`` (the editions its figures come from), so a figure copied out of the API
can still be cited. A new router adds its models here, built on :class:`Provenance`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Source(BaseModel):
    """Provenance of one bundled table, from its descriptor."""

    table: str = Field(description="Table name, as in `nato3 data list`.")
    title: str | None = None
    producer: str | None = None
    edition: str | None = Field(None, description="The producer's edition (vintage) of the table.")
    published: str | None = None
    licence: str | None = None
    address: str | None = Field(None, description="Where the producer publishes the original.")


class Provenance(BaseModel):
    """Fields every data response has: the sources and the editions its figures come from."""

    source: list[Source] = Field(description="Every table the response was computed from.")
    edition: list[str] = Field(description="Editions of the figures in `data`, newest first.")


class ErrorItem(BaseModel):
    parameter: str | None = Field(None, description="The parameter or body field at fault.")
    location: str | None = Field(None, description="query, path, body or header.")
    problem: str = Field(description="What was wrong and what is allowed.")


class ErrorResponse(BaseModel):
    """Every 4xx/5xx answer: a status, one readable message, and the parameters at fault."""

    status: int
    message: str
    errors: list[ErrorItem] = []


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    editions: list[str] = Field(description="NATO editions in the database, newest first.")


# --- reference data ------------------------------------------------------------------------------


class Ally(BaseModel):
    iso3: str
    name: str
    region: str | None = None
    accession_date: str | None = None
    accession_year: int | None = None


class AlliesResponse(Provenance):
    data: list[Ally]


class AllyResponse(Provenance):
    data: Ally


class Pledge(BaseModel):
    pledge_id: str
    name: str
    metric: str
    threshold_pct: float
    deadline_year: int
    agreed_on: str
    summit: str
    source_title: str | None = None
    source_url: str | None = None
    notes: str | None = None


class PledgesResponse(Provenance):
    data: list[Pledge]


class EditionInfo(BaseModel):
    label: str
    dataset: str
    published: str
    price_base_year: int | None = None
    first_year: int
    last_year: int
    figures: list[str] = Field(description="Harmonised figures this edition publishes for allies.")


class EditionsResponse(Provenance):
    data: list[EditionInfo]


class SourceRow(BaseModel):
    table: str
    title: str | None = None
    producer: str | None = None
    edition: str | None = None
    published: str | None = None
    original_address: str | None = None
    intermediary: str | None = None
    licence: str | None = None
    accessed: str | None = None
    sha256: str | None = None
    rows: int | None = None


class SourcesResponse(Provenance):
    data: list[SourceRow]


# --- figures -------------------------------------------------------------------------------------


class SpendingRow(BaseModel):
    """One country-year of one source and edition. SIPRI's columns are mapped onto NATO's names;
    ``source`` says whose definition applies (SIPRI's scope and GDP differ from NATO's)."""

    source: Literal["nato", "sipri"]
    dataset: str
    edition: str
    price_base_year: int | None = Field(None, description="Price base of the constant-price figures.")
    iso3: str
    year: int
    is_estimate: bool = Field(description="NATO's 'e' or SIPRI's estimate mark.")
    defence_share_gdp_pct: float | None = None
    defence_exp_musd_current: float | None = None
    defence_exp_musd_const: float | None = None
    defence_exp_real_change_pct: float | None = None
    equipment_share_pct: float | None = None


class SpendingResponse(Provenance):
    data: list[SpendingRow]


class StatusRow(BaseModel):
    iso3: str
    country: str
    kind: Literal["ally", "aggregate"]
    year: int
    edition: str
    is_estimate: bool | None = None
    rank: int | None = None
    defence_share_gdp_pct: float | None = None
    defence_exp_real_change_pct: float | None = None
    equipment_share_pct: float | None = None
    defence_exp_musd_const: float | None = None
    gdp_musd_const: float | None = None
    price_base_year: int | None = None
    aggregate_method: str | None = None
    pledges: dict[str, bool | None] = Field(description="Pledge id → met (true), not met (false), unknown (null).")


class StatusResponse(Provenance):
    year: int
    field_editions: dict[str, str] = Field(description="Figure → the edition it comes from.")
    notes: list[str]
    data: list[StatusRow]


class AggregateRow(BaseModel):
    edition: str
    iso3: Literal["NATO_EUR_CAN", "NATO_TOTAL"]
    country: str
    year: int
    is_estimate: bool | None = None
    defence_share_gdp_pct: float | None = None
    defence_exp_musd_const: float | None = None
    gdp_musd_const: float | None = None
    defence_exp_real_change_pct: float | None = None
    aggregate_method: str


class AggregatesResponse(Provenance):
    data: list[AggregateRow]


# --- saved scenarios -----------------------------------------------------------------------------


class ScenarioIn(BaseModel):
    """A scenario to save. ``spec`` is a projection scenario, checked before it is written."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120, description="A short name to find it by.")
    description: str = Field("", max_length=2000)
    spec: dict[str, Any] = Field(
        description="The scenario itself: a projection scenario document (the `scenario` of POST "
        "/api/v1/projections; GET /api/v1/scenarios/builtin gives examples), size and depth bounded."
    )


class ScenarioSummary(BaseModel):
    id: str = Field(pattern=r"^[0-9a-f]{32}$")
    name: str
    description: str
    created_at: str = Field(description="UTC, ISO 8601.")
    size_bytes: int
    data_editions: list[str] = Field(description="NATO editions in the database when it was saved.")


class Scenario(ScenarioSummary):
    spec: dict[str, Any]


class ScenarioResponse(Provenance):
    data: Scenario


class ScenarioListResponse(Provenance):
    data: list[ScenarioSummary]
