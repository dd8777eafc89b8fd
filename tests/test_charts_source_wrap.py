"""The source line under a chart (nato3.charts.static.add_source) is wrapped by bisection instead
of matplotlib's word-by-word search: the same lines, so the same chart, from fewer measurements."""

from __future__ import annotations

import io

import pytest
from matplotlib.text import Text

from nato3.charts.static import add_source, new_figure, pyplot

# Source lines of the length the report's charts carry (one to four lines at these widths).
SOURCES = [
    "Source: NATO Public Diplomacy Division: Defence Expenditure of NATO Countries (2014-2026): core defence "
    "expenditure, Tables 3, 8a and 8b, edition 2026; nato3 project, compiled from the public sources named per row: "
    "NATO 3.0 context facts: sourced statements on US posture, command structure, force model, ammunition and "
    "replacement-cost estimates, edition 2026-12",
    "Source: SIPRI Military Expenditure Database; World Bank WDI",
    "Source: one-very-long-word-that-does-not-fit-anywhere-on-a-line-of-its-own-and-is-kept-whole-by-matplotlib-"
    "as-it-is and then a few short words\nafter a line break of the source's own",
    "Source",
]


def _figure(width: float, text: str):
    fig, ax = new_figure(width, 3.0)
    ax.plot([0, 1], [0, 1])
    add_source(fig, text)
    return fig


def _lines(fig) -> list[tuple[str, str]]:
    """The source line wrapped by nato3 and by matplotlib's own method, at save time (both measured
    with the renderer that draws it)."""
    source = fig.texts[-1]
    seen: list[tuple[str, str]] = []
    ours = source._get_wrapped_text

    def both() -> str:
        seen.append((ours(), Text._get_wrapped_text(source)))
        return seen[-1][0]

    source._get_wrapped_text = both
    return seen


@pytest.mark.parametrize("fmt", ["svg", "png"])
@pytest.mark.parametrize("width", [3.0, 8.0])
@pytest.mark.parametrize("text", SOURCES)
def test_the_source_line_wraps_as_matplotlib_wraps_it(fmt, width, text):
    fig = _figure(width, text)
    seen = _lines(fig)
    fig.savefig(io.BytesIO(), format=fmt, dpi=50)
    pyplot().close(fig)
    assert seen, "the source line was never wrapped"
    for ours, matplotlibs in seen:
        assert ours == matplotlibs
    if len(text) > 200 and width <= 8.0:
        assert seen[-1][0].count("\n") >= 1  # the long line is wrapped at all


def test_a_chart_is_the_same_with_matplotlibs_wrapping():
    def svg(own: bool) -> str:
        fig = _figure(7.0, SOURCES[0])
        if not own:
            del fig.texts[-1]._get_wrapped_text  # back to Text._get_wrapped_text
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        pyplot().close(fig)
        return buffer.getvalue()

    assert svg(own=True) == svg(own=False)
