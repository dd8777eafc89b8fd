"""nato3's savefig (nato3.charts.static.savefig): the layout pass before the drawing lays the figure
out and draws nothing, and the file is byte for byte the one matplotlib's own savefig writes."""

from __future__ import annotations

import io

import pytest
from matplotlib.lines import Line2D

from nato3.charts.static import add_source, new_figure, pyplot, savefig

FORMATS = {"svg": {"Date": None}, "png": None, "pdf": {"CreationDate": None}}


def _lines_and_bars():
    fig, ax = new_figure(7.0, 3.5)
    ax.plot([2014, 2019, 2024], [1.43, 1.55, 2.71], marker="o", label="NATO Total")
    ax.barh([0.5, 1.5], [1.2, 2.4], left=2015, height=0.4, hatch="//", label="bars")
    ax.axhline(2.0, linestyle="--", label="2 %")
    ax.set_title("Defence spending as a share of GDP", loc="left")
    ax.set_ylabel("% of GDP")
    ax.legend(loc="best")
    add_source(fig, "Source: NATO, Defence Expenditure of NATO Countries (2014-2026), 2026 edition, Tables 3 and 8a")
    return fig


def _two_panels_with_dates():
    import pandas as pd

    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4), layout="constrained")
    left.scatter(pd.to_datetime(["2019-01-01", "2022-06-30", "2025-03-01"]), [64_000, 100_000, 80_000])
    left.annotate("100,000", (pd.Timestamp("2022-06-30"), 100_000), textcoords="offset points", xytext=(4, 4))
    right.bar(["2022\nDMDC", "2024\nEUCOM/DoD"], [95.1, 96.3])
    right.set_ylim(90, 100)
    right.tick_params(axis="x", labelsize=7)
    add_source(fig, "Sources: DMDC; EUCOM/DoD via secondary sources. Personnel is a proxy, not capability.")
    return fig


def _saved(make, fmt: str, ours: bool, **kwargs) -> bytes:
    fig = make()
    buffer = io.BytesIO()
    try:
        if ours:
            savefig(fig, buffer, format=fmt, metadata=FORMATS[fmt], **kwargs)
        else:
            fig.savefig(buffer, format=fmt, metadata=FORMATS[fmt], **kwargs)
    finally:
        pyplot().close(fig)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("make", [_lines_and_bars, _two_panels_with_dates])
def test_the_file_is_matplotlibs_own(make, fmt):
    assert _saved(make, fmt, ours=True) == _saved(make, fmt, ours=False)


def test_a_tight_box_and_a_figure_without_a_layout_engine_are_saved_as_matplotlib_does():
    def plain():
        fig = _lines_and_bars()
        fig.set_layout_engine("none")
        return fig

    assert _saved(_lines_and_bars, "svg", True, bbox_inches="tight") == _saved(
        _lines_and_bars, "svg", False, bbox_inches="tight"
    )
    assert _saved(plain, "svg", True) == _saved(plain, "svg", False)


def test_each_line_is_drawn_once_not_first_in_the_layout_pass(monkeypatch):
    """matplotlib's savefig draws every artist twice (once with drawing switched off, for the
    layout); nato3's draws them once. Checked to fail when the layout pass is matplotlib's own."""
    drawn = []
    draw = Line2D.draw
    monkeypatch.setattr(Line2D, "draw", lambda self, renderer: (drawn.append(self), draw(self, renderer))[1])
    fig = _lines_and_bars()
    lines = len(fig.axes[0].lines)
    savefig(fig, io.StringIO(), format="svg", metadata={"Date": None})
    ours = sum(1 for line in drawn if line.axes is fig.axes[0] and line in fig.axes[0].lines)
    drawn.clear()
    fig.savefig(io.StringIO(), format="svg", metadata={"Date": None})
    theirs = sum(1 for line in drawn if line.axes is fig.axes[0] and line in fig.axes[0].lines)
    pyplot().close(fig)
    assert ours == lines and theirs == 2 * lines
    assert "draw" not in vars(fig)  # the layout pass took itself away


def test_the_ledgers_charts_are_matplotlibs_own(tmp_path, monkeypatch):
    """Two of the report's charts as the CLI and the report draw them (``static.save``), in every format."""
    from nato3.charts import static
    from nato3.documents import build
    from nato3.ledger import charts

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the PDF's creation date
    drawn = {}
    for fmt in sorted(FORMATS):
        for name, doc in (("commands", build("ledger_commands")), ("forces", build("ledger_forces"))):
            chart = getattr(charts, f"{name}_chart")
            drawn[name, fmt, "ours"] = chart(doc, tmp_path / f"{name}-ours.{fmt}").read_bytes()
            with monkeypatch.context() as m:
                m.setattr(static, "savefig", lambda fig, target, **kw: fig.savefig(target, **kw))
                drawn[name, fmt, "theirs"] = chart(doc, tmp_path / f"{name}-theirs.{fmt}").read_bytes()
    for (name, fmt, side), content in drawn.items():
        if side == "ours":
            assert content == drawn[name, fmt, "theirs"], (name, fmt)
