"""Pydantic models of the API's answers that are not documents: errors, health, saved scenarios
(projections have theirs in :mod:`nato3.web.schemas_projection`). Every figure the API serves is
a document (:mod:`nato3.web.schemas_document`).

The saved-scenario answers carry ``source`` (who published the data, which edition, under which
terms) and ``edition`` (the editions its figures come from), built on :class:`Provenance`.
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
