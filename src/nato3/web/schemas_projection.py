"""The request model of ``POST /api/v1/projections``; its answer is the projection document
(:class:`~nato3.web.schemas_document.DocumentResponse`), the same as ``nato3 project --format json``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from nato3.projection.scenario import Scenario, plan_years
from nato3.web.settings import Limits

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
        '`scenario_json`). Plan years are object keys, e.g. {"plan": {"2030": 3.0}}.',
    )
    draws: int | None = Field(
        None,
        ge=0,
        le=LIMITS.max_draws,
        description=f"Monte Carlo draws (0: the deterministic paths only). Default: the scenario's "
        f"monte_carlo.draws. At most {LIMITS.max_draws} on this server.",
    )
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="Random seed. Default: the scenario's.")
