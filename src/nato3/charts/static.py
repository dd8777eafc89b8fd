"""Publication-quality static charts with matplotlib: one house style, a source line under every
chart, and a safe ``save`` that checks the file type and writes atomically.

matplotlib is imported inside the functions (with the non-interactive Agg backend), so modules
that merely define charts stay cheap to import.
"""

from __future__ import annotations

import functools
import os
import types
from pathlib import Path
from typing import Any

from nato3.errors import Nato3Error

FORMATS = {".png", ".svg", ".pdf"}
# Colours that stay distinct for common colour-vision deficiencies (Okabe-Ito).
PALETTE = {
    "united_states": "#0072B2",
    "europe_and_canada": "#E69F00",
    "europe": "#D55E00",
    "canada": "#CC79A7",
    "accent": "#009E73",
    "grey": "#7F7F7F",
    "target": "#B22222",
}
SERIES = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def pyplot():
    """matplotlib.pyplot with the Agg backend and nato3's style applied."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "font.size": 10,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "legend.frameon": False,
            "svg.fonttype": "none",
            "svg.hashsalt": "nato3",  # stable ids: identical charts give identical SVG
        }
    )
    _measure_svg_text_once()
    _svg_font_heights_once()
    return plt


MEASURED_MAX = 4096  # texts whose SVG size is remembered (a report measures a few hundred)


def _measure_svg_text_once() -> None:
    """Remember the size of each text the SVG backend measures, across figures and renderers.

    Every SVG chart measures each of its texts about three times (constrained layout, the
    layout pass of ``savefig``, the drawing itself), each with a new renderer, so matplotlib's
    own cache (one per renderer) misses, and shaping a text costs ~0.3 ms in matplotlib 3.11:
    about a fifth of drawing the report's charts. The size depends only on the text, its font
    properties and the font settings (the SVG backend measures at a fixed scale, unhinted), which
    make the key; the SVG written is byte for byte the same."""
    from matplotlib.textpath import TextToPath

    measure = TextToPath.get_text_width_height_descent
    if getattr(measure, "remembered", False):
        return
    sizes: dict = {}

    @functools.wraps(measure)
    def measured(self, s, prop, ismath):
        from matplotlib import rcParams

        key = (s, prop.copy(), ismath, rcParams["text.hinting_factor"], rcParams["text.kerning_factor"])
        size = sizes.get(key)
        if size is None:
            if len(sizes) >= MEASURED_MAX:
                sizes.clear()
            size = sizes[key] = measure(self, s, prop, ismath)
        return size

    measured.remembered = True
    TextToPath.get_text_width_height_descent = measured


FONT_LISTS = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.cursive", "font.fantasy")
SVG_DPI = 72  # the figure's dpi while the SVG backend draws (FigureCanvasSVG.print_svg)


def _svg_font_heights_once() -> None:
    """Give the SVG renderer the font height metrics hook the PDF/PS renderers have, answered
    once per font instead of on every text layout.

    Without it, matplotlib 3.11 looks up the font and reads two of its tables each time it lays
    out a text (``Text._get_layout``, ~3,200 times for the report's charts). The hook returns
    the same three numbers that lookup computes (OS/2, else hhea metrics scaled to the text's
    size at the SVG backend's 72 dpi), or Nones for matplotlib's own fallback; the SVG written
    is byte for byte the same."""
    from matplotlib.backends.backend_svg import RendererSVG

    if hasattr(RendererSVG, "_get_font_height_metrics"):
        return
    heights: dict = {}

    def _get_font_height_metrics(self, prop):
        from matplotlib import rcParams

        key = (prop.copy(), *(tuple(rcParams[name]) for name in FONT_LISTS))
        metrics = heights.get(key)
        if metrics is None:
            if len(heights) >= MEASURED_MAX:
                heights.clear()
            metrics = heights[key] = _font_heights(prop)
        return metrics

    RendererSVG._get_font_height_metrics = _get_font_height_metrics


def _font_heights(prop) -> tuple:
    """Ascent, descent and line gap of ``prop``'s font as ``Text._get_layout`` computes them."""
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        fontsize = prop.get_size_in_points()
        units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
        scale = 1 / units_per_em * fontsize * SVG_DPI / 72  # as matplotlib writes it: same rounding
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None


def new_figure(width: float = 8.0, height: float = 4.8) -> tuple[Any, Any]:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def add_source(fig: Any, text: str) -> None:
    """Write the source line under the chart (every chart names its source), wrapped to the
    figure's width (:func:`_wrapped_text`)."""
    line = fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=7, color="#555555", wrap=True)
    line._get_wrapped_text = types.MethodType(_wrapped_text, line)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, 0.05, 1, 0.95))


def _wrapped_text(self) -> str:
    """The lines matplotlib's wrapping makes of a text, found with fewer measurements.

    matplotlib measures every prefix of a line, one word longer each time, until one is too wide:
    a source line of 40 words costs ~40 measurements of long texts (~1 ms each, the most costly
    texts of a chart). A prefix is never narrower than a shorter one, so the first prefix too
    wide is found by bisection: the same lines from ~6 measurements a line. Replaces
    ``Text._get_wrapped_text`` on the source line only (matplotlib 3.11's algorithm, same cases)."""
    if not self.get_wrap() or self.get_usetex():
        return self.get_text()
    line_width = self._get_wrap_line_width()
    wrapped: list[str] = []
    for unwrapped in self.get_text().split("\n"):
        words = unwrapped.split(" ")
        while words:
            if len(words) == 1:
                wrapped.append(words.pop(0))
                continue
            low, high = 2, len(words) + 1  # the first i whose prefix words[:i] is too wide, or len + 1
            while low < high:
                middle = (low + high) // 2
                if self._get_rendered_text_width(" ".join(words[:middle])) > line_width:
                    high = middle
                else:
                    low = middle + 1
            wrapped.append(" ".join(words[: low - 1]))
            words = words[low - 1 :]
    return "\n".join(wrapped)


def savefig(fig: Any, target: Any, **kwargs: Any) -> None:
    """``fig.savefig(target, **kwargs)``, with the layout pass that comes before the drawing
    doing the layout only.

    With a layout engine (nato3's charts are constrained), matplotlib draws the figure twice to
    save it: once with drawing switched off, so that the engine lays the figure out, then for
    real with the engine off. That first draw still walks every artist (ticks, texts, lines) for
    nothing: about a fifth of a chart. Here it does what it is for, as ``Figure.draw`` does
    before drawing the artists (their aspect, then the engine), and nothing else; the file is
    byte for byte matplotlib's own. Without an engine, or cut to a tight box (which measures the
    drawn figure), matplotlib's own way is taken."""
    from matplotlib import rcParams

    engine = fig.get_layout_engine()
    if engine is None or kwargs.get("bbox_inches", rcParams["savefig.bbox"]) == "tight":
        fig.savefig(target, **kwargs)
        return
    fig.draw = functools.partial(_lay_out, fig)  # the first draw of savefig only: it removes itself
    try:
        fig.savefig(target, **kwargs)
    finally:
        fig.__dict__.pop("draw", None)


def _lay_out(fig: Any, renderer: Any) -> None:
    """The layout part of ``Figure.draw`` (matplotlib 3.11): each axes' aspect, then the engine."""
    del fig.draw
    with fig._render_lock:
        fig._get_draw_artists(renderer)  # applies each axes' aspect, as the draw does first
        try:
            if fig.axes:
                fig.get_layout_engine().execute(fig)
        except ValueError:  # as Figure.draw: a figure too small to lay out is drawn as it is
            pass
        fig.stale = False


def check_chart_path(path: Path | str) -> Path:
    """Raise a clear error if ``path`` is not a writable .png/.svg/.pdf file path."""
    path = Path(path).expanduser()
    if path.suffix.lower() not in FORMATS:
        raise Nato3Error(f"cannot write chart {path}: use a file ending in {', '.join(sorted(FORMATS))}")
    parent = path.resolve().parent
    if not parent.is_dir():
        raise Nato3Error(f"cannot write chart {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise Nato3Error(f"cannot write chart {path}: directory {parent} is not writable")
    return path


def save(fig: Any, path: Path | str) -> Path:
    """Save ``fig`` to ``path`` atomically (temporary file + rename) and close it."""
    path = check_chart_path(path)
    from nato3.atomicfile import replacing

    plt = pyplot()
    try:
        metadata = {"Date": None} if path.suffix.lower() == ".svg" else None
        with replacing(path, suffix=path.suffix) as tmp:
            savefig(fig, tmp, format=path.suffix.lower().lstrip("."), metadata=metadata)
    finally:
        plt.close(fig)
    return path
