"""Finished backtests kept on disk: a new process reads the document the computation gave, the
name changes with every parameter, a damaged file is computed again, and a fit is never kept."""

from __future__ import annotations

import pandas as pd

SMALL = {"source": "sipri", "origins": (2014, 2016), "horizons": (1, 2), "draws": 100, "seed": 7}


def _direct(**params):
    """The document computed now (without the Wales case), past every cache."""
    from nato3.backtest.run import backtest
    from nato3.documents.backtest import document

    p = params
    return document(backtest(p["source"], p["origins"], p["horizons"], p["draws"], p["seed"], wales=False))


def _stored_files():
    from nato3.documents import backtest_stored as stored

    return sorted(stored.folder().glob(f"{stored.PREFIX}*{stored.SUFFIX}"))


def _assert_same(a, b):
    assert a.parameters == b.parameters
    assert list(a.tables) == list(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name].frame, b.tables[name].frame)
    assert a.notes == b.notes and a.caveats == b.caveats


def test_the_stored_document_is_the_computed_one():
    from nato3.documents import backtest_stored as stored
    from nato3.documents.backtest import build

    path = stored.path_for({**SMALL, "wales": False})
    path.unlink(missing_ok=True)
    first = build(**SMALL, wales=False)  # computed and kept
    assert path.is_file()
    again = stored.load(path)  # what a new process reads
    assert again is not first
    _assert_same(again, _direct(**SMALL))
    # the stored odds and coverage are the hindcast's, not empty tables
    assert not again.tables["backtest_overall"].frame.empty


def test_every_parameter_names_another_file():
    from nato3.documents import backtest_stored as stored

    base = {**SMALL, "wales": False}
    names = {stored.path_for(base)}
    for changed in ({"seed": 8}, {"draws": 200}, {"horizons": (1,)}, {"origins": (2014, 2015)}, {"wales": True}):
        names.add(stored.path_for(base | changed))
    assert len(names) == 6


def test_another_database_names_another_file(monkeypatch):
    from nato3.documents import backtest_stored as stored

    before = stored.path_for(SMALL)
    import nato3.store.database as database

    real = database.query

    def another_fingerprint(sql, params=None):
        return pd.DataFrame({"value": ["another"]}) if "_meta" in sql else real(sql, params)

    monkeypatch.setattr(database, "query", another_fingerprint)
    assert stored.path_for(SMALL) != before


def test_a_damaged_file_is_computed_again_and_replaced():
    from nato3.documents import backtest_stored as stored

    params = {**SMALL, "seed": 11, "wales": False}
    path = stored.path_for(params)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    assert stored.load(path) is None
    computed = []
    document = stored.stored(params, lambda: computed.append(1) or _direct(**SMALL | {"seed": 11}))
    assert computed == [1]
    _assert_same(stored.load(path), document)


def test_only_the_newest_are_kept(monkeypatch):
    from nato3.documents import backtest_stored as stored

    monkeypatch.setattr(stored, "KEEP", 1)
    doc = _direct(**SMALL)
    stored.store(stored.folder() / f"{stored.PREFIX}a{stored.SUFFIX}", doc)
    stored.store(stored.folder() / f"{stored.PREFIX}b{stored.SUFFIX}", doc)
    assert [p.name for p in _stored_files()] == [f"{stored.PREFIX}b{stored.SUFFIX}"]


def test_a_fit_is_never_kept(monkeypatch):
    """A fit writes the Monte Carlo settings: it runs every time and nothing is stored."""
    import nato3.documents.backtest_stored as stored
    from nato3.documents import backtest as backtest_document

    called = []
    monkeypatch.setattr(stored, "stored", lambda *a: called.append(a))
    monkeypatch.setattr("nato3.backtest.run.backtest", lambda *a, **k: "ran")
    monkeypatch.setattr(backtest_document, "document", lambda b: b)
    assert backtest_document.build(**SMALL, fit=True) == "ran"
    assert called == []
