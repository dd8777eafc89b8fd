"""The SVG backend's text sizes remembered across figures (nato3.charts.static): each text is
shaped once, and a chart drawn with the sizes remembered is byte for byte the chart drawn without."""

from __future__ import annotations

import io

from matplotlib.font_manager import FontProperties

from nato3.charts.static import new_figure, pyplot


def _svg() -> str:
    fig, ax = new_figure(6.0, 3.0)
    ax.barh(range(3), [1.5, 2.5, 3.5])
    ax.set_yticks(range(3), ["Latvia", "Poland", "United States"])
    ax.set_title("Defence spending as a share of GDP", loc="left")
    ax.text(2.0, 1.0, "2 % (Wales)", fontsize=8)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    pyplot().close(fig)
    return buffer.getvalue()


def test_a_text_is_shaped_once_for_its_font_and_size(monkeypatch):
    from matplotlib.textpath import TextToPath

    pyplot()
    font_of = TextToPath._get_font
    shaped = []

    def counting(self, prop):
        shaped.append(prop.get_size_in_points())
        return font_of(self, prop)

    monkeypatch.setattr(TextToPath, "_get_font", counting)  # what the backend calls to shape a text
    measure = TextToPath.get_text_width_height_descent
    small, large = FontProperties(size=8), FontProperties(size=12)
    first = measure(TextToPath(), "nato3: a text measured once", small, False)
    assert shaped == [8]
    assert measure(TextToPath(), "nato3: a text measured once", small.copy(), False) == first  # another renderer
    assert shaped == [8]
    assert measure(TextToPath(), "nato3: a text measured once", large, False)[0] > first[0]  # another size
    assert measure(TextToPath(), "nato3: a text measured twice", small, False) != first  # another text
    assert shaped == [8, 12, 8]
    assert measure.__wrapped__(TextToPath(), "nato3: a text measured once", small, False) == first  # as shaped


def test_a_chart_is_the_same_with_the_sizes_remembered(monkeypatch):
    from matplotlib.textpath import TextToPath

    pyplot()
    remembered = TextToPath.get_text_width_height_descent
    with_memo = _svg()
    monkeypatch.setattr(TextToPath, "get_text_width_height_descent", remembered.__wrapped__)
    assert _svg() == with_memo


def test_a_chart_is_the_same_with_the_font_heights_remembered(monkeypatch):
    """The SVG renderer's font height hook (nato3.charts.static) gives the numbers matplotlib's
    own lookup of the font's tables gives: the chart is byte for byte the chart drawn without it."""
    from matplotlib.backends.backend_svg import RendererSVG

    pyplot()
    with_hook = _svg()
    assert with_hook == _svg()  # answered from what the first chart remembered
    monkeypatch.delattr(RendererSVG, "_get_font_height_metrics")
    assert _svg() == with_hook
