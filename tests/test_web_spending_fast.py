"""The spending hot path (issue 15): the in-memory index answers what the document builder answers,
byte for byte, and the fast lane in front of the router answers what the router answers, with
the same headers; requests the lane should not answer reach the router. Figures are checked
against NATO's published ones (Poland 2024: 4.12 % of GDP in the 2024 edition, 3.79 % in 2025).
"""

from __future__ import annotations

import gc

import pytest

from documents import rows
from nato3.documents import build
from nato3.documents.spending_index import index
from nato3.errors import Nato3Error
from nato3.plain import dumps
from web_support import client, make_app

# Parameters as the library takes them: one series or several, one country or several (allies and
# NATO's aggregates), bounded years or not, codes as people type them.
QUERIES = [
    {"iso3": "POL"},
    {"iso3": "POL", "from_year": 2024, "to_year": 2024, "source": "nato", "edition": "2024"},
    {"iso3": "POL", "from_year": 2020, "source": "nato"},
    {"iso3": "POL", "to_year": 1990, "source": "sipri"},
    {"iso3": "DEU", "from_year": 2014, "to_year": 2014},
    {"iso3": "USA", "source": "sipri", "edition": "2025"},
    {"iso3": "DEU", "source": "sipri", "to_year": 1960},
    {"iso3": "ISL", "source": "sipri", "from_year": 1990, "to_year": 2000},
    {"iso3": "MNE", "source": "nato", "edition": "2024", "from_year": 2016},
    {"iso3": "NATO_TOTAL"},
    {"iso3": "NATO_EUR_CAN", "source": "nato", "edition": "2026"},
    {"iso3": ["POL", "DEU", "NATO_EUR_CAN"]},
    {"iso3": "usa, can", "source": "nato", "edition": "2024"},
    {"iso3": ["FRA", "fra", "GBR"], "from_year": 2015, "to_year": 2016, "source": ["sipri", "nato"]},
    {"iso3": ["ISL", "LUX"], "source": "nato", "edition": "2025"},
    {"source": "sipri", "from_year": 2020},
    {"edition": "2025"},
    {},
]


@pytest.mark.parametrize("params", QUERIES, ids=str)
def test_index_answers_the_documents_json(params):
    assert index().answer(**params) == dumps(build("spending", **params).to_dict())


def test_index_leaves_empty_answers_to_the_builder():
    # NATO's series start in 2014: no rows, and the builder, not the index, says what that means.
    assert index().answer(iso3="POL", from_year=1949, to_year=1949, source="nato") is None


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"iso3": "XXX"}, "iso3"),
        ({"iso3": "POL", "edition": "1999"}, "edition"),
        ({"iso3": "POL", "source": "imf"}, "source"),
        ({"iso3": "POL", "from_year": 2020, "to_year": 2010}, "from_year"),
    ],
)
def test_index_refuses_what_the_builder_refuses(params, parameter):
    with pytest.raises(Nato3Error) as ours:
        index().answer(**params)
    with pytest.raises(Nato3Error) as builders:
        build("spending", **params)
    assert ours.value.parameter == builders.value.parameter == parameter
    assert str(ours.value) == str(builders.value)


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """Two apps alike but for the fast lane: the second has it taken out, so the router answers."""
    from nato3.web.fast_lane import SpendingLane

    tmp = tmp_path_factory.mktemp("fast")
    with_lane, without = make_app(tmp / "a"), make_app(tmp / "b")
    without.user_middleware = [m for m in without.user_middleware if m.cls is not SpendingLane]
    assert [m.cls for m in with_lane.user_middleware].count(SpendingLane) == 1
    return client(with_lane), client(without)


LANE_URLS = [
    "/api/v1/spending?iso3=POL",
    "/api/v1/spending?iso3=POL&from_year=2024&to_year=2024&source=nato&edition=2024",
    "/api/v1/spending?iso3=pol,deu&source=sipri&from_year=2000",
    "/api/v1/spending?iso3=POL&iso3=NATO_TOTAL&source=nato&source=sipri&format=json",
    "/api/v1/spending?iso3=LUX&to_year=2015",
]
ROUTER_URLS = [
    "/api/v1/spending?iso3=POL&format=csv",  # CSV: the router's
    "/api/v1/spending?iso3=XXX",  # unknown code: the router's 422
    "/api/v1/spending?iso3=POL&from_year=abc",  # not a year
    "/api/v1/spending?iso3=POL&from_year=1800",  # below the bound
    "/api/v1/spending?iso3=POL&from_year=2030&to_year=2020",  # inverted
    "/api/v1/spending?iso3=POL&from_year=1900&to_year=1900",  # outside the data: the builder says so
    "/api/v1/spending?iso3=POL&edition=2024&edition=2025",  # a single value given twice
    "/api/v1/spending?iso3=POL&source=NATO",  # not one of the choices as written
    "/api/v1/spending?iso3=POL&colour=red",  # unknown parameter
    "/api/v1/spending?iso3=POL&edition=",  # blank edition
    "/api/v1/spending?iso3=POL&edition=" + "9" * 21,  # over the length limit
    "/api/v1/spending?" + "&".join(["iso3=POL"] * 41),  # over the number of values
    "/api/v1/spending?iso3=" + ",".join(["POL"] * 31),  # over max_countries
]


@pytest.mark.parametrize("url", LANE_URLS + ROUTER_URLS)
def test_the_lane_answers_as_the_router_does(apps, url):
    with_lane, without = apps
    ours, theirs = with_lane.get(url), without.get(url)
    assert (ours.status_code, ours.content) == (theirs.status_code, theirs.content)
    assert ours.headers.items() == theirs.headers.items()
    assert "content-security-policy" in ours.headers


@pytest.mark.parametrize("url", LANE_URLS)
def test_plainly_valid_requests_take_the_lane(url):
    from nato3.web.fast_lane import SpendingLane

    lane = SpendingLane(app=None, max_countries=30)
    assert lane._answer(url.partition("?")[2].encode()) is not None


@pytest.mark.parametrize("url", ROUTER_URLS)
def test_everything_else_goes_to_the_router(url):
    from nato3.web.fast_lane import SpendingLane

    lane = SpendingLane(app=None, max_countries=30)
    assert lane._answer(url.partition("?")[2].encode()) is None


def test_the_lane_keeps_the_host_check(apps):
    with_lane, _ = apps
    r = with_lane.get("/api/v1/spending?iso3=POL", headers={"host": "evil.example"})
    assert r.status_code == 400 and "Host" in r.json()["message"]


def test_the_lane_serves_nato_published_figures(apps):
    with_lane, _ = apps
    for edition, share in (("2024", 4.12), ("2025", 3.79)):
        url = f"/api/v1/spending?iso3=POL&from_year=2024&to_year=2024&source=nato&edition={edition}"
        (row,) = rows(with_lane.get(url).json())
        assert (row["iso3"], row["year"], round(row["defence_share_gdp_pct"], 2)) == ("POL", 2024, share)


def test_start_up_freezes_the_heap(tmp_path):
    """The lifespan builds the index and moves the start-up heap out of the collector's reach."""
    gc.unfreeze()
    with client(make_app(tmp_path)) as api:  # entering runs the lifespan
        assert gc.get_freeze_count() > 0
        assert api.get("/api/v1/spending?iso3=POL").status_code == 200
    gc.unfreeze()


def test_the_lanes_answers_go_when_the_data_change(apps):
    from nato3.store import cache
    from nato3.web.fast_lane import ANSWERS

    with_lane, _ = apps
    body = with_lane.get("/api/v1/spending?iso3=EST&source=nato").content
    assert ANSWERS.get(b"iso3=EST&source=nato") == (body,)
    cache.clear()  # what an import or a rebuild does
    assert ANSWERS.get(b"iso3=EST&source=nato") is None


def test_stored_answers_are_bounded_by_their_size():
    from nato3.web.responses import Cache, body_size

    store = Cache(100, weigh=body_size)
    for key in "abc":
        store.put(key, (b"x" * 40, "application/json", {}))
    assert [store.get(k) is not None for k in "abc"] == [False, True, True]  # the oldest went
    store.put("huge", (b"x" * 101, "application/json", {}))  # heavier than the whole store
    assert store.get("huge") is None and store.get("c") is not None


def test_the_lane_knows_exactly_the_endpoints_parameters():
    """A parameter added to (or removed from) `GET /api/v1/spending` must be taught to the lane too;
    otherwise the lane would refuse or pass on what the endpoint accepts."""
    import inspect

    from nato3.web import fast_lane
    from nato3.web.api.v1.spending import spending

    declared = set(inspect.signature(spending).parameters) - {"request"}
    assert set(fast_lane.LISTS) | fast_lane.SCALARS == declared
