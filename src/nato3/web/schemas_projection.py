"""Models of the projection endpoints: ``POST /api/v1/projections`` (request and answer) and
``GET /api/v1/scenarios/builtin``.

The answer keeps the JSON document of ``nato3 project --format json`` (year keys are strings),
so a script can switch between the command and the API, with three differences: ``sources``
holds the API's :class:`~nato3.web.schemas.Source` entries, ``file`` is a built-in's file in
the nato3 package (never a path on the server) or null, and ``origin`` and ``document`` say
what ran. Every figure is a projection, not data: ``is_projection`` is always true and
``method`` says how the paths were made.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from nato3.projection.scenario import Scenario
from nato3.web.projection_data import plan_years
from nato3.web.schemas import Provenance, Source
from nato3.web.settings import Limits

ByYear = dict[str, float | None]
LIMITS = Limits()


def _builtin_names() -> tuple[str, ...]:
    from nato3.projection.builtin import builtin_scenarios

    return tuple(builtin_scenarios())


BuiltinName = Literal[_builtin_names()]  # type: ignore[valid-type]


class ProjectionIn(BaseModel):
    """What to project: exactly one of ``builtin``, ``saved`` or ``scenario``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"anyOf": [{"required": ["builtin"]}, {"required": ["saved"]}, {"required": ["scenario"]}]},
    )

    builtin: BuiltinName | None = Field(
        None, description="A built-in scenario (GET /api/v1/scenarios/builtin describes them)."
    )
    saved: str | None = Field(None, pattern=r"^[0-9a-f]{32}$", description="The id of a saved scenario.")
    scenario: Annotated[Scenario, BeforeValidator(plan_years)] | None = Field(
        None,
        description="A whole scenario: the JSON form of a scenario file (`nato3 scenario show NAME`; the built-ins' "
        '`document`). Plan years are object keys, e.g. {"plan": {"2030": 3.0}}.',
    )
    draws: int | None = Field(
        None,
        ge=0,
        le=LIMITS.max_draws,
        description=f"Monte Carlo draws (0: the deterministic paths only). Default: the scenario's "
        f"monte_carlo.draws. At most {LIMITS.max_draws} on this server.",
    )
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="Random seed. Default: the scenario's.")


class Credibility(BaseModel):
    category: str = Field(description="on the path, front-loaded, back-loaded, misses target or at target.")
    largest_shortfall_pp: float | None = None
    shortfall_year: int | None = None
    largest_lead_pp: float | None = None
    reference: str


class Quantiles(BaseModel):
    p05: ByYear
    p50: ByYear
    p95: ByYear


class MonteCarloFields(BaseModel):
    """Present when the projection ran Monte Carlo draws (and, for an ally, it has NATO figures)."""

    p_reach_by_horizon: float | None = Field(None, description="Share of draws at or above the target at the horizon.")
    p_reach_by: ByYear | None = Field(None, description="Share of draws at or above the target in that year.")
    p_ever_by: ByYear | None = Field(None, description="Share of draws at or above it in any year up to then.")
    share_quantiles: Quantiles | None = None
    expected_gap_musd: ByYear | None = None


class Paths(BaseModel):
    share_gdp_pct: ByYear
    gap_musd: ByYear = Field(description="(target − share) × GDP, million US$ at the GDP edition's prices.")
    spending_musd: ByYear
    gdp_musd: ByYear


class ProjectedAlly(MonteCarloFields, Paths):
    iso3: str
    country: str
    has_nato_figures: bool = Field(description="False: no NATO defence figures (Iceland); not projected.")
    base_share_pct: float | None = None
    base_share_year: int | None = None
    base_is_estimate: bool | None = None
    policy: str
    policy_kind: str
    gdp_growth_pct: float
    gdp_growth_method: str
    year_reaching_target: int | None = Field(description="First year at or above the target; null if never.")
    credibility: Credibility | None = None
    fell_back: bool = Field(description="announced: no usable announcement, so the fallback policy applied.")
    announcement: str | None = Field(None, description="announced: the announcements used (date and source).")
    plan_points: dict[str, float] | None = None


class ProjectedAggregate(MonteCarloFields, Paths):
    iso3: str
    name: str


class EditionUse(BaseModel):
    edition: str
    description: str


class Editions(BaseModel):
    shares: EditionUse
    gdp: EditionUse
    money: str = Field(description="The edition label of the money figures, e.g. '2025 shares × 2024 GDP'.")


class MonteCarloParams(BaseModel):
    draws: int
    seed: int
    gdp_growth_sd: float
    correlation: float
    execution_sd: float
    gdp_growth_sd_by_ally: dict[str, float] = Field(default_factory=dict, description="Fitted per ally.")
    execution_sd_by_ally: dict[str, float] = Field(default_factory=dict, description="Fitted per ally.")
    fitted: str = Field("", description="Which settings were fitted to history, and from which data.")


class Origin(BaseModel):
    kind: Literal["builtin", "saved", "scenario"]
    builtin: str | None = None
    saved: str | None = None
    draws: int
    seed: int


class ProjectionResponse(BaseModel):
    """Every ally's path under a scenario: the document of ``nato3 project --format json``."""

    scenario: str
    description: str
    file: str | None = Field(description="A built-in's file in the nato3 package; null otherwise.")
    is_projection: Literal[True] = Field(description="Always true: these are projections, not data.")
    method: str
    target: str
    target_pct: float
    base_year: int
    horizon: int
    years: list[int]
    editions: Editions
    units: dict[str, str]
    monte_carlo: MonteCarloParams | None
    allies: list[ProjectedAlly]
    aggregates: list[ProjectedAggregate]
    fell_back: list[str]
    notes: list[str] = Field(description="Which editions, the two-editions note, allies not projected.")
    sources: list[Source]
    announced_rows: list[dict[str, Any]] | None = None
    origin: Origin
    document: dict[str, Any] = Field(description="The scenario that ran, as a document to edit and send again.")


class BuiltinScenario(BaseModel):
    name: str
    description: str
    file: str | None
    target: str
    target_pct: float
    edition: str = Field(description="NATO edition of the starting shares.")
    gdp_edition: str = Field(description="NATO edition of the constant-price GDP.")
    base_year: int
    horizon: int
    policy: dict[str, str] = Field(description="Key (default, ISO3 or group) → policy kind.")
    monte_carlo: MonteCarloParams
    document: dict[str, Any] = Field(description="The scenario as JSON: send it as `scenario`, edited or not.")


class BuiltinScenariosResponse(Provenance):
    data: list[BuiltinScenario]

    def table_rows(self, table: str | None = None) -> list[dict[str, Any]]:
        """CSV rows: one per built-in, without its document (GET the JSON for that)."""
        return [row.model_dump(exclude={"document"}) for row in self.data]
