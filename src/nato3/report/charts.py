"""Matplotlib figures as inline SVG for the report page.

The SVG is made fit to sit inside HTML beside other charts: the XML prologue and metadata are
dropped, every id is prefixed with the chart's id (so two charts never share an id), the fixed
size gives way to the viewBox (the chart scales with the page), and a ``<title>`` carries the
text alternative for screen readers.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nato3.report.section import Chart

_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_SIZE = re.compile(r'\s(width|height)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def figure_svg(fig: Any, chart_id: str, alt: str) -> str:
    """Render ``fig`` (then close it) as an SVG element for inline use.

    Args:
        fig: a matplotlib figure, made with :func:`nato3.charts.static.new_figure`.
        chart_id: unique within the page; prefixes every id inside the SVG.
        alt: what the chart shows, in words (the SVG's ``<title>``).
    """
    from nato3.charts.static import pyplot

    buffer = io.StringIO()
    try:
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        pyplot().close(fig)
    return inline_svg(buffer.getvalue(), chart_id, alt)


def inline_svg(text: str, chart_id: str, alt: str) -> str:
    """Make an SVG document (as matplotlib writes it) fit to sit inline in the page."""
    from markupsafe import escape

    svg = _METADATA.sub("", _PROLOGUE.sub("", text, count=1), count=1)
    svg = _ID.sub(lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", svg)
    head_end = svg.index(">")
    head = _SIZE.sub("", svg[:head_end])
    title_id = f"{chart_id}-title"
    return (
        f'{head} role="img" aria-labelledby="{title_id}" class="chart-svg">'
        f'<title id="{title_id}">{escape(alt)}</title>{svg[head_end + 1 :]}'
    ).strip()


def chart(fig: Any, chart_id: str, alt: str, caption: str, source: str) -> Chart:
    """A :class:`Chart` from a matplotlib figure. The source line is drawn on the chart and also
    printed under it in the page."""
    from nato3.charts.static import add_source

    add_source(fig, f"Source: {source}")
    return Chart(id=chart_id, svg=figure_svg(fig, chart_id, alt), alt=alt, caption=caption, source=source)


def drawn_chart(draw: Callable[[Path], Any], chart_id: str, alt: str, caption: str, source: str) -> Chart:
    """A :class:`Chart` from a function that writes its own chart file (with its own source line),
    such as those of :mod:`nato3.ledger.charts`: drawn as SVG into a temporary folder, then inlined."""
    with tempfile.TemporaryDirectory(prefix="nato3-chart-") as folder:
        path = Path(folder) / f"{chart_id}.svg"
        draw(path)
        text = path.read_text(encoding="utf-8")
    return Chart(id=chart_id, svg=inline_svg(text, chart_id, alt), alt=alt, caption=caption, source=source)
