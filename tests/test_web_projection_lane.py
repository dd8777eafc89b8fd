"""The projection lane (issue 15): a ``POST /api/v1/projections`` the router answered before, sent
again in the very same bytes, is answered before the router with the router's status, headers
and bytes; anything else reaches the router and is answered exactly as without the lane.

The answers themselves are the library's projection document (checked against the library here
and against NATO's published aggregates in ``test_parity_projection.py``); speed is measured in
``make bench`` (benchmarks/projection_server.py), never here.
"""

from __future__ import annotations

import json

import pytest

from web_support import AUTH, client, make_app

PATH = "/api/v1/projections"
JSON = {"content-type": "application/json"}
BODY = json.dumps({"builtin": "current-trend", "draws": 200, "seed": 5}).encode()


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """Two apps alike but for the lane: the second has it taken out, so the router answers."""
    from nato3.web.projection_lane import ProjectionLane

    tmp = tmp_path_factory.mktemp("lane")
    with_lane, without = make_app(tmp / "a"), make_app(tmp / "b")
    without.user_middleware = [m for m in without.user_middleware if m.cls is not ProjectionLane]
    assert [m.cls for m in with_lane.user_middleware].count(ProjectionLane) == 1
    with client(with_lane) as ours, client(without) as theirs:
        yield ours, theirs


class LaneAnswers:
    """Counts the requests the lane answers itself (the others go on to the router)."""

    def __init__(self, monkeypatch):
        from nato3.web.projection_lane import ProjectionLane

        self.count = 0
        send = ProjectionLane._send

        async def counted(*args):
            self.count += 1
            return await send(*args)

        monkeypatch.setattr(ProjectionLane, "_send", counted)


def library_bytes(fmt: str = "json", table: str | None = None, **params) -> bytes:
    from nato3.documents import build
    from nato3.web.documents import render_document

    return render_document(build("projection", **params), fmt, table)[0]


def same(ours, theirs) -> None:
    assert (ours.status_code, ours.content) == (theirs.status_code, theirs.content), (ours.text, theirs.text)
    assert ours.headers.items() == theirs.headers.items()
    assert "content-security-policy" in ours.headers


# (query, headers, body) of requests the router answers with a stored answer the second time
HITS = [
    ("", JSON, BODY),
    ("?format=csv&table=paths", JSON, BODY),
    ("?format=csv", JSON, BODY),
    ("?format=json", {"content-type": "application/json; charset=utf-8"}, BODY),
    ("", JSON, json.dumps({"scenario": {"horizon": 2031}, "draws": 100, "seed": 2}).encode()),
    ("", {**JSON, "authorization": "Bearer wrong"}, BODY),  # running needs no token: a wrong one changes nothing
]


@pytest.mark.parametrize(("query", "headers", "body"), HITS, ids=str)
def test_a_repeated_request_is_answered_by_the_lane_as_the_router_answers_it(apps, monkeypatch, query, headers, body):
    ours, theirs = apps
    first = ours.post(PATH + query, content=body, headers=headers)
    assert first.status_code == 200, first.text
    lane = LaneAnswers(monkeypatch)
    again = ours.post(PATH + query, content=body, headers=headers)
    assert lane.count == 1
    same(again, first)
    same(again, theirs.post(PATH + query, content=body, headers=headers))


def test_the_lane_sends_the_librarys_document(apps):
    ours, _ = apps
    ours.post(PATH, content=BODY, headers=JSON)
    expected = library_bytes(scenario="current-trend", draws=200, seed=5)
    assert ours.post(PATH, content=BODY, headers=JSON).content == expected
    csv = ours.post(PATH + "?format=csv&table=paths", content=BODY, headers=JSON)
    assert csv.content == library_bytes("csv", "paths", scenario="current-trend", draws=200, seed=5)


# Requests the router refuses, sent twice: the lane never remembers them.
REFUSED = [
    ("", JSON, b"{oops"),  # not JSON
    ("", {"content-type": "text/plain"}, BODY),  # not a JSON content type: FastAPI does not read it as JSON
    ("", {}, BODY),  # no content type: nor without one
    ("", {"content-type": "application/x-www-form-urlencoded"}, BODY),
    ("", JSON, b""),  # no body
    ("", JSON, json.dumps({"builtin": "current-trend", "draws": 10**6}).encode()),  # over the draws limit
    ("", JSON, json.dumps({"builtin": "nope"}).encode()),  # not a built-in
    ("", JSON, json.dumps({"builtin": "current-trend", "scenario": {}}).encode()),  # two of them
    ("", JSON, json.dumps({"builtin": "current-trend", "colour": "red"}).encode()),  # unknown key
    ("?colour=red", JSON, BODY),  # unknown query parameter
    ("?format=xml", JSON, BODY),  # not a format
    ("?format=csv&table=nope", JSON, BODY),  # not a table
    ("", JSON, json.dumps({"saved": "0" * 32}).encode()),  # no such saved scenario: 404
    ("", JSON, b'{"builtin": "current-trend", "draws": 200, "seed": 5, "x": ' + b" " * 70_000 + b"1}"),  # 413
]


@pytest.mark.parametrize(("query", "headers", "body"), REFUSED, ids=lambda v: str(v)[:60])
def test_everything_else_reaches_the_router(apps, monkeypatch, query, headers, body):
    ours, theirs = apps
    for _ in range(2):
        lane = LaneAnswers(monkeypatch)
        answer = ours.post(PATH + query, content=body, headers=headers)
        assert answer.status_code >= 400, answer.text
        same(answer, theirs.post(PATH + query, content=body, headers=headers))
        assert lane.count == 0


def test_the_same_body_in_other_headers_or_query_is_asked_anew(apps, monkeypatch):
    """A hit is only ever the very request the router answered: the same body under a content
    type FastAPI does not read as JSON, or with another query, goes to the router."""
    ours, theirs = apps
    assert ours.post(PATH, content=BODY, headers=JSON).status_code == 200
    lane = LaneAnswers(monkeypatch)
    refused = ours.post(PATH, content=BODY, headers={"content-type": "text/plain"})
    assert refused.status_code == 422 and lane.count == 0
    same(refused, theirs.post(PATH, content=BODY, headers={"content-type": "text/plain"}))
    assert ours.post(PATH + "?format=csv&table=paths_summary", content=BODY, headers=JSON).status_code == 200
    assert lane.count == 0


def test_a_streamed_body_is_read_and_answered_alike(apps, monkeypatch):
    ours, theirs = apps
    first = ours.post(PATH, content=iter([BODY[:10], BODY[10:]]), headers=JSON)  # chunked: no content-length
    assert first.status_code == 200 and "content-length" not in first.request.headers
    lane = LaneAnswers(monkeypatch)
    again = ours.post(PATH, content=iter([BODY[:3], BODY[3:]]), headers=JSON)
    assert lane.count == 1
    same(again, theirs.post(PATH, content=BODY, headers=JSON))
    over = ours.post(PATH, content=iter([b" " * 40_000, b" " * 40_000]), headers=JSON)
    assert over.status_code == 413  # the Guard's limit, as before


def test_a_saved_scenarios_answer_is_never_kept_by_the_lane(tmp_path):
    """A saved scenario can be deleted (or its id reused): every request naming one goes to the router."""
    with client(make_app(tmp_path)) as api:
        spec = {"name": "poland-5", "policy": {"default": "constant_share", "POL": {"plan": {"2030": 5}}}}
        saved = api.post("/api/v1/scenarios", json={"name": "Poland at 5 %", "spec": spec}, headers=AUTH)
        assert saved.status_code == 201, saved.text
        body = json.dumps({"saved": saved.json()["data"]["id"], "draws": 100, "seed": 1}).encode()
        assert api.post(PATH, content=body, headers=JSON).status_code == 200
        assert api.post(PATH, content=body, headers=JSON).status_code == 200
        deleted = api.delete(f"/api/v1/scenarios/{saved.json()['data']['id']}", headers=AUTH)
        assert deleted.status_code == 204
        gone = api.post(PATH, content=body, headers=JSON)
        assert gone.status_code == 404 and "no saved scenario" in gone.json()["message"]


def test_another_servers_limits_are_its_own(tmp_path, apps):
    """The answers are kept per process, so an app with a lower draws limit refuses what another answered."""
    ours, _ = apps
    assert ours.post(PATH, content=BODY, headers=JSON).status_code == 200
    with client(make_app(tmp_path, max_draws=100)) as strict:
        for _ in range(2):
            refused = strict.post(PATH, content=BODY, headers=JSON)
            assert refused.status_code == 422 and "'draws'" in refused.json()["message"]


def test_the_lanes_answers_go_when_the_data_change(apps, monkeypatch):
    from nato3.store import cache

    ours, theirs = apps
    assert ours.post(PATH, content=BODY, headers=JSON).status_code == 200
    cache.clear()  # what an import or a rebuild does
    lane = LaneAnswers(monkeypatch)
    again = ours.post(PATH, content=BODY, headers=JSON)
    assert lane.count == 0
    same(again, theirs.post(PATH, content=BODY, headers=JSON))


def test_a_full_pool_sheds_a_repeated_request_as_the_router_would(tmp_path):
    """The Guard sheds projections while the pool is full, before the lane: the same 503 as before."""
    import time

    with client(make_app(tmp_path, max_projections=1, projection_queue=0, retry_after_s=3)) as api:
        assert api.post(PATH, content=BODY, headers=JSON).status_code == 200
        busy = api.app.state.projection_slots.submit(time.sleep, 2)
        shed = api.post(PATH, content=BODY, headers=JSON)
        assert shed.status_code == 503 and shed.headers["retry-after"] == "3", shed.text
        busy.result()
