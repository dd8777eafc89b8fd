"""Matplotlib figures as inline SVG for the report page, each drawn once for its inputs.

The SVG is made fit to sit inside HTML beside other charts: the XML prologue and metadata are
dropped, every id is prefixed with the chart's id (so two charts never share an id), the fixed
size gives way to the viewBox (the chart scales with the page), and a ``<title>`` carries the
text alternative for screen readers.

Drawing is most of a report's work that is not computing its documents. A chart is a function of
the documents it is drawn from, its texts and the code, so it is kept in ``$NATO3_HOME/cache``
under a hash of all of them (the documents' content, nato3's code stamp and matplotlib's version,
:func:`kept`): a later report with the same data reads the SVG back instead of drawing it
again, and any change to a document, a text or the code is another name. A file that cannot be
read is drawn again; one that cannot be written costs the next report its speed, no more.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nato3.report.section import Chart

PREFIX = "chart-"
KEEP = 64  # charts kept; the oldest go first (a report draws 8, a few kB to 100 kB each)

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
    from nato3.charts.static import pyplot, savefig

    buffer = io.StringIO()
    try:
        savefig(fig, buffer, format="svg", metadata={"Date": None})
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


def kept(chart_id: str, texts: tuple, inputs: tuple, draw: Callable[[], str]) -> str:
    """The SVG text ``draw()`` makes, kept on disk under a hash of the chart's id, ``texts``,
    ``inputs`` (the documents and values the chart is drawn from, pickled), nato3's code and
    matplotlib's version: read back when it is there, else drawn and kept for the next report."""
    import hashlib
    import io
    import pickle
    from importlib.metadata import version

    from nato3.store import disk_cache

    named = io.BytesIO()
    pickler = pickle.Pickler(named, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: equal values pickle alike whether or not they are one object
    pickler.dump(content((chart_id, texts, inputs)))
    digest = hashlib.sha256(named.getvalue())
    digest.update(f"{disk_cache.code_stamp()} {version('matplotlib')}".encode())  # without importing it
    path = disk_cache.folder() / f"{PREFIX}{_stamp()}-{digest.hexdigest()}{disk_cache.SUFFIX}"
    svg = disk_cache.read(path)
    if not isinstance(svg, str):
        svg = draw()
        disk_cache.write(path, svg, family=f"{PREFIX}*{disk_cache.SUFFIX}", keep=KEEP)
    return svg


def content(value: Any) -> Any:
    """``value`` as plain Python values that pickle to the same bytes whenever the content is the
    same: a frame's own pickle also holds how pandas happens to lay out its blocks, which depends
    on what was done with it before (and differs between the two processes building a report)."""
    if isinstance(value, str | int | float | None):  # most of a document's cells: as they are
        return value
    import dataclasses

    import pandas as pd

    if isinstance(value, pd.DataFrame):
        columns = [_column(value.iloc[:, i]) for i in range(value.shape[1])]
        return ("frame", [str(c) for c in value.columns], content(list(value.index)), columns,
                content(dict(value.attrs)))  # fmt: skip
    if isinstance(value, pd.Series | pd.Index):
        return ("series", str(value.dtype), content(value.tolist()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *((f.name, content(getattr(value, f.name))) for f in fields))
    if isinstance(value, dict):
        return ("dict", *((content(k), content(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return ("set", *sorted(repr(content(v)) for v in value))
    if isinstance(value, list | tuple):
        if set(map(type, value)) <= _PLAIN:  # most lists (a text column, a cell's marks): as they are
            return list(value)
        return [content(v) for v in value]
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})  # values content() returns as they are


def _column(column) -> tuple:
    """One column of a frame: NumPy numbers as their bytes (a frame's numbers are most of a
    document, and their bytes are what they are whatever the layout), anything else as values."""
    values = column.to_numpy()
    if values.dtype.kind in "biuf":
        return ("numbers", str(column.dtype), values.tobytes())
    return ("values", str(column.dtype), content(values.tolist()))


def _stamp() -> str:
    """The code stamp's part of a kept chart's name (see :func:`any_kept`)."""
    from nato3.store import disk_cache

    return disk_cache.code_stamp()[:12]


def any_kept() -> bool:
    """Whether charts drawn by this code are kept (a report before this one drew them): a hint for
    where to import matplotlib, never a reason to skip drawing."""
    from nato3.store import disk_cache

    return any(disk_cache.folder().glob(f"{PREFIX}{_stamp()}-*{disk_cache.SUFFIX}"))


def chart(make: Callable[[], Any], chart_id: str, alt: str, caption: str, source: str, inputs: tuple = ()) -> Chart:
    """A :class:`Chart` from a function making a matplotlib figure from ``inputs`` (see
    :func:`kept`). The source line is drawn on the chart and also printed under it in the page."""

    def draw() -> str:
        from nato3.charts.static import add_source

        fig = make()
        add_source(fig, f"Source: {source}")
        return figure_svg(fig, chart_id, alt)

    svg = kept(chart_id, (alt, caption, source), inputs, draw)
    return Chart(id=chart_id, svg=svg, alt=alt, caption=caption, source=source)


def drawn_chart(
    draw: Callable[[Path], Any], chart_id: str, alt: str, caption: str, source: str, inputs: tuple = ()
) -> Chart:
    """A :class:`Chart` from a function that writes its own chart file (with its own source line)
    from ``inputs`` (see :func:`kept`), such as those of :mod:`nato3.ledger.charts`: drawn as SVG
    into a temporary folder, then inlined."""

    def svg() -> str:
        with tempfile.TemporaryDirectory(prefix="nato3-chart-") as folder:
            path = Path(folder) / f"{chart_id}.svg"
            draw(path)
            text = path.read_text(encoding="utf-8")
        return inline_svg(text, chart_id, alt)

    return Chart(id=chart_id, svg=kept(chart_id, (alt, caption, source), inputs, svg), alt=alt, caption=caption,
                 source=source)  # fmt: skip
