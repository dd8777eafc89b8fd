"""A projection document's seed-independent part is computed once per scenario setup and reused
by every run (issue 15: a new seed each request); what a run adds never leaks into the next run's
document, and a projection worker reads each packed scenario once."""

from __future__ import annotations

import dataclasses

from nato3.documents import projection_fixed
from nato3.documents.projection import context, document, load
from nato3.projection.builtin import load_scenario
from nato3.projection.prepared import prepared
from nato3.projection.runner import mc_params, run_prepared
from nato3.web import projection_worker as worker


def run(ready, draws: int, seed: int):
    return run_prepared(ready, mc_params(ready.setup.resolved, draws, seed))


def test_a_new_seed_reuses_the_fixed_part_and_gives_the_document_built_from_scratch(monkeypatch):
    ready = prepared(load("hague-linear"))
    first, second = run(ready, 2_000, 1), run(ready, 2_000, 2)
    ctx = context(first)
    document(first, "hague-linear", ["POL"], 1, ctx)  # a run that shows one ally, then others
    reused = [document(second, "hague-linear", [], 2, ctx), document(run(ready, 0, 2), "hague-linear", [], 2, ctx)]
    fixed = projection_fixed.fixed(second, ctx, 2030)
    assert projection_fixed.fixed(run(ready, 1_000, 3), ctx, 2030) is fixed  # one per setup, whatever the run

    monkeypatch.setattr(projection_fixed, "_HELD", type(projection_fixed._HELD)())  # nothing kept
    fresh = [document(second, "hague-linear", [], 2, ctx), document(run(ready, 0, 2), "hague-linear", [], 2, ctx)]
    assert projection_fixed.fixed(second, ctx, 2030) is not fixed
    for a, b in zip(reused, fresh, strict=True):
        assert a.to_dict() == b.to_dict()
    # the odds differ between the seeds: the reused part carries none of the first run's
    poland = [r for r in reused[0].tables["paths_allies"].records() if r["iso3"] == "POL"][0]
    assert poland["share_p05_horizon"] is not None and "share_p05_horizon" in poland["marks"]
    deterministic = [r for r in reused[1].tables["paths_allies"].records() if r["iso3"] == "POL"][0]
    assert deterministic["share_p05_horizon"] is None and "share_p05_horizon" not in deterministic["marks"]


def test_a_worker_reads_a_packed_scenario_once():
    scenario = load_scenario("current-trend")  # checked once, as the server keeps it
    job = worker.job(scenario, "current-trend", 1_000, 1)
    later = worker.job(scenario, "current-trend", 1_000, 2)
    again = dataclasses.replace(later, packed=bytes(bytearray(later.packed)))  # as a job arrives: new bytes
    assert again.packed is not job.packed
    assert again.unpacked() is job.unpacked()
    other = worker.job(load_scenario("hague-linear"), "hague-linear", 1_000, 1)
    assert other.unpacked()[0].setup.resolved.name == "hague-linear"
    assert worker.answer(again, "json", None)[0] != worker.answer(job, "json", None)[0]  # another seed's odds
