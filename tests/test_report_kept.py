"""What a report keeps in $NATO3_HOME/cache. Each chart is drawn once for what it shows: a second
report with the same data reads every chart back (and is the same page), a change to what a chart
shows draws it again, and an unreadable file is drawn again, never served. The paths section's
projection document is computed once per scenario file, data and code."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from nato3.report import charts
from nato3.store import disk_cache


def _counting(text: str):
    calls = []

    def draw() -> str:
        calls.append(1)
        return text

    return draw, calls


def _kept_files() -> list:
    return sorted(disk_cache.folder().glob(f"{charts.PREFIX}*{disk_cache.SUFFIX}"))


def test_a_chart_is_drawn_once_for_the_same_inputs_and_again_when_they_change():
    frame = pd.DataFrame({"iso3": ["POL", "DEU"], "share": [4.12, 2.12]})
    draw, calls = _counting("<svg>one</svg>")
    texts = ("alt", "caption", "source")
    assert charts.kept("chart-test-once", texts, (frame,), draw) == "<svg>one</svg>"
    assert charts.kept("chart-test-once", texts, (frame.copy(),), draw) == "<svg>one</svg>"
    assert len(calls) == 1
    changed = frame.assign(share=[4.12, 2.13])
    redraw, again = _counting("<svg>two</svg>")
    assert charts.kept("chart-test-once", texts, (changed,), redraw) == "<svg>two</svg>"
    assert charts.kept("chart-test-once", ("other alt", "caption", "source"), (frame,), redraw) == "<svg>two</svg>"
    assert len(again) == 2


def test_an_unreadable_kept_chart_is_drawn_again():
    texts = ("alt", "caption", "source")
    before = set(_kept_files())
    charts.kept("chart-test-broken", texts, (1,), lambda: "<svg>first</svg>")
    (path,) = set(_kept_files()) - before
    path.write_bytes(b"not a pickle")
    draw, calls = _counting("<svg>again</svg>")
    assert charts.kept("chart-test-broken", texts, (1,), draw) == "<svg>again</svg>"
    assert calls == [1]


def test_content_depends_on_the_values_not_on_how_pandas_lays_out_the_frame():
    one = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    one["c"] = [3.0, 4.0]  # a second float block until pandas consolidates
    two = one.copy()
    two._consolidate_inplace()
    assert pickle.dumps(one) != pickle.dumps(two)  # why a frame's own pickle cannot name a chart
    assert pickle.dumps(charts.content(one)) == pickle.dumps(charts.content(two))
    assert pickle.dumps(charts.content(one)) != pickle.dumps(charts.content(one.assign(c=[3.0, 5.0])))
    # numbers go in as their bytes: the same bytes under another type, or in another column, are another chart
    assert pickle.dumps(charts.content(one)) != pickle.dumps(charts.content(one.assign(c=[3, 4])))
    assert pickle.dumps(charts.content(one)) != pickle.dumps(charts.content(one[["c", "b", "a"]]))
    assert pickle.dumps(charts.content(one)) != pickle.dumps(charts.content(one.assign(b=["x", "z"])))


def test_a_chart_is_named_by_equal_values_whether_or_not_they_are_one_object():
    label = "".join(["Pol", "and"])
    shared, distinct = [label, label], ["Poland", "".join(["Po", "land"])]
    assert pickle.dumps(shared) != pickle.dumps(distinct)  # pickle's memo: why names are hashed without it
    draw, calls = _counting("<svg>names</svg>")
    charts.kept("chart-test-identity", (), (shared,), draw)
    charts.kept("chart-test-identity", (), (distinct,), draw)
    assert calls == [1]


@pytest.fixture
def no_drawing(monkeypatch):
    """Drawing a chart fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a chart was drawn")

    monkeypatch.setattr(charts, "figure_svg", refuse)
    monkeypatch.setattr(charts, "inline_svg", refuse)


def test_a_second_report_reads_every_chart_back(tmp_path, request):
    from nato3.report import build_report

    first = build_report(out=tmp_path / "one", year=2024, edition="2024", built_on="2024-06-17", parallel=False)
    drawn = {c.id for s in first.sections for c in s.charts.values()}
    assert len(drawn) == 8
    request.getfixturevalue("no_drawing")
    second = build_report(out=tmp_path / "two", year=2024, edition="2024", built_on="2024-06-17", parallel=False)
    assert second.html.read_bytes() == first.html.read_bytes()


def test_the_projection_document_is_computed_once_per_scenario_file(tmp_path, monkeypatch):
    import shutil

    from nato3.documents import registry
    from nato3.documents.model import Document
    from nato3.projection.builtin import scenario_path
    from nato3.report import kept

    scenario = tmp_path / "mine.yaml"
    shutil.copy(scenario_path("current-trend"), scenario)
    params = {"scenario": str(scenario), "draws": 100}
    first = kept.projection(params, scenario, lambda: registry.build("projection", **params))
    assert isinstance(first, Document) and kept.path_for(params, scenario).is_file()

    def refuse():
        raise AssertionError("computed again")

    again = kept.projection(params, scenario, refuse)
    assert again.tables["paths_allies"].frame.equals(first.tables["paths_allies"].frame)
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not kept.path_for(params, scenario).is_file()  # another file, another name
    with pytest.raises(AssertionError, match="computed again"):
        kept.projection(params, scenario, refuse)
    assert not kept.path_for({**params, "draws": 200}, scenario).is_file()  # other settings too
