"""Projections for the web: scenario documents from JSON, this server's limits, cached runs.

A scenario arrives as JSON (the body of ``POST /api/v1/projections``, a saved scenario, the
scenario builder's form) and is checked in three steps, each naming the field at fault: the
projection's pydantic :class:`~nato3.projection.Scenario` model (types, ranges, unknown keys),
this server's limits (horizon, Monte Carlo draws) and the checks against the data
(:func:`nato3.projection.resolve.resolve`: editions, ISO3 codes, groups, pledges, years).

Runs are the projection document (:mod:`nato3.documents.projection`), computed in a
:class:`~nato3.web.projection_pool.ProjectionPool`: worker processes of their own, at most
``limits.max_projections`` at a time per server process and ``limits.projection_queue`` more
waiting; a request beyond that is refused at once with 503 and ``Retry-After``. The API keeps
finished answers as bytes (:mod:`nato3.web.projection_answers`); the scenario builder page keeps
finished documents in a small LRU; both are keyed by the scenario's canonical JSON, its name,
what the request named it by, the draws and the seed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from nato3.errors import DataValidationError
from nato3.projection.scenario import Scenario, plan_years, scenario_json
from nato3.store import cache as cache_registry
from nato3.store.cache import data_cache
from nato3.web.errors import ParameterError
from nato3.web.projection_answers import ProjectionAnswers
from nato3.web.projection_pool import ProjectionPool
from nato3.web.responses import Cache

if TYPE_CHECKING:
    from nato3.projection.resolve import Resolved
    from nato3.web.settings import Limits

# finished projection documents (a few MB each with Monte Carlo), for the pages
RUNS = cache_registry.register(Cache(16))
ANSWERS = cache_registry.register(ProjectionAnswers())  # the API's finished answers, as bytes
CLI_HINT = "run `nato3 project` on your own machine for more"


def canonical(scenario: Scenario) -> str:
    return json.dumps(scenario_json(scenario), sort_keys=True, separators=(",", ":"))


def _problem(error: dict) -> tuple[str, str]:
    loc = ".".join(str(p) for p in error.get("loc", ()))
    kind = error.get("type")
    if kind == "extra_forbidden":
        return loc, "unknown key"
    if kind == "missing":
        return loc, "is required"
    return loc, str(error.get("msg", "invalid value")).removeprefix("Value error, ")


def parse(value: Any, field: str = "scenario") -> Scenario:
    """Validate a JSON scenario document with the projection's model.

    Raises:
        ParameterError: naming ``field`` and the dotted path of the first problem.
    """
    if isinstance(value, Scenario):
        return value
    try:
        return Scenario.model_validate(plan_years(value))
    except ValidationError as exc:
        loc, problem = _problem(exc.errors()[0])
        raise ParameterError(f"{field}.{loc}" if loc else field, problem, "body") from None


def effective(scenario: Scenario, draws: int | None, seed: int | None) -> tuple[int, int]:
    """Draws and seed of a run: the request's, else the scenario's ``monte_carlo`` settings."""
    mc = scenario.monte_carlo
    return (mc.draws if draws is None else draws), (mc.seed if seed is None else seed)


def check_limits(scenario: Scenario, draws: int | None, limits: Limits, field: str = "scenario") -> None:
    """Raise ParameterError (422) naming the field and this server's limit."""
    if scenario.horizon > limits.max_horizon:
        raise ParameterError(
            f"{field}.horizon",
            f"{scenario.horizon} is over this server's limit of {limits.max_horizon}; {CLI_HINT}",
            "body",
        )
    if draws is not None and draws > limits.max_draws:
        raise ParameterError("draws", f"{draws} is over this server's limit of {limits.max_draws} draws", "body")
    if draws is None and scenario.monte_carlo.draws > limits.max_draws:
        raise ParameterError(
            f"{field}.monte_carlo.draws",
            f"{scenario.monte_carlo.draws} is over this server's limit of {limits.max_draws} draws; "
            f"send a smaller `draws` with the request or {CLI_HINT}",
            "body",
        )


def resolve(scenario: Scenario, field: str = "scenario", name: str | None = None, path: str | None = None):
    """Check ``scenario`` against the data.

    Raises:
        ParameterError: naming ``field`` and the scenario field at fault (unknown ally or group,
            an edition without the figures, a year outside the data).
    """
    from nato3.projection.resolve import resolve as resolve_scenario

    try:
        return resolve_scenario(scenario, path, name)
    except DataValidationError as exc:
        raise ParameterError(f"{field}.{exc.column}" if exc.column else field, exc.problem, "body") from None


def check(
    value: Any, limits: Limits, draws: int | None = None, field: str = "scenario", name: str | None = None
) -> Resolved:
    """Model, limits and data checks of a scenario document, in that order."""
    scenario = parse(value, field)
    check_limits(scenario, draws, limits, field)
    return resolve(scenario, field, name)


@data_cache(maxsize=8)
def builtin(name: str) -> Resolved:
    """A built-in scenario, checked against the data.

    Raises:
        ParameterError: not a built-in (naming ``builtin`` and the built-ins).
    """
    from nato3.projection.builtin import builtin_scenarios, read_scenario
    from nato3.projection.resolve import resolve as resolve_scenario

    known = builtin_scenarios()
    if name not in known:
        raise ParameterError("builtin", f"unknown built-in scenario {name!r}; allowed: {', '.join(known)}", "body")
    scenario, path = read_scenario(known[name])
    return resolve_scenario(scenario, path)


def builtin_document(name: str) -> dict[str, Any]:
    """A built-in scenario as JSON: where the scenario builder's form starts."""
    return scenario_json(builtin(name).scenario)


def slots(limits: Limits) -> ProjectionPool:
    """The projection pool of one app (``app.state.projection_slots``)."""
    return ProjectionPool(limits.max_projections, limits.projection_queue, limits.retry_after_s)


def key(resolved: Resolved, given: str | dict, draws: int, seed: int) -> tuple:
    """What a finished document is cached under: the scenario's content and name, what the request
    named it by (``given``: a built-in's name or the scenario's JSON), the draws and the seed."""
    return (canonical(resolved.scenario), resolved.name, json.dumps(given, sort_keys=True), draws, seed)


def run(resolved: Resolved, given: str | dict, draws: int, seed: int, pool: ProjectionPool, wait_s: float):
    """The projection document of ``resolved`` with ``draws`` and ``seed``: cached, else computed in
    ``pool`` while this thread waits at most ``wait_s`` seconds (the scenario builder's page; the
    API awaits the pool instead, see ``api/v1/projections.py``).

    Raises:
        LimitError: 503 with ``Retry-After`` when the pool is full or the run did not finish in time.
    """
    cache_key = key(resolved, given, draws, seed)
    hit = RUNS.get(cache_key)
    if hit is not None:
        return hit
    from nato3.web import projection_worker as worker

    result = pool.result(pool.submit(worker.document, worker.job(resolved, given, draws, seed)), wait_s)
    RUNS.put(cache_key, result)
    return result


def saved(store, scenario_id: str, limits: Limits, draws: int | None) -> tuple[Resolved, dict[str, Any]]:
    """A saved scenario, checked like a document sent in the request, and its spec.

    Raises:
        ParameterError: 404 when there is none; 422 naming ``saved`` when its spec is not a
            projection scenario (saved before projections landed) or breaks a limit.
    """
    from nato3.web.errors import NotFoundError

    try:
        item = store.get(scenario_id)
    except NotFoundError as exc:
        raise ParameterError("saved", exc.problem, "body", status=404) from None
    try:
        resolved = check(item.get("spec"), limits, draws, field="spec", name=item.get("name") or None)
    except ParameterError as exc:
        if exc.parameter == "draws":
            raise
        problem = f"saved scenario {scenario_id} cannot run: {exc.parameter}: {exc.problem}"
        raise ParameterError("saved", problem, "body") from None
    return resolved, item["spec"]
