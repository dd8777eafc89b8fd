"""Security of `nato3 serve`: the token on writes, local-only hosts, size limits, headers, inert SQL."""

from __future__ import annotations

import hashlib
import re
from importlib import import_module

import pytest

from nato3 import paths
from web_support import AUTH, TOKEN, client, make_app

INJECTIONS = [
    "POL' OR '1'='1",
    "1; DROP TABLE countries; --",
    "' UNION SELECT sha256, 1, 2 FROM _resources --",
    "POL'); DELETE FROM countries; --",
    '" OR ""="',
    "2024 OR 1=1",
    "%27%20OR%201%3D1",
    "../../etc/passwd",
    "<script>alert(1)</script>",
]
# Every parameter of every GET endpoint, with the URL that puts a value into it.
PARAMETERS = [
    "/api/v1/spending?iso3={}",
    "/api/v1/spending?from_year={}",
    "/api/v1/spending?to_year={}",
    "/api/v1/spending?source={}",
    "/api/v1/spending?edition={}",
    "/api/v1/spending?format={}",
    "/api/v1/status?year={}",
    "/api/v1/status?edition={}",
    "/api/v1/aggregates?edition={}",
    "/api/v1/allies/{}",
    "/api/v1/allies?format={}",
    "/api/v1/allies?year={}",
    "/api/v1/allies?edition={}",
    "/api/v1/allies/POL?year={}",
    "/api/v1/allies/POL?edition={}",
    "/api/v1/allies/POL?table={}",
    "/api/v1/sources?name={}",
    "/api/v1/sources?detail={}",
    "/api/v1/sources?table={}",
    "/api/v1/scenarios/{}",
    "/api/v1/scenarios?format={}",
    "/api/v1/scenarios/builtin?format={}",
    "/api/v1/allies/POL?format={}",
    "/api/v1/status?format={}",
    "/api/v1/aggregates?format={}",
    "/api/v1/pledges?format={}",
    "/api/v1/editions?format={}",
    "/api/v1/sources?format={}",
    "/api/v1/burden?year={}",
    "/api/v1/burden?source={}",
    "/api/v1/burden?edition={}",
    "/api/v1/burden?prices={}",
    "/api/v1/burden?groups={}",
    "/api/v1/burden?table={}",
    "/api/v1/burden?format={}",
    "/api/v1/burden/tests?from_year={}",
    "/api/v1/burden/tests?to_year={}",
    "/api/v1/burden/tests?source={}",
    "/api/v1/burden/tests?edition={}",
    "/api/v1/burden/tests?prices={}",
    "/api/v1/burden/tests?table={}",
    "/api/v1/burden/tests?format={}",
    "/api/v1/ledger/posture?period={}",
    "/api/v1/burden/series?from_year={}",
    "/api/v1/burden/series?to_year={}",
    "/api/v1/burden/series?source={}",
    "/api/v1/burden/series?edition={}",
    "/api/v1/burden/series?prices={}",
    "/api/v1/burden/series?format={}",
    "/api/v1/ledger/posture?table={}",
    "/api/v1/ledger/posture?format={}",
    "/api/v1/ledger/events?by={}",
    "/api/v1/ledger/events?host={}",
    "/api/v1/ledger/events?table={}",
    "/api/v1/ledger/events?format={}",
    "/api/v1/ledger/forces?edition={}",
    "/api/v1/ledger/forces?table={}",
    "/api/v1/ledger/forces?format={}",
    "/api/v1/ledger/commands?table={}",
    "/api/v1/ledger/commands?format={}",
    "/api/v1/ledger/industry?item={}",
    "/api/v1/ledger/industry?region={}",
    "/api/v1/ledger/industry?growth={}",
    "/api/v1/ledger/industry?target={}",
    "/api/v1/ledger/industry?until={}",
    "/api/v1/ledger/industry?table={}",
    "/api/v1/ledger/industry?format={}",
    "/api/v1/ledger/drawdowns?table={}",
    "/api/v1/ledger/drawdowns?format={}",
    "/api/v1/ledger/drawdowns/{}",
    "/api/v1/ledger/drawdowns/germany-2026?table={}",
    "/api/v1/ledger/drawdowns/germany-2026?format={}",
    "/allies/{}",
    "/compare?iso3={}",
    "/compare?series={}",
    "/?year={}",
    "/burden?year={}",
    "/burden?source={}",
    "/ledger?growth={}",
    "/scenarios?start={}",
    "/scenarios?target={}",
    "/scenarios?target_pct={}",
    "/scenarios?horizon={}",
    "/scenarios?policy={}",
    "/scenarios?by={}",
    "/scenarios?rate={}",
    "/scenarios?ally={}",
    "/scenarios?ally_policy={}",
    "/scenarios?ally_value={}",
    "/scenarios?draws={}",
    "/scenarios?seed={}",
    "/scenarios?gdp_growth_sd={}",
    "/scenarios?correlation={}",
    "/scenarios?execution_sd={}",
    "/scenarios?series={}",
]
# Every field of the body of POST /api/v1/projections (and of a scenario in it), as a function of
# the injected text; the body must be refused (4xx) or, where the field is free text, stay text.
POST_BODIES = [
    lambda t: {"builtin": t},
    lambda t: {"saved": t},
    lambda t: {"scenario": t},
    lambda t: {"builtin": "hague-linear", "draws": t},
    lambda t: {"builtin": "hague-linear", "seed": t},
    lambda t: {t: "hague-linear"},
    lambda t: {"scenario": {"name": t}},
    lambda t: {"scenario": {"description": t}},
    lambda t: {"scenario": {"edition": t}},
    lambda t: {"scenario": {"gdp_edition": t}},
    lambda t: {"scenario": {"base_year": t}},
    lambda t: {"scenario": {"horizon": t}},
    lambda t: {"scenario": {"target": t}},
    lambda t: {"scenario": {"gdp_growth": {t: 1.0}}},
    lambda t: {"scenario": {"gdp_growth": {"default": t}}},
    lambda t: {"scenario": {"policy": {t: "constant_share"}}},
    lambda t: {"scenario": {"policy": {"default": t}}},
    lambda t: {"scenario": {"policy": {"POL": {"plan": {t: 3.0}}}}},
    lambda t: {"scenario": {"policy": {"POL": {"announced": {"scopes": [t]}}}}},
    lambda t: {"scenario": {"monte_carlo": {"draws": t}}},
    lambda t: {"scenario": {t: 1}},
]
FREE_TEXT = {7}  # scenario.description: any text is a valid description


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def api(app):
    with client(app) as c:
        yield c


SCENARIO = {"name": "test", "spec": {"policy": {"POL": {"linear_to_target": {"target": 4}}}}}


def test_writes_need_the_token(api):
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": TOKEN}):
        r = api.post("/api/v1/scenarios", json=SCENARIO, headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", r.text
        assert "Authorization: Bearer" in r.json()["message"]
    created = api.post("/api/v1/scenarios", json=SCENARIO, headers=AUTH)
    assert created.status_code == 201
    sid = created.json()["data"]["id"]
    assert api.delete(f"/api/v1/scenarios/{sid}").status_code == 401
    assert api.delete(f"/api/v1/scenarios/{sid}", headers={"Authorization": "Bearer x"}).status_code == 401
    assert api.get(f"/api/v1/scenarios/{sid}").status_code == 200  # reads are open, and it is still there
    assert api.delete(f"/api/v1/scenarios/{sid}", headers=AUTH).status_code == 204


def test_only_local_host_names(api, tmp_path):
    assert api.get("/health", headers={"host": "evil.example"}).status_code == 400
    assert api.get("/health", headers={"host": "attacker.test:8000"}).status_code == 400
    for host in ("127.0.0.1:8000", "localhost", "localhost:1234", "[::1]:8000"):
        assert api.get("/health", headers={"host": host}).status_code == 200, host
    from nato3.web import Settings, create_app

    # On every interface it answers to the names it was given, not to any name (DNS rebinding).
    settings = Settings(host="0.0.0.0", token=TOKEN, extra_hosts=("my-laptop.lan",))
    with client(create_app(settings, scenarios_dir=tmp_path)) as open_app:
        assert open_app.get("/health", headers={"host": "my-laptop.lan"}).status_code == 200
        assert open_app.get("/health", headers={"host": "my-laptop.lan:8000"}).status_code == 200
        assert open_app.get("/health", headers={"host": "evil.example"}).status_code == 400
        assert open_app.get("/health", headers={"host": "0.0.0.0:8000"}).status_code == 400


def test_security_headers_everywhere(api):
    for url in ("/", "/api/v1/allies", "/api/v1/nothing", "/docs", "/static/app/nato3.css"):
        headers = api.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"], url
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert "access-control-allow-origin" not in headers  # no CORS: other sites cannot read the API


def test_request_size_limits(tmp_path):
    with client(make_app(tmp_path, max_body_bytes=1000)) as c:
        big = {"name": "x", "spec": {"a": "y" * 2000}}
        r = c.post("/api/v1/scenarios", json=big, headers=AUTH)
        assert r.status_code == 413 and "1000 bytes" in r.json()["message"]

        def chunks():  # no Content-Length: the limit is enforced while the body streams in
            yield b'{"name": "x", "spec": {"a": "'
            for _ in range(10):
                yield b"y" * 200
            yield b'"}}'

        r = c.post("/api/v1/scenarios", content=chunks(), headers={**AUTH, "content-type": "application/json"})
        assert r.status_code == 413, r.text
        r = c.get("/api/v1/spending?iso3=" + "POL," * 2000)
        assert r.status_code == 414
        r = c.get("/health", headers={"x-padding": "a" * 17_000})
        assert r.status_code == 431 and r.json()["message"] == "request headers over the limit of 16384 bytes"
        assert c.get("/health", headers={"x-padding": "a" * 8_000}).status_code == 200


def test_a_full_disk_when_saving_a_scenario_is_a_507_and_nothing_is_stored(tmp_path, monkeypatch):
    import errno

    from nato3 import atomicfile

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomicfile.os, "fsync", full)
    with client(make_app(tmp_path)) as c:
        r = c.post("/api/v1/scenarios", json={"name": "x", "spec": {"horizon": 2030}}, headers=AUTH)
    assert r.status_code == 507, r.text
    assert r.json()["message"] == f"cannot save the scenario in {tmp_path / 'scenarios'}: No space left on device"
    assert list((tmp_path / "scenarios").iterdir()) == []


def _database_digest() -> str:
    return hashlib.sha256(paths.database_path().read_bytes()).hexdigest()


def _get_parameters(spec: dict) -> set[tuple[str, str]]:
    """(path, parameter) of every GET operation in an OpenAPI document."""
    return {
        (path, p["name"])
        for path, ops in spec["paths"].items()
        if "get" in ops
        for p in ops["get"].get("parameters", [])
    }


def _spec_path(paths, url_path: str) -> str:
    """The OpenAPI path (``/allies/{iso3}``) a concrete path (``/allies/x``) belongs to."""
    if url_path in paths:
        return url_path
    return next(p for p in paths if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", p), url_path))


def test_the_sweep_covers_every_parameter_of_every_get_route(app):
    """A new endpoint or page parameter must join PARAMETERS, so the sweep below reaches it. Pages stay
    out of /openapi.json, so their routers are read through a throwaway app's schema."""
    from fastapi import FastAPI

    from nato3.web.pages import PAGES

    pages_app = FastAPI()
    for name in PAGES:
        pages_app.include_router(import_module(f"nato3.web.pages.{name}").router)
    wanted = _get_parameters(app.openapi()) | _get_parameters(pages_app.openapi())
    paths = {path for path, _ in wanted} | set(app.openapi()["paths"]) | set(pages_app.openapi()["paths"])
    swept = set()
    for template in PARAMETERS:
        path, _, query = template.partition("?")
        spec_path = _spec_path(paths, path.replace("{}", "x"))
        if "{}" in path:
            swept |= {(spec_path, name) for name in re.findall(r"\{([^}]+)\}", spec_path)}
        if query:
            swept.add((spec_path, query.partition("=")[0]))
    assert wanted - swept == set()


@pytest.mark.parametrize("template", PARAMETERS)
def test_sql_injection_is_inert(api, template):
    before = _database_digest()
    for text in INJECTIONS:
        r = api.get(template.format(text))
        assert 400 <= r.status_code < 500, (template, text, r.status_code, r.text[:200])
        assert "Traceback" not in r.text and "Binder Error" not in r.text and "duckdb" not in r.text.lower()
    assert _database_digest() == before
    assert len(api.get("/api/v1/allies").json()["tables"]["allies"]["rows"]) == 32


@pytest.mark.parametrize("index", range(len(POST_BODIES)))
def test_sql_injection_in_a_projection_body_is_inert(api, index):
    before = _database_digest()
    for text in INJECTIONS:
        r = api.post("/api/v1/projections", json=POST_BODIES[index](text))
        assert r.status_code < 500, (index, text, r.status_code, r.text[:200])
        assert "Traceback" not in r.text and "Binder Error" not in r.text and "duckdb" not in r.text.lower()
        if index in FREE_TEXT:
            assert r.status_code == 200 and r.json()["tables"]["paths_settings"]["rows"][0]["description"] == text
        else:
            assert 400 <= r.status_code < 500, (index, text, r.text[:200])
    assert _database_digest() == before
    assert len(api.get("/api/v1/allies").json()["tables"]["allies"]["rows"]) == 32


def test_running_a_projection_needs_no_token_saving_does(api):
    assert api.post("/api/v1/projections", json={"builtin": "hague-linear", "draws": 0}).status_code == 200
    body = {"name": "x", "spec": {"horizon": 2030}}
    r = api.post("/api/v1/scenarios", json=body)
    assert r.status_code == 401 and "Authorization: Bearer" in r.json()["message"]
    assert (
        api.post("/api/v1/scenarios", json=body, headers={"Authorization": "Bearer wrong-0123456789abc"}).status_code
        == 401
    )


def test_injection_in_a_scenario_is_stored_as_text(api):
    text = "x'); DROP TABLE countries; --"
    spec = {"description": text}
    r = api.post("/api/v1/scenarios", json={"name": text, "description": text, "spec": spec}, headers=AUTH)
    assert r.status_code == 201
    got = api.get(f"/api/v1/scenarios/{r.json()['data']['id']}").json()["data"]
    assert got["name"] == text and got["spec"] == spec
    ran = api.post("/api/v1/projections", json={"saved": got["id"], "draws": 0})
    assert ran.status_code == 200 and ran.json()["parameters"]["name"] == text  # a label, never SQL
    assert len(api.get("/api/v1/allies").json()["tables"]["allies"]["rows"]) == 32


def test_markup_in_parameters_is_escaped(api):
    r = api.get("/compare?iso3=<script>alert(1)</script>", headers={"accept": "text/html"})
    assert r.status_code == 422 and "<script>alert" not in r.text.lower() and "&lt;script&gt;" in r.text.lower()


def test_token_rules():
    from nato3.web.settings import Settings, check_token

    with pytest.raises(ValueError, match="at least 16"):
        check_token("short")
    with pytest.raises(ValueError, match="without spaces"):
        check_token("a token with spaces in it")
    assert len(Settings().token) >= 16 and Settings().token != Settings().token
    assert "token" not in repr(Settings())
